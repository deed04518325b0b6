/** Which of the plan's audiences an incident's notice tells, resolved to their rules. */
import type { KeyAccountRule, ResolvedTarget } from '../../domain/audience.js';
import { notifiedTargets } from '../../domain/severity.js';
import type { Db } from '../db.js';
import { getKeyRule, listAudiences } from './audiences.js';
import { getSeverity } from './team.js';

export interface IncidentTargets {
  targets: ResolvedTarget[];
  keyRule: KeyAccountRule;
}

/**
 * The audiences told of an incident's update: the ones the update named (each on the channels
 * and with the outreach its severity gives it, else as the audience is defined), or, when it
 * named none, the ones its severity notifies.
 */
export async function incidentTargets(
  db: Db,
  incidentId: string,
  named?: readonly string[],
): Promise<IncidentTargets> {
  const incident = await db
    .selectFrom('incidents')
    .select('severity')
    .where('id', '=', incidentId)
    .executeTakeFirst();
  const sev = incident?.severity ? await getSeverity(db, incident.severity) : undefined;
  const audiences = await listAudiences(db);
  return { targets: notifiedTargets(named, sev, audiences), keyRule: await getKeyRule(db) };
}
