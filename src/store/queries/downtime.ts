/** How long an incident's outage lasted on its components, in words (the `downtime` variable). */
import { downtimeMs, humanDuration } from '../../domain/digest.js';
import type { Db } from '../db.js';

export async function incidentDowntime(
  db: Db,
  incident: { id: string; started_at: string },
  end: Date,
): Promise<string> {
  const changes = await db
    .selectFrom('component_status_history')
    .select(['component_id', 'status', 'at'])
    .where('cause_type', '=', 'incident')
    .where('cause_id', '=', incident.id)
    .orderBy('at')
    .execute();
  // no component was taken down by it: the incident's own span
  const ms = changes.length
    ? downtimeMs(changes, end)
    : end.getTime() - Date.parse(incident.started_at);
  return humanDuration(ms);
}
