import { followUpsDue, readMinutes } from '../domain/briefing.js';
import { type BriefingVersion, latestBriefing } from '../store/queries/briefings.js';
import { getPage } from '../store/queries/page.js';
import { roleHolder } from '../store/writes/outreach.js';
import { type Ctx, inTransaction, type Tx } from './context.js';
import { briefingLink } from './shared/briefing.js';
import { addTimeline, notifyPeople } from './shared/team.js';

/** Versions older than this are left alone (an old incident's pack is not chased). */
const WINDOW_MS = 24 * 3_600_000;

/**
 * The briefing timer, run by the scheduler. For each incident's latest briefing version: push
 * it to each recipient with their signed link; whoever has not read it within the plan's time
 * is reminded once; after twice that time, the comms lead is told once of who has not. Each
 * send is a `briefing_sends` row inserted in the notice's transaction, so a second tick, a
 * restart or a second process sends nothing twice.
 */
export async function followUpBriefings(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - WINDOW_MS).toISOString();
  const recent = await ctx.store.db
    .selectFrom('briefings as b')
    .innerJoin('incidents as i', 'i.id', 'b.incident_id')
    .select(['b.incident_id', 'i.status'])
    .distinct()
    .where('b.created_at', '>=', since)
    .where('i.drill', '=', 0)
    .where('i.draft', '=', 0)
    .execute();
  if (recent.length === 0) return 0;
  const setting = await ctx.store.db
    .selectFrom('plan_settings')
    .select('value')
    .where('key', '=', 'briefing_read_minutes')
    .executeTakeFirst();
  const minutes = readMinutes(setting?.value);
  const page = await getPage(ctx.store.db);
  const base = (page?.url ?? ctx.fallbackUrl ?? 'http://localhost:8080').replace(/\/+$/, '');
  let sent = 0;
  for (const { incident_id, status } of recent) {
    const b = await latestBriefing(ctx.store.db, incident_id);
    if (!b || b.created_at < since) continue;
    // a closed incident's last version is pushed, but nobody is chased to read it
    const closed = ['resolved', 'postmortem', 'completed'].includes(status);
    const due = closed
      ? { remind: false, escalate: false }
      : followUpsDue(b.created_at, now, minutes);
    if (!(await anythingDue(ctx, b, due))) continue; // most ticks: a read, no write lock
    sent += await inTransaction(ctx, { scope: 'write' }, (tx) => followUp(ctx, tx, b, due, base));
  }
  return sent;
}

/** Whether a notice, reminder or escalation of this version is still unsent. */
async function anythingDue(
  ctx: Ctx,
  b: BriefingVersion,
  due: { remind: boolean; escalate: boolean },
): Promise<boolean> {
  const db = ctx.store.db;
  const [sends, acks] = await Promise.all([
    db
      .selectFrom('briefing_sends')
      .select(['kind', 'person_id'])
      .where('incident_id', '=', b.incident_id)
      .where('version', '=', b.version)
      .execute(),
    db
      .selectFrom('briefing_acks')
      .select('person_id')
      .where('incident_id', '=', b.incident_id)
      .where('version', '=', b.version)
      .execute(),
  ]);
  const done = new Set(sends.map((r) => `${r.kind}:${r.person_id}`));
  const read = new Set(acks.map((a) => a.person_id));
  const unread = b.pack.recipients.filter((p) => !read.has(p));
  return (
    b.pack.recipients.some((p) => !done.has(`notice:${p}`)) ||
    (due.remind && unread.some((p) => !done.has(`reminder:${p}`))) ||
    (due.escalate && unread.length > 0 && !done.has('escalation:*'))
  );
}

async function claim(tx: Tx, b: BriefingVersion, kind: string, personId: string) {
  const r = await tx.db
    .insertInto('briefing_sends')
    .values({
      incident_id: b.incident_id,
      version: b.version,
      kind,
      person_id: personId,
      at: tx.at,
    })
    .onConflict((oc) => oc.columns(['incident_id', 'version', 'kind', 'person_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

async function followUp(
  ctx: Ctx,
  tx: Tx,
  b: BriefingVersion,
  due: { remind: boolean; escalate: boolean },
  base: string,
): Promise<number> {
  const name = b.pack.incident_name;
  const acked = new Set(
    (
      await tx.db
        .selectFrom('briefing_acks')
        .select('person_id')
        .where('incident_id', '=', b.incident_id)
        .where('version', '=', b.version)
        .execute()
    ).map((a) => a.person_id),
  );
  let sent = 0;
  for (const personId of b.pack.recipients) {
    const link = briefingLink(ctx.secretKey, base, b.incident_id, b.version, personId);
    const tell = async (kind: string, subject: string, text: string) => {
      if (!(await claim(tx, b, kind, personId))) return;
      await notifyPeople(
        tx.db,
        [personId],
        { subject, text, action_url: link, action_label: 'Read the briefing' },
        tx.at,
        b.incident_id,
      );
      sent++;
    };
    await tell(
      'notice',
      `Briefing v${b.version}: ${name}`,
      `The customer briefing for "${name}" has a new version (${b.version}). Read it before you talk to customers, and confirm you have read it.`,
    );
    if (due.remind && !acked.has(personId))
      await tell(
        'reminder',
        `Reminder — please read briefing v${b.version}: ${name}`,
        `You have not yet confirmed reading version ${b.version} of the customer briefing for "${name}".`,
      );
  }
  const unread = b.pack.recipients.filter((p) => !acked.has(p));
  if (due.escalate && unread.length && (await claim(tx, b, 'escalation', '*'))) {
    const people = await tx.db
      .selectFrom('people')
      .select(['id', 'name'])
      .where('id', 'in', unread)
      .orderBy('name')
      .execute();
    const lead = await roleHolder(tx.db, b.incident_id, 'comms_lead', tx.at);
    const names = people.map((p) => p.name).join(', ');
    await notifyPeople(
      tx.db,
      lead ? [lead.id] : [],
      {
        subject: `Briefing v${b.version} unread: ${name}`,
        text: `Not yet read after ${Math.round((Date.parse(tx.at) - Date.parse(b.created_at)) / 60_000)} minutes, despite a reminder: ${names}.`,
        action_url: `${base}/console/incidents/${encodeURIComponent(b.incident_id)}/briefing`,
        action_label: 'See the briefing',
      },
      tx.at,
      b.incident_id,
    );
    await addTimeline(
      tx.db,
      b.incident_id,
      'system',
      `Briefing version ${b.version} is still unread by ${names}; the comms lead was told.`,
      'flare',
      tx.at,
    );
    sent++;
  }
  return sent;
}
