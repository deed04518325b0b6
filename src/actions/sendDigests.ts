/**
 * Customer digests (issue #12): at 08:00 in each contact's own time zone (the subscriber's, else
 * its account's, else the page's), an email summary of what changed since that contact's last
 * digest: the updates, the current status and the next promised update. It goes to everyone a
 * long incident reaches (open longer than the plan's `digest_after_hours`, default 4) and to
 * whoever chose a digest; once per contact and local day, and not at all when nothing changed.
 *
 * Once per day is a row in digest_sends (primary key: subscriber and local day), written in the
 * same transaction as the digest's outbox row: a restart, or two schedulers racing, send it once.
 * Run by the scheduler.
 */
import {
  DEFAULT_DIGEST_AFTER_HOURS,
  type DigestIncidentView,
  digestDay,
  digestMessage,
} from '../domain/digest.js';
import { INCIDENT_STATUS_LABEL } from '../domain/status.js';
import type { AnyIncidentStatus } from '../domain/types.js';
import { htmlToText } from '../lib/htmlText.js';
import { newId } from '../lib/ids.js';
import { renderMarkdown } from '../lib/markdown.js';
import { incidentUrl, pageUrl } from '../present/v2.js';
import {
  candidateComponents,
  type DigestCandidate,
  type DigestIncident,
  type DigestUpdate,
  digestCandidates,
  digestIncidents,
  lastDigests,
  updatesSince,
} from '../store/queries/digests.js';
import { getPage } from '../store/queries/page.js';
import { loadPlanSettings } from '../store/queries/plan.js';
import { enqueueNotification } from '../store/writes/outbox.js';
import { type Ctx, inTransaction } from './context.js';

const PAGE = 500;
const label = (s: string) => INCIDENT_STATUS_LABEL[s as AnyIncidentStatus] ?? s;

export async function sendDigests(ctx: Ctx): Promise<{ sent: string[] }> {
  const { db } = ctx.store;
  const now = ctx.clock.now();
  const settings = await loadPlanSettings(db);
  const afterHours = Number(settings.digest_after_hours ?? DEFAULT_DIGEST_AFTER_HOURS);
  const incidents = await digestIncidents(db, now, afterHours);
  if (incidents.length === 0) return { sent: [] };
  const page = await getPage(db);
  if (!page) return { sent: [] };
  const long = incidents.filter((i) => i.long);
  const longComponents =
    long.length === 0
      ? null
      : long.some((i) => i.componentIds.length === 0)
        ? ('all' as const)
        : [...new Set(long.flatMap((i) => i.componentIds))];
  const allComponents = [...new Set(incidents.flatMap((i) => i.componentIds))];
  // updates of the last two days, read once; each reader takes those after its last digest
  const recent = await updatesSince(
    db,
    incidents.map((i) => i.id),
    new Date(now.getTime() - 48 * 3600_000).toISOString(),
  );
  const sent: string[] = [];
  let after = '';
  for (;;) {
    const batch = await digestCandidates(db, { after, limit: PAGE, now, longComponents });
    if (batch.length === 0) break;
    after = batch[batch.length - 1].id;
    const due = batch
      .map((c) => ({ c, zone: c.zone || page.time_zone || 'UTC' }))
      .map((x) => ({ ...x, day: digestDay(x.zone, now) }))
      .filter((x): x is { c: DigestCandidate; zone: string; day: string } => x.day !== null);
    if (due.length === 0) continue;
    const follows = await candidateComponents(
      db,
      due.map((d) => d.c),
      allComponents,
    );
    const last = await lastDigests(
      db,
      due.map((d) => d.c.id),
    );
    for (const d of due) {
      const mine = incidents.filter(
        (i) => (d.c.digest === 1 || i.long) && reaches(d.c, i, follows),
      );
      const since = last.get(d.c.id) ?? new Date(now.getTime() - 24 * 3600_000).toISOString();
      const views = mine
        .map((i) => view(i, recent, since, page))
        .filter((v): v is DigestIncidentView => v !== null);
      // nothing changed since this reader's last digest: no digest today
      if (views.length === 0) continue;
      const message = digestMessage({
        pageUrl: pageUrl(page),
        zone: d.zone,
        day: d.day,
        incidents: views,
      });
      const done = await inTransaction(ctx, { scope: 'write' }, async (tx) => {
        const notificationId = newId();
        const r = await tx.db
          .insertInto('digest_sends')
          .values({
            subscriber_id: d.c.id,
            day: d.day,
            notification_id: notificationId,
            sent_at: tx.at,
          })
          .onConflict((oc) => oc.columns(['subscriber_id', 'day']).doNothing())
          .executeTakeFirst();
        if (!Number(r.numInsertedOrUpdatedRows ?? 0)) return false;
        await enqueueNotification(tx.db, {
          id: notificationId,
          kind: 'digest',
          payload: {
            subscriber_id: d.c.id,
            channel: 'email',
            data: { subject: message.subject, text: message.text },
          },
          at: tx.at,
        });
        await tx.audit({
          action: 'digest.send',
          entityType: 'subscriber',
          entityId: d.c.id,
          after: { day: d.day, zone: d.zone, incidents: views.map((v) => v.name) },
        });
        return true;
      });
      if (done) sent.push(d.c.id);
    }
    if (batch.length < PAGE) break;
  }
  return { sent };
}

/** Whether an incident reaches this reader: its components, or its account's footprint. */
function reaches(c: DigestCandidate, i: DigestIncident, follows: Map<string, Set<string>>) {
  if (i.componentIds.length === 0) return true;
  if (!c.account_id && c.all_components) return true;
  const set = follows.get(c.account_id ? `a:${c.account_id}` : c.id);
  return i.componentIds.some((id) => set?.has(id));
}

/** The incident as one reader's digest tells it, or null when nothing changed since `since`. */
function view(
  i: DigestIncident,
  recent: DigestUpdate[],
  since: string,
  page: Parameters<typeof incidentUrl>[0],
): DigestIncidentView | null {
  const updates = recent.filter((u) => u.incident_id === i.id && u.created_at > since);
  if (updates.length === 0) return null;
  return {
    name: i.name,
    status: i.status,
    statusLabel: label(i.status),
    url: incidentUrl(page, i.id),
    nextUpdateAt: i.resolved_at ? null : i.next_update_at,
    updates: updates.map((u) => ({
      at: u.created_at,
      statusLabel: label(u.status),
      text: clip(htmlToText(String(renderMarkdown(u.body)))),
    })),
  };
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 300 ? `${one.slice(0, 299)}…` : one;
}
