/** Team steps shared by declaring, escalating and reminding. Each runs in the caller's transaction. */
import { effectiveHours } from '../../domain/handover.js';
import { onCallOrder } from '../../domain/team.js';
import { newId } from '../../lib/ids.js';
import { sign } from '../../lib/signing.js';
import type { Db } from '../../store/db.js';
import { listRegions } from '../../store/queries/handovers.js';
import { getRole } from '../../store/queries/team.js';
import { enqueueNotification } from '../../store/writes/outbox.js';

export interface Assignment {
  role_key: string;
  role_name: string;
  person_id: string;
  person_name: string;
}

/** Picks the on-call person for a role: the given one, else the first in the rotation's on-call order. */
export async function pickAssignee(
  db: Db,
  roleKey: string,
  at: Date,
  explicit?: string,
  skip: string[] = [],
): Promise<Assignment | null> {
  const role = await getRole(db, roleKey);
  if (!role) return null;
  if (explicit) {
    const p = await db
      .selectFrom('people')
      .select(['id', 'name'])
      .where('id', '=', explicit)
      .executeTakeFirst();
    return p
      ? { role_key: roleKey, role_name: role.name, person_id: p.id, person_name: p.name }
      : null;
  }
  // a person without hours of their own works their region's (follow the sun)
  const regions = await listRegions(db);
  const rotation = role.rotation.map((p) => ({ ...p, ...effectiveHours(p, regions) }));
  const order = onCallOrder(rotation, at).filter((p) => !skip.includes(p.id));
  const first = order[0];
  return first
    ? { role_key: roleKey, role_name: role.name, person_id: first.id, person_name: first.name }
    : null;
}

export async function addTimeline(
  db: Db,
  incidentId: string,
  kind: string,
  body: string,
  author: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('incident_timeline')
    .values({ id: newId(), incident_id: incidentId, kind, body, author, at })
    .execute();
}

/** Tells team members through their internal subscriptions (email, SMS, Slack, Teams). */
export async function notifyPeople(
  db: Db,
  personIds: string[],
  data: { subject: string; text: string; action_url?: string; action_label?: string },
  at: string,
  incidentId: string | null = null,
): Promise<void> {
  const ids = [...new Set(personIds)].filter(Boolean);
  if (ids.length === 0) return;
  await enqueueNotification(db, {
    kind: 'team.notice',
    incidentId: null,
    payload: { audience: 'internal', person_ids: ids, incident_ref: incidentId, data },
    at,
  });
}

/** A link a person follows to acknowledge an assignment, signed so it needs no login. */
export function ackLink(
  key: Buffer,
  pageUrl: string,
  incidentId: string,
  roleKey: string,
  personId: string,
): string {
  const subject = `${incidentId}:${roleKey}:${personId}`;
  return `${pageUrl.replace(/\/+$/, '')}/team/ack/${encodeURIComponent(incidentId)}/${encodeURIComponent(roleKey)}/${encodeURIComponent(personId)}?sig=${sign(key, 'ack', subject)}`;
}
