/** Alert integrations and their groups as stored (secrets sealed; lib/secretBox.ts opens them). */
import type { AlertMapping } from '../../domain/alerts.js';
import type { Db } from '../db.js';
import type { AlertGroupTable, AlertIntegrationTable } from '../schema.js';

export interface AlertIntegration extends Omit<AlertIntegrationTable, 'mapping'> {
  mapping: AlertMapping;
}

const toIntegration = (r: AlertIntegrationTable): AlertIntegration => ({
  ...r,
  mapping: JSON.parse(r.mapping) as AlertMapping,
});

export async function listIntegrations(db: Db): Promise<AlertIntegration[]> {
  const rows = await db.selectFrom('alert_integrations').selectAll().orderBy('id').execute();
  return rows.map(toIntegration);
}

export async function getIntegration(db: Db, id: string): Promise<AlertIntegration | undefined> {
  const r = await db
    .selectFrom('alert_integrations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return r && toIntegration(r);
}

export async function listAlertGroups(
  db: Db,
  f: { integrationId?: string; incidentId?: string; limit?: number } = {},
): Promise<AlertGroupTable[]> {
  let q = db.selectFrom('alert_groups').selectAll();
  if (f.integrationId) q = q.where('integration_id', '=', f.integrationId);
  if (f.incidentId) q = q.where('incident_id', '=', f.incidentId);
  return q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit ?? 100)
    .execute();
}
