/**
 * Demo subscribers for the demo inbox, added through the ordinary createSubscriber action after
 * the demo data loads: two confirmed email readers (everything; only the API) and a webhook to
 * the inbox's own receiver, so one published update shows several arrivals. A small team with
 * rotations joins them, so a declared incident assigns its roles and tells them.
 */
import { CLI } from '../actions/context.js';
import { createPerson } from '../actions/createPerson.js';
import { createSubscriber } from '../actions/createSubscriber.js';
import { assignDemoManagers } from '../actions/loadDemo.js';
import { setRotation } from '../actions/setRotation.js';
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
  await addDemoTeam(app);
}

/**
 * A small incident team with rotations, so declaring an incident in the demo assigns roles and
 * the team's notices (assignments, reminders, approvals) land in the demo inbox too.
 */
async function addDemoTeam(app: App): Promise<void> {
  const ctx = app.ctx(CLI);
  const person = async (name: string, email: string, tz: string) =>
    (await createPerson(ctx, { name, email, time_zone: tz })).id;
  const priya = await person('Priya Shah', 'priya.shah@acme.example', 'Europe/London');
  const sam = await person('Sam Okafor', 'sam.okafor@acme.example', 'Europe/London');
  const lena = await person('Lena Novak', 'lena.novak@acme.example', 'America/New_York');
  const jo = await person('Jo Martin', 'jo.martin@acme.example', 'Europe/London');
  await setRotation(ctx, 'incident_lead', { person_ids: [priya, lena] });
  await setRotation(ctx, 'comms_lead', { person_ids: [sam, jo] });
  await setRotation(ctx, 'support_lead', { person_ids: [jo] });
  await setRotation(ctx, 'executive_sponsor', { person_ids: [lena] });
  await assignDemoManagers(ctx);
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
