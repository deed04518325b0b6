import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { Worker } from '../../src/dispatch/worker.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtp,
} from '../helpers/receivers.js';

describeEachEngine('fan-out to email and webhooks', (engine) => {
  let app: TestApp;
  let smtp: SmtpReceiver;
  let http: HttpReceiver;
  let worker: Worker;
  let channels: Channels;
  beforeAll(async () => {
    app = await makeTestApp(engine);
    smtp = await startSmtp();
    http = await startHttpReceiver();
    channels = testChannels(app, { FLARE_SMTP_URL: smtp.url });
    worker = new Worker(app, channels, { flushMs: 10 });
  });
  afterAll(async () => {
    await worker.stop();
    await closeChannels(channels);
    await smtp.close();
    await http.close();
    await app.cleanup();
  });

  it('sends exactly one message per update to each confirmed subscriber of an affected component, and to nobody else', async () => {
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    const a = await createComponent(ctx, { name: 'API' });
    const b = await createComponent(ctx, { name: 'Billing' });
    await createSubscriber(ctx, { channel: 'email', email: 'all@example.com', confirmed: true });
    await createSubscriber(ctx, {
      channel: 'email',
      email: 'api@example.com',
      confirmed: true,
      components: [a.id],
    });
    await createSubscriber(ctx, {
      channel: 'email',
      email: 'billing@example.com',
      confirmed: true,
      components: [b.id],
    });
    await createSubscriber(ctx, {
      channel: 'email',
      email: 'unconfirmed@example.com',
      confirmed: false,
      components: [a.id],
    });
    const hook = await createSubscriber(ctx, {
      channel: 'webhook',
      url: `${http.url}/hook`,
      components: [a.id],
    });
    await createSubscriber(ctx, {
      channel: 'webhook',
      url: `${http.url}/billing-hook`,
      components: [b.id],
    });

    await worker.drain();
    // the unconfirmed subscriber got a confirmation email and nothing else
    expect(smtp.recipients.flat()).toEqual(['unconfirmed@example.com']);
    expect(smtp.messages[0].subject).toMatch(/Confirm your subscription/);
    smtp.messages.length = 0;
    smtp.recipients.length = 0;

    const inc = await createIncident(ctx, {
      name: 'API errors',
      status: 'investigating',
      body: 'We are **looking**.',
      components: { [a.id]: 'major_outage' },
      next_update_in_minutes: 20,
    });
    await worker.drain();
    expect(smtp.recipients.flat().sort()).toEqual(['all@example.com', 'api@example.com']);
    expect(http.requests.map((r) => r.url)).toEqual(['/hook']);

    await postUpdate(ctx, 'incident', inc.id, { status: 'resolved', body: 'Fixed.' });
    await worker.drain();
    expect(smtp.recipients.flat().sort()).toEqual([
      'all@example.com',
      'all@example.com',
      'api@example.com',
      'api@example.com',
    ]);
    expect(http.requests.map((r) => r.url)).toEqual(['/hook', '/hook']);

    // the webhook is signed by the Standard Webhooks spec, in Statuspage's payload shape
    const req = http.requests[0];
    const verified = new Webhook(hook.secret!).verify(
      req.body,
      req.headers as Record<string, string>,
    ) as Record<string, any>;
    expect(verified.incident.id).toBe(inc.id);
    expect(verified.page).toEqual({
      id: expect.any(String),
      status_indicator: 'critical',
      status_description: 'Major System Outage',
    });
    expect(Object.keys(verified.meta).sort()).toEqual([
      'documentation',
      'generated_at',
      'unsubscribe',
    ]);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['webhook-id']).toMatch(/^dlv_\d+$/);
    expect(http.requests[1].headers['webhook-id']).not.toBe(req.headers['webhook-id']);

    // email: HTML and text, one-click unsubscribe headers, Message-ID from the delivery id
    const mail = smtp.messages.find((m) =>
      (m.to as { text: string }).text.includes('api@example.com'),
    )!;
    expect(mail.subject).toBe('[Acme] API errors: Investigating');
    expect(mail.html).toContain('<strong>looking</strong>');
    expect(mail.text).toContain('Next update by');
    const header = (k: string) =>
      (mail.headerLines.find((h) => h.key === k)?.line ?? '').replace(/\r?\n\s+/g, ' ');
    expect(header('list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(header('list-unsubscribe')).toMatch(
      /^List-Unsubscribe: <https:\/\/status\.acme\.test\/subscriptions\/.+\/unsubscribe\?sig=.+>$/,
    );
    expect(mail.messageId).toMatch(/^<dlv_\d+\..+@status\.acme\.test>$/);

    const counts = await app.store.db.selectFrom('deliveries').select(['state']).execute();
    expect(counts.every((c) => c.state === 'sent')).toBe(true);
  });
});
