import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { Worker } from '../../src/dispatch/worker.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import { type SmtpReceiver, startSmtp } from '../helpers/receivers.js';

const N = 50;

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const header = (m: SmtpReceiver['messages'][number], key: string) =>
  (m.headerLines.find((h) => h.key === key)?.line ?? '').replace(/\r?\n\s+/g, ' ');

describeEachEngine('email failover between SMTP providers', (engine) => {
  let app: TestApp;
  let clock: TestClock;
  let fallback: SmtpReceiver;
  let primary: SmtpReceiver | null = null;
  let primaryPort = 0;
  let channels: Channels;
  const emails = Array.from(
    { length: N },
    (_, i) => `user${String(i).padStart(2, '0')}@example.com`,
  );
  beforeAll(async () => {
    clock = new TestClock();
    app = await makeTestApp(engine, { clock });
    fallback = await startSmtp();
    primaryPort = await closedPort();
    channels = testChannels(app, {
      FLARE_SMTP_URL: `smtp://127.0.0.1:${primaryPort}?tls=off`,
      FLARE_SMTP_FALLBACK_URL: fallback.url,
      FLARE_SMTP_COOLDOWN_MS: '30000',
    });
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    for (const email of emails)
      await createSubscriber(ctx, { channel: 'email', email, confirmed: true });
  });
  afterAll(async () => {
    await closeChannels(channels);
    await fallback.close();
    await primary?.close();
    await app.cleanup();
  });

  let incidentId = '';

  it('with the primary down, sends every email through the fallback, each exactly once', async () => {
    const inc = await createIncident(app.ctx(), {
      name: 'Mail test',
      status: 'investigating',
      body: 'Checking.',
    });
    incidentId = inc.id;
    await new Worker(app, channels).drain();
    expect(fallback.recipients.flat().sort()).toEqual(emails);
    const rows = await app.store.db
      .selectFrom('deliveries')
      .select(['state', 'provider'])
      .execute();
    expect(rows).toHaveLength(N);
    for (const r of rows) expect(r).toEqual({ state: 'sent', provider: 'smtp-fallback' });
  });

  it('puts one-click unsubscribe headers, for that recipient, on every message', () => {
    expect(fallback.messages).toHaveLength(N);
    const urls = new Set<string>();
    for (const m of fallback.messages) {
      expect(header(m, 'list-unsubscribe-post')).toBe(
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      );
      const u =
        /^List-Unsubscribe: <(https:\/\/status\.acme\.test\/subscriptions\/[^>]+\/unsubscribe\?sig=[^>]+)>$/.exec(
          header(m, 'list-unsubscribe'),
        );
      expect(u).not.toBeNull();
      urls.add(u![1]);
    }
    // per recipient, not one shared link
    expect(urls.size).toBe(N);
  });

  it('moves traffic back to the primary once it recovers and the cooldown has passed', async () => {
    primary = await startSmtp({ port: primaryPort });
    const before = fallback.messages.length;
    // the breaker keeps the primary closed for its cooldown, on the app's clock
    await postUpdate(app.ctx(), 'incident', incidentId, { status: 'identified', body: 'Found.' });
    await new Worker(app, channels).drain();
    expect(primary.recipients).toHaveLength(0);
    expect(fallback.messages.length).toBe(before + N);
    clock.advance(30_001);
    const after = fallback.messages.length;
    await postUpdate(app.ctx(), 'incident', incidentId, { status: 'resolved', body: 'All good.' });
    await new Worker(app, channels).drain();
    expect(primary.recipients.flat().sort()).toEqual(emails);
    expect(fallback.messages.length).toBe(after);
    const rows = await app.store.db
      .selectFrom('deliveries')
      .select(['provider'])
      .where('state', '=', 'sent')
      .execute();
    expect(rows.filter((r) => r.provider === 'smtp-primary')).toHaveLength(N);
  });
});
