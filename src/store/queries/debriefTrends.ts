/** The debrief's trends over a period (issue #14), each compared with the plan's target. */
import { trendSummary } from '../../domain/debrief.js';
import { compareWithTargets, TARGET_DEFAULTS, targetsFrom } from '../../domain/debriefTargets.js';
import type { Db } from '../db.js';
import { readTrendIncidents } from './debrief.js';

/** The plan's trend targets (the plan_settings rows over the defaults). */
export async function readTrendTargets(db: Db) {
  const rows = await db
    .selectFrom('plan_settings')
    .select(['key', 'value'])
    .where('key', 'in', Object.keys(TARGET_DEFAULTS))
    .execute();
  return targetsFrom(Object.fromEntries(rows.map((r) => [r.key, r.value])));
}

/** Incidents started in [from, to): the trends, each with its target, and the per-incident figures. */
export async function readTrends(db: Db, from: string, to: string, now: string) {
  const [incidents, targets] = await Promise.all([
    readTrendIncidents(db, from, to, now),
    readTrendTargets(db),
  ]);
  const trends = trendSummary(incidents);
  return { from, to, trends, targets: compareWithTargets(trends, targets), incidents };
}
