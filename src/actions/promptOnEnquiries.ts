/**
 * The scheduler's look at customer reaction (issue #11 part 4): for each open incident, a
 * spike in enquiries (by default more than 3 times the previous hour's rate over 5 minutes; the
 * plan's enquiry_* settings change it) or a run of negative ones prompts the comms lead to post an update, with a draft. Once per kind, incident
 * and quiet period (an hour), even when two instances race. Checked here rather than on each
 * enquiry, so the intake stays fast at any volume. Returns how many prompts it sent.
 */
import {
  draftUpdate,
  ENQUIRY_RULES,
  type EnquiryRules,
  isNegativeRun,
  isSpike,
} from '../domain/enquiry.js';
import { themes } from '../domain/enquiryStats.js';
import { activeIncidents, getEnquiryRules } from '../store/queries/enquiries.js';
import { consoleBase, roleHolder } from '../store/writes/outreach.js';
import { type Ctx, inTransaction, type Tx } from './context.js';
import { addTimeline, notifyPeople } from './shared/team.js';

const MINUTE = 60_000;

export async function promptOnEnquiries(ctx: Ctx): Promise<number> {
  const db = ctx.store.db;
  const t = ctx.clock.now().getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  const r = await getEnquiryRules(db);
  let sent = 0;
  for (const incident of await activeIncidents(db)) {
    const count = async (from: number, to: number) =>
      Number(
        (
          await db
            .selectFrom('enquiries')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('incident_id', '=', incident.id)
            .where('received_at', '>', iso(from))
            .where('received_at', '<=', iso(to))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const windowStart = t - r.spikeWindowMinutes * MINUTE;
    const inWindow = await count(windowStart, t);
    if (inWindow === 0) continue;
    const kinds: string[] = [];
    if (isSpike(inWindow, await count(windowStart - r.baselineMinutes * MINUTE, windowStart), r))
      kinds.push('spike');
    const recent = await db
      .selectFrom('enquiries')
      .select('negative')
      .where('incident_id', '=', incident.id)
      .where('processed', '=', 1)
      .where('received_at', '<=', iso(t))
      .orderBy('received_at', 'desc')
      .limit(r.negativeRun)
      .execute();
    if (
      isNegativeRun(
        recent.map((x) => Number(x.negative) === 1),
        r,
      )
    )
      kinds.push('negative_run');
    for (const kind of kinds)
      if (await inTransaction(ctx, { scope: 'write' }, (tx) => prompt(tx, incident, kind, r)))
        sent++;
  }
  return sent;
}

async function prompt(
  tx: Tx,
  incident: { id: string; name: string; components: string[] },
  kind: string,
  rules: EnquiryRules,
): Promise<boolean> {
  const quiet = new Date(Date.parse(tx.at) - ENQUIRY_RULES.promptQuietMinutes * MINUTE);
  const recent = await tx.db
    .selectFrom('enquiry_prompts')
    .select('id')
    .where('incident_id', '=', incident.id)
    .where('kind', '=', kind)
    .where('created_at', '>', quiet.toISOString())
    .executeTakeFirst();
  if (recent) return false;
  const bodies = await tx.db
    .selectFrom('enquiries')
    .select('body')
    .where('incident_id', '=', incident.id)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  const draft = draftUpdate({
    name: incident.name,
    components: incident.components,
    themes: themes(
      bodies.map((b) => b.body),
      3,
    ).map((x) => x.theme),
  });
  const lead = await roleHolder(tx.db, incident.id, 'comms_lead', tx.at);
  // one prompt of a kind per incident and hour, even when two instances race
  const slot = Math.floor(Date.parse(tx.at) / (ENQUIRY_RULES.promptQuietMinutes * MINUTE));
  const inserted = await tx.db
    .insertInto('enquiry_prompts')
    .values({
      id: `${incident.id}:${kind}:${slot}`,
      incident_id: incident.id,
      kind,
      person_id: lead?.id ?? null,
      draft,
      created_at: tx.at,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (!inserted.numInsertedOrUpdatedRows) return false;
  const what =
    kind === 'spike'
      ? 'Enquiries about this incident are spiking'
      : `The last ${rules.negativeRun} enquiries about this incident are negative`;
  await addTimeline(
    tx.db,
    incident.id,
    'system',
    `${what}: the comms lead is asked to post an update.`,
    'flare',
    tx.at,
  );
  if (lead)
    await notifyPeople(
      tx.db,
      [lead.id],
      {
        subject: `${what}: please post an update (${incident.name})`,
        text: `${what}. Please post an update. A draft:\n\n${draft}`,
        action_url: `${await consoleBase(tx.db)}/console/incidents/${encodeURIComponent(incident.id)}`,
        action_label: 'Open the incident',
      },
      tx.at,
      incident.id,
    );
  await tx.audit({
    action: 'enquiry.prompt',
    entityType: 'incident',
    entityId: incident.id,
    after: { kind, person_id: lead?.id ?? null, draft },
  });
  return true;
}
