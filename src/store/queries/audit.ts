import type { Db } from '../db.js';

export interface AuditRecord {
  id: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  at: string;
}

export async function listAudit(
  db: Db,
  f: { entityId?: string; action?: string; limit?: number; before?: string } = {},
): Promise<AuditRecord[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.before) q = q.where('id', '<', f.before);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(f.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    ...r,
    before: r.before ? JSON.parse(r.before) : null,
    after: r.after ? JSON.parse(r.after) : null,
  }));
}
