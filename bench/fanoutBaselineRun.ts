/**
 * The parent's side of the raw baseline: builds, from the notification Flare just sent, the
 * same webhook body and the same email (same size, same headers, one key per message), starts
 * fanoutBaseline.ts in its own process and waits for it to finish.
 */
import { compileEmail, formatAddress, renderEmail } from '../src/channels/emailMime.js';
import { webhookBody } from '../src/channels/webhook.js';
import { buildEvent } from '../src/dispatch/events.js';
import type { Db } from '../src/store/db.js';
import type { Page } from '../src/store/queries/models.js';
import { renderNotification } from '../src/templates/notification.js';
import type { BaselineDone, BaselineOptions } from './fanoutBaseline.js';
import { forkSibling, nextMessage } from './fanoutReceivers.js';

export interface BaselineRun {
  db: Db;
  notificationId: string;
  now: Date;
  page: Page;
  hookBase: string;
  smtpPort: number;
  env: NodeJS.ProcessEnv;
  counts: { webhook: number; email: number };
}

/** Runs the baseline; `startedAt` is when it started sending (its "publish" time). */
export async function runBaseline(o: BaselineRun): Promise<BaselineDone & { startedAt: number }> {
  const event = await buildEvent(o.db, o.notificationId, o.now, o.page);
  if (!event) throw new Error('the baseline needs the notification Flare sent');
  const perHost = Number(o.env.FLARE_WEBHOOK_HOST_CONCURRENCY ?? 64);
  const smtpConnections = Number(o.env.FLARE_SMTP_CONNECTIONS ?? 20);
  const host = new URL(event.page.url).hostname;
  const links = (path: string) =>
    `${event.page.url}/subscriptions/bench-000000001${path}?sig=${'x'.repeat(32)}`;
  const mail = await renderNotification(event, null);
  const options: BaselineOptions = {
    webhook: {
      url: o.hookBase,
      // the body Flare sends a webhook subscriber, meta object first
      body: JSON.stringify({
        meta: {
          unsubscribe: links('/unsubscribe'),
          documentation: `${event.page.url}/webhooks`,
          generated_at: event.generated_at,
        },
        ...webhookBody(event),
      }),
      secret: `whsec_${'0123456789abcdef'.repeat(3)}`,
      count: o.counts.webhook,
      concurrency: perHost,
      connections: Math.max(perHost, 16),
      firstId: 1,
    },
    smtpHost: '127.0.0.1',
    smtpPort: o.smtpPort,
    emails: o.counts.email,
    smtpConnections,
    mailFrom: `status@${host}`,
    rawMail: renderEmail(
      compileEmail({ from: formatAddress(`${event.page.name} Status`, `status@${host}`), ...mail }),
      {
        to: 'baseline@example.com',
        messageId: `<%KEY%.${event.notificationId}@${host}>`,
        deliveryKey: '%KEY%',
        manageUrl: links(''),
        unsubscribeUrl: links('/unsubscribe'),
        unsubscribePostUrl: links('/unsubscribe'),
      },
    ),
    firstEmailId: 1 + o.counts.webhook,
  };
  const child = forkSibling('fanoutBaseline');
  await nextMessage(child, 'ready');
  const started = nextMessage<{ at: number }>(child, 'started');
  const done = nextMessage<BaselineDone>(child, 'done');
  done.catch(() => {}); // awaited below; if the child dies, `started` reports it first
  child.send({ type: 'run', options });
  // its start is when its threads are ready, as Flare's send thread is before publishing
  const { at: startedAt } = await started;
  return { ...(await done), startedAt };
}
