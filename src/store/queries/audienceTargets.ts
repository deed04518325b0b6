/** Which of the plan's audiences an incident's notice tells, resolved to their rules. */
import type { KeyAccountRule, ResolvedTarget } from '../../domain/audience.js';
import { notifiedTargets } from '../../domain/severity.js';
import type { Db } from '../db.js';
import { getKeyRule, listAudiences } from './audiences.js';
import { getSeverity, type Severity } from './team.js';

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
  /** the incident's severity when the caller has read it already (null: it has none) */
  severity?: Severity | null,
): Promise<IncidentTargets> {
  const sev =
    severity === undefined ? await incidentSeverity(db, incidentId) : (severity ?? undefined);
  const audiences = await listAudiences(db);
  return { targets: notifiedTargets(named, sev, audiences), keyRule: await getKeyRule(db) };
}

/** The severity an incident was declared with, if any. */
export async function incidentSeverity(db: Db, incidentId: string): Promise<Severity | undefined> {
  const incident = await db
    .selectFrom('incidents')
    .select('severity')
    .where('id', '=', incidentId)
    .executeTakeFirst();
  return incident?.severity ? getSeverity(db, incident.severity) : undefined;
}
