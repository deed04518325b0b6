/** Opening and carrying out approval requests. Each runs in the caller's transaction. */
import { newId } from '../../lib/ids.js';
import type { Db } from '../../store/db.js';
import type { Severity } from '../../store/queries/team.js';
import { enqueueNotification } from '../../store/writes/outbox.js';
import { outreachForUpdate } from '../../store/writes/outreach.js';
import type { Ctx } from '../context.js';
import { briefingForUpdate } from './briefing.js';
import { settleComponents } from './incidentWrites.js';
import { addTimeline, notifyPeople } from './team.js';

export type ApprovalRequest =
  | { kind: 'publish_draft'; incident_id: string }
  | {
      kind: 'post_update';
      incident_id: string;
      update: {
        status: string;
        body: string;
        components?: Record<string, string>;
        next_update_in_minutes?: number;
        deliver_notifications?: boolean;
      };
    };

export async function openApproval(
  db: Db,
  ctx: Ctx,
  o: {
    incidentId: string;
    incidentName: string;
    severity: Severity;
    request: ApprovalRequest;
    at: Date;
    approverIds: string[];
  },
): Promise<string> {
  const id = newId();
  const at = o.at.toISOString();
  const expires = new Date(
    o.at.getTime() + o.severity.settings.approvalTimeBoxMinutes * 60_000,
  ).toISOString();
  await db
    .insertInto('approvals')
    .values({
      id,
      incident_id: o.incidentId,
      request: JSON.stringify(o.request),
      state: 'pending',
      requested_by: ctx.actor.id,
      requested_at: at,
      expires_at: expires,
      escalated_at: null,
      decided_by: null,
      decided_at: null,
      note: null,
    })
    .execute();
  const minutes = o.severity.settings.approvalTimeBoxMinutes;
  const after = o.severity.settings.autoPublishOnTimeout
    ? `it publishes by itself in ${minutes} minutes`
    : `it escalates in ${minutes} minutes`;
  await notifyPeople(
    db,
    o.approverIds,
    {
      subject: `Approval needed: ${o.incidentName}`,
      text: `A message for "${o.incidentName}" is waiting for your approval (${ctx.actor.id} wrote it). Approve, edit or reject it in one step; ${after}.`,
    },
    at,
    o.incidentId,
  );
  await addTimeline(
    db,
    o.incidentId,
    'system',
    `Message sent for approval by ${ctx.actor.id}; ${after}.`,
    'flare',
    at,
  );
  return id;
}

/** Makes a draft incident public and queues its first notification. */
export async function publishDraft(db: Db, incidentId: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('incidents')
    .set({ draft: 0, updated_at: at })
    .where('id', '=', incidentId)
    .where('draft', '=', 1)
    .where('drill', '=', 0)
    .executeTakeFirst();
  if (!Number(r.numUpdatedRows)) return false;
  // its components go public now, at the worst status an open incident holds them at
  await settleComponents(db, { id: incidentId, kind: 'incident' }, [], at);
  // a request still waiting for this draft is moot once it is public
  await db
    .updateTable('approvals')
    .set({ state: 'superseded', decided_at: at, decided_by: 'system:published' })
    .where('incident_id', '=', incidentId)
    .where('state', 'in', ['pending', 'escalated'])
    .execute();
  // subscribers first hear the incident as it stands now: its latest update
  const first = await db
    .selectFrom('incident_updates')
    .select([
      'id',
      'status',
      'affected_components',
      'deliver_notifications',
      'visibility',
      'audiences',
      'body',
    ])
    .where('incident_id', '=', incidentId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (first) {
    await db
      .updateTable('incident_updates')
      .set({ deliver_notifications: 1 })
      .where('id', '=', first.id)
      .execute();
    await enqueueNotification(db, {
      kind: 'incident.created',
      incidentId,
      updateId: first.id,
      payload: {
        status: first.status,
        affected_components: first.affected_components ? JSON.parse(first.affected_components) : [],
        ...(first.audiences ? { audience_keys: JSON.parse(first.audiences) as string[] } : {}),
        ...(first.visibility === 'audiences' ? { public: false } : {}),
      },
      at,
    });
    // outreach (issue #9 part 4): the draft's key accounts get their tasks once it is out
    await outreachForUpdate(db, {
      incidentId,
      updateId: first.id,
      body: first.body,
      audiences: first.audiences ? (JSON.parse(first.audiences) as string[]) : null,
      at,
    });
  }
  // briefing (issue #11): the pack's first version, now that there is a public statement
  await briefingForUpdate(db, { id: incidentId, kind: 'incident', draft: 0, drill: 0 }, at);
  return true;
}
