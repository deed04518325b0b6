/**
 * Notices to the team must reach someone. When a notice about an incident finds no way to a
 * person (no address, or their subscriptions are undeliverable), or every delivery of it to
 * them dead-letters or bounces, the incident room is told and their unacknowledged roles pass on.
 */
import { passOnUnreachable } from '../actions/shared/unreachable.js';
import type { Db } from '../store/db.js';
import type { Outcome } from './claim.js';

interface TeamPayload {
  person_ids?: string[];
  incident_ref?: string | null;
}

/** After a team notice is fully expanded: the people it queued nothing for cannot be reached. */
export async function checkTeamExpansion(
  db: Db,
  notificationId: string,
  payload: string,
  at: string,
): Promise<void> {
  const p = JSON.parse(payload) as TeamPayload;
  if (!p.person_ids?.length || !p.incident_ref) return;
  const reached = await db
    .selectFrom('deliveries as d')
    .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
    .select('s.person_id')
    .distinct()
    .where('d.notification_id', '=', notificationId)
    .execute();
  const have = new Set(reached.map((r) => r.person_id));
  for (const id of p.person_ids) {
    if (have.has(id)) continue;
    await passOnUnreachable(
      db,
      p.incident_ref,
      id,
      'there is no email address, phone or chat webhook to reach them on',
      at,
    );
  }
}

/** After outcomes are recorded: a person whose every delivery of a team notice is dead. */
export async function checkDeadTeamNotices(db: Db, outcomes: Outcome[], at: string): Promise<void> {
  const seen = new Set<string>();
  for (const o of outcomes) {
    if (o.kind !== 'dead') continue;
    const row = await db
      .selectFrom('deliveries as d')
      .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
      .innerJoin('notifications as n', 'n.id', 'd.notification_id')
      .select(['d.notification_id', 's.person_id', 'n.payload'])
      .where('d.id', '=', o.id)
      .where('s.person_id', 'is not', null)
      .executeTakeFirst();
    if (!row?.person_id) continue;
    const key = `${row.notification_id} ${row.person_id}`;
    if (seen.has(key)) continue;
    const p = JSON.parse(row.payload) as TeamPayload;
    if (!p.person_ids || !p.incident_ref) continue;
    const alive = await db
      .selectFrom('deliveries as d')
      .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
      .select('d.id')
      .where('d.notification_id', '=', row.notification_id)
      .where('s.person_id', '=', row.person_id)
      .where('d.state', '!=', 'dead')
      .executeTakeFirst();
    if (alive) continue;
    seen.add(key);
    const why = o.undeliverable ? 'their notice bounced' : 'their notice could not be delivered';
    await passOnUnreachable(db, p.incident_ref, row.person_id, `${why} (${o.error})`, at);
  }
}
