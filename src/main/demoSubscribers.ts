/**
 * Demo subscribers for the demo inbox, added through the ordinary createSubscriber action after
 * the demo data loads: two confirmed email readers (everything; only the API) and a webhook to
 * the inbox's own receiver, so one published update shows several arrivals.
 */
import { CLI } from '../actions/context.js';
import { createSubscriber } from '../actions/createSubscriber.js';
import type { App } from '../app.js';
import { type DemoInbox, demoOrigin } from './demoInbox.js';

export const DEMO_WEBHOOK = 'acme-ops';

export const DEMO_EMAILS = {
  all: 'alex.rivera@customer.example',
  api: 'dana.kim@customer.example',
};

export async function addDemoSubscribers(app: App, inbox: DemoInbox, url: string): Promise<void> {
  const ctx = app.ctx(CLI);
  const api = await app.store.db
    .selectFrom('components')
    .select('id')
    .where('name', '=', 'API')
    .executeTakeFirst();
  await createSubscriber(
    ctx,
    { channel: 'email', email: DEMO_EMAILS.all, confirmed: true },
    { source: 'demo' },
  );
  await createSubscriber(
    ctx,
    {
      channel: 'email',
      email: DEMO_EMAILS.api,
      confirmed: true,
      components: api ? [api.id] : undefined,
    },
    { source: 'demo' },
  );
  // the receiver is this server on loopback: only this subscription may point there
  const { secret } = await createSubscriber(
    { ...ctx, allowPrivateNetwork: true },
    { channel: 'webhook', url: `${demoOrigin(url)}/demo/webhook/${DEMO_WEBHOOK}`, confirmed: true },
    { source: 'demo' },
  );
  if (secret) inbox.secrets.set(DEMO_WEBHOOK, secret);
}

/** The secrets of demo webhooks added by an earlier run, so their signatures can be checked. */
export async function loadDemoSecrets(app: App, inbox: DemoInbox, url: string): Promise<void> {
  const prefix = `${demoOrigin(url)}/demo/webhook/`;
  const rows = await app.store.db
    .selectFrom('subscribers')
    .select(['address', 'secret'])
    .where('channel', '=', 'webhook')
    .where('address', 'like', `${prefix}%`)
    .execute();
  for (const r of rows) {
    if (r.secret) inbox.secrets.set(r.address.slice(prefix.length), r.secret);
  }
}
