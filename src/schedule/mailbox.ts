/**
 * Polling a support mailbox over IMAP (issue #11), when FLARE_IMAP_URL is set: a scheduler job,
 * so only the leader polls. Every FLARE_IMAP_POLL_SECONDS it takes the unread messages, each
 * through the same path as the SMTP listener (receiveEmail), and marks a message \Seen only after
 * its enquiry is stored (or it was found already stored, or is automatic mail). A message that
 * could not be stored stays unread and is taken again at the next poll; a message over the size
 * limit is marked read and logged, for a person to read in the mailbox.
 */
import { ImapFlow } from 'imapflow';
import { SYSTEM } from '../actions/context.js';
import { receiveEmail } from '../actions/receiveEmail.js';
import type { App } from '../app.js';
import type { ImapSettings } from '../lib/inboundConfig.js';

/** The most messages one poll takes; the rest wait for the next tick (seconds later, not the interval). */
export const POLL_BATCH = 50;

export interface PollResult {
  stored: number;
  duplicate: number;
  skipped: number;
  tooBig: number;
  failed: number;
  /** more unread messages than one poll takes: the next tick polls again */
  more: boolean;
}

const lastPoll = new WeakMap<App, number>();

/** The scheduler's job: polls when the interval has passed since the last poll. */
export async function pollMailboxWhenDue(app: App): Promise<PollResult | null> {
  const s = app.config.imap;
  if (!s) return null;
  const now = app.clock.now().getTime();
  if (now - (lastPoll.get(app) ?? 0) < s.pollMs) return null;
  lastPoll.set(app, now);
  const result = await pollMailbox(app, s);
  if (result.more && result.failed === 0) lastPoll.delete(app); // a backlog: go on at the next tick
  return result;
}

export async function pollMailbox(app: App, s: ImapSettings): Promise<PollResult> {
  const batch = s.batch ?? POLL_BATCH;
  const ctx = app.ctx({ ...SYSTEM, id: 'system:imap' });
  const result: PollResult = {
    stored: 0,
    duplicate: 0,
    skipped: 0,
    tooBig: 0,
    failed: 0,
    more: false,
  };
  const client = new ImapFlow({
    host: s.host,
    port: s.port,
    secure: s.secure,
    doSTARTTLS: s.secure || s.ignoreTLS ? false : undefined,
    tls: { rejectUnauthorized: s.rejectUnauthorized },
    auth: { user: s.user, pass: s.pass },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
  });
  client.on('error', (err) => app.logger.warn({ err }, 'inbound email: IMAP connection error'));
  await client.connect();
  try {
    const lock = await client.getMailboxLock(s.mailbox);
    try {
      const unseen = (await client.search({ seen: false }, { uid: true })) || [];
      const uids = unseen.slice(0, batch);
      result.more = unseen.length > batch;
      if (uids.length === 0) return result;
      // sizes first, without the bodies (no other command may run inside a fetch)
      const sizes = new Map<number, number>();
      for await (const m of client.fetch(uids.join(','), { uid: true, size: true }, { uid: true }))
        sizes.set(m.uid, m.size ?? 0);
      for (const uid of uids) {
        if ((sizes.get(uid) ?? 0) > s.maxBytes) {
          app.logger.warn(
            { uid, size: sizes.get(uid), mailbox: s.mailbox },
            'inbound email: message over the size limit left in the mailbox (marked read)',
          );
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
          result.tooBig++;
          continue;
        }
        const m = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        const source = m === false ? undefined : m.source;
        if (!source) continue;
        let outcome: string;
        try {
          outcome = (await receiveEmail(ctx, source, { transport: 'imap', mailbox: s.mailbox }))
            .outcome;
        } catch (err) {
          // stays unread: taken again at the next poll
          app.logger.error({ err, uid }, 'inbound email: could not store a polled message');
          result.failed++;
          break;
        }
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        if (outcome === 'stored') result.stored++;
        else if (outcome === 'duplicate') result.duplicate++;
        else result.skipped++;
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return result;
}
