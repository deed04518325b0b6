/**
 * Processing one stored enquiry (issue #11 part 3): match the sender to an account and contact,
 * link it to an incident, score its sentiment, flag key accounts, escalate, and prompt the comms
 * lead on a spike or a negative run. One transaction that first claims the row (processed 0 → 1),
 * so a row is processed once even when the scheduler and the intake race; a failure rolls it all
 * back, and the raw row waits for its next attempt.
 */
import { sql } from 'kysely';
import { isKeyAccount } from '../../domain/audience.js';
import {
  draftUpdate,
  ENQUIRY_RULES,
  enquiryFlags,
  escalationReason,
  isNegative,
  isNegativeRun,
  isSpike,
  linkIncident,
  parseSender,
  type Sender,
  themes,
} from '../../domain/enquiry.js';
import { scoreSentiment } from '../../lib/sentiment.js';
import type { Db } from '../../store/db.js';
import { getKeyRule } from '../../store/queries/audiences.js';
import { activeIncidents } from '../../store/queries/enquiries.js';
import { consoleBase, roleHolder } from '../../store/writes/outreach.js';
import { type Ctx, inTransaction, type Tx } from '../context.js';
import { addTimeline, notifyPeople } from './team.js';

const MINUTE = 60_000;

/** The contact (and so the account) a sender is: by address, else email domain, else phone. */
export async function matchSender(
  db: Db,
  who: Sender,
): Promise<{ account_id: string; contact_id: string | null } | null> {
  const contacts = db
    .selectFrom('subscribers')
    .select(['id', 'account_id'])
    .where('account_id', 'is not', null)
    .orderBy('id')
    .limit(1);
  const key = who.email ?? who.phone;
  if (key) {
    const r = await contacts
      .where('channel', '=', who.email ? 'email' : 'sms')
      .where('address_key', '=', key)
      .executeTakeFirst();
    if (r?.account_id) return { account_id: r.account_id, contact_id: r.id };
  }
  if (who.domain) {
    const like = `%@${who.domain.replace(/[\\%_]/g, (c) => `\\${c}`)}`;
    const r = await contacts
      .where('channel', '=', 'email')
      .where(sql<boolean>`address_key like ${like} escape '\\'`)
      .executeTakeFirst();
    if (r?.account_id) return { account_id: r.account_id, contact_id: null };
  }
  return null;
}

/** Processes one enquiry; false when it was already processed. */
export async function processEnquiry(ctx: Ctx, id: string): Promise<boolean> {
  return inTransaction(ctx, { scope: 'write' }, async (tx) => {
    const claim = await tx.db
      .updateTable('enquiries')
      .set({ processed: 1, attempts: sql`attempts + 1`, updated_at: tx.at })
      .where('id', '=', id)
      .where('processed', '=', 0)
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) === 0) return false;
    const e = await tx.db
      .selectFrom('enquiries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const text = `${e.subject ?? ''}\n${e.body}`;
    const match = await matchSender(tx.db, parseSender(e.sender));
    const incidentId =
      Number(e.incident_pinned) === 1
        ? e.incident_id
        : linkIncident(text, await activeIncidents(tx.db));
    const score = scoreSentiment(text);
    const flags = enquiryFlags(text);
    const negative = isNegative(score.comparative, flags);
    const account = match
      ? await tx.db
          .selectFrom('accounts')
          .select(['id', 'name', 'tier', 'criticality', 'account_manager_id'])
          .where('id', '=', match.account_id)
          .executeTakeFirst()
      : undefined;
    const key = account ? isKeyAccount(account, await getKeyRule(tx.db)) : false;
    const reason = escalationReason({
      keyAccount: key,
      criticality: account?.criticality ?? null,
      negative,
    });
    const after = {
      incident_id: incidentId,
      account_id: account?.id ?? null,
      contact_id: match?.contact_id ?? null,
      key_account: key ? 1 : 0,
      sentiment: score.comparative,
      sentiment_score: score.score,
      negative: negative ? 1 : 0,
      flags: JSON.stringify(flags),
      status: reason && e.status === 'new' ? 'escalated' : e.status,
      escalation: reason,
      last_error: null,
      next_attempt_at: null,
    };
    await tx.db.updateTable('enquiries').set(after).where('id', '=', id).execute();
    if (reason && account) await escalate(tx, { id, incidentId, account, reason });
    if (incidentId) await promptCommsLead(tx, incidentId, e.received_at);
    await tx.audit({
      action: 'enquiry.process',
      entityType: 'enquiry',
      entityId: id,
      after: { ...after, flags },
    });
    return true;
  });
}

const enquiryLink = (base: string, id: string) =>
  `${base}/console/enquiries/${encodeURIComponent(id)}`;

/** A key account's enquiry, or a critical account's angry one: to its manager and the comms lead. */
async function escalate(
  tx: Tx,
  e: {
    id: string;
    incidentId: string | null;
    account: { name: string; account_manager_id: string | null };
    reason: string;
  },
): Promise<void> {
  const lead = await roleHolder(tx.db, e.incidentId ?? '', 'comms_lead', tx.at);
  const why =
    e.reason === 'key_account' ? 'a key account' : 'a critical account, and it is negative';
  const people = [e.account.account_manager_id, lead?.id].filter((p): p is string => Boolean(p));
  await notifyPeople(
    tx.db,
    people,
    {
      subject: `Enquiry from ${e.account.name} (${e.reason === 'key_account' ? 'key account' : 'negative, critical account'})`,
      text: `${e.account.name} has sent an enquiry: ${why}. Please answer it from the enquiries inbox.`,
      action_url: enquiryLink(await consoleBase(tx.db), e.id),
      action_label: 'Open the enquiry',
    },
    tx.at,
    e.incidentId,
  );
  if (e.incidentId)
    await addTimeline(
      tx.db,
      e.incidentId,
      'system',
      `An enquiry from ${e.account.name} (${why}) was escalated to ${people.length ? 'its account manager and the comms lead' : 'nobody: no account manager nor comms lead'}.`,
      'flare',
      tx.at,
    );
}

/** A spike in volume or a run of negative enquiries: the comms lead is asked to post an update. */
async function promptCommsLead(tx: Tx, incidentId: string, receivedAt: string): Promise<void> {
  const r = ENQUIRY_RULES;
  const t = Date.parse(receivedAt);
  const iso = (ms: number) => new Date(ms).toISOString();
  const count = async (from: number, to: number) =>
    Number(
      (
        await tx.db
          .selectFrom('enquiries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('incident_id', '=', incidentId)
          .where('received_at', '>', iso(from))
          .where('received_at', '<=', iso(to))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const windowStart = t - r.spikeWindowMinutes * MINUTE;
  const spike = isSpike(
    await count(windowStart, t),
    await count(windowStart - r.baselineMinutes * MINUTE, windowStart),
  );
  const recent = await tx.db
    .selectFrom('enquiries')
    .select('negative')
    .where('incident_id', '=', incidentId)
    .where('processed', '=', 1)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(r.negativeRun)
    .execute();
  const run = isNegativeRun(recent.map((x) => Number(x.negative) === 1));
  for (const kind of [spike && 'spike', run && 'negative_run'].filter(Boolean) as string[])
    await prompt(tx, incidentId, kind);
}

async function prompt(tx: Tx, incidentId: string, kind: string): Promise<void> {
  const quiet = new Date(Date.parse(tx.at) - ENQUIRY_RULES.promptQuietMinutes * MINUTE);
  const recent = await tx.db
    .selectFrom('enquiry_prompts')
    .select('id')
    .where('incident_id', '=', incidentId)
    .where('kind', '=', kind)
    .where('created_at', '>', quiet.toISOString())
    .executeTakeFirst();
  if (recent) return;
  const incident = await tx.db
    .selectFrom('incidents')
    .select('name')
    .where('id', '=', incidentId)
    .executeTakeFirst();
  if (!incident) return;
  const components = await tx.db
    .selectFrom('incident_components as ic')
    .innerJoin('components as c', 'c.id', 'ic.component_id')
    .select('c.name')
    .where('ic.incident_id', '=', incidentId)
    .orderBy('c.name')
    .execute();
  const bodies = await tx.db
    .selectFrom('enquiries')
    .select('body')
    .where('incident_id', '=', incidentId)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  const draft = draftUpdate({
    name: incident.name,
    components: components.map((c) => c.name),
    themes: themes(
      bodies.map((b) => b.body),
      3,
    ).map((x) => x.theme),
  });
  const lead = await roleHolder(tx.db, incidentId, 'comms_lead', tx.at);
  // one prompt of a kind per incident and hour, even when two processes race
  const slot = Math.floor(Date.parse(tx.at) / (ENQUIRY_RULES.promptQuietMinutes * MINUTE));
  const inserted = await tx.db
    .insertInto('enquiry_prompts')
    .values({
      id: `${incidentId}:${kind}:${slot}`,
      incident_id: incidentId,
      kind,
      person_id: lead?.id ?? null,
      draft,
      created_at: tx.at,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (!inserted.numInsertedOrUpdatedRows) return;
  const what =
    kind === 'spike'
      ? 'Enquiries about this incident are spiking'
      : `The last ${ENQUIRY_RULES.negativeRun} enquiries about this incident are negative`;
  await addTimeline(
    tx.db,
    incidentId,
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
        action_url: `${await consoleBase(tx.db)}/console/incidents/${encodeURIComponent(incidentId)}`,
        action_label: 'Open the incident',
      },
      tx.at,
      incidentId,
    );
}
