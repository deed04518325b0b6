/** Shared by the debrief action-item actions: finding the owner, and telling them. */
import { invalid } from '../../domain/errors.js';
import { fmtDateTime, pageZone } from '../../lib/format.js';
import type { Db } from '../../store/db.js';
import type { Ctx } from '../context.js';
import { baseUrl } from './handovers.js';
import { resolvePerson } from './planRefs.js';
import { notifyPeople } from './team.js';

/** The person an owner reference names (id, email or name), or an error on `field`. */
export async function resolveOwner(db: Db, ref: string, field = 'owner_id') {
  const team = await db.selectFrom('people').select(['id', 'name', 'email', 'time_zone']).execute();
  const found = team.find((p) => p.id === ref) ?? resolvePerson(team, ref).person;
  if (found) return found;
  const problem = resolvePerson(team, ref).problem ?? '';
  throw invalid({
    [field]: problem.startsWith('is ambiguous')
      ? problem
      : `${ref} is not on the team (see \`flare team list\` or GET /api/v1/people)`,
  });
}

export const debriefLink = (base: string, incidentId: string) =>
  `${base}/console/incidents/${encodeURIComponent(incidentId)}/debrief#action-items`;

/** Tells an owner, on their internal channels, that an action item is theirs or overdue. */
export async function tellOwner(
  ctx: Ctx,
  db: Db,
  kind: 'assigned' | 'overdue',
  a: { owner_id: string; incident_id: string; text: string; due_at: string },
  at: string,
): Promise<void> {
  const person = await db
    .selectFrom('people')
    .select('time_zone')
    .where('id', '=', a.owner_id)
    .executeTakeFirst();
  const incident = await db
    .selectFrom('incidents')
    .select('name')
    .where('id', '=', a.incident_id)
    .executeTakeFirst();
  const name = incident?.name ?? a.incident_id;
  const due = fmtDateTime(a.due_at, pageZone(person?.time_zone || 'UTC'));
  const short = a.text.length > 80 ? `${a.text.slice(0, 79)}…` : a.text;
  await notifyPeople(
    db,
    [a.owner_id],
    kind === 'assigned'
      ? {
          subject: `Debrief action for you, due ${due}: ${short}`,
          text: `The debrief of "${name}" gave you an action item, due ${due}:\n\n${a.text}\n\nMark it done on the debrief page when it is.`,
          action_url: debriefLink(await baseUrl(ctx, db), a.incident_id),
          action_label: 'Open the debrief',
        }
      : {
          subject: `Overdue debrief action (due ${due}): ${short}`,
          text: `Your action item from the debrief of "${name}" was due ${due} and is still open:\n\n${a.text}\n\nMark it done, or change its due time, on the debrief page.`,
          action_url: debriefLink(await baseUrl(ctx, db), a.incident_id),
          action_label: 'Open the debrief',
        },
    at,
    a.incident_id,
  );
}
