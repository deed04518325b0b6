/**
 * A page nobody named or gave a URL: saving other settings keeps the server's public URL
 * (FLARE_PUBLIC_URL) in links and emails, and nothing reads "Status Status".
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { createToken } from '../../src/actions/createToken.js';
import { Worker } from '../../src/dispatch/worker.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import { type SmtpReceiver, startSmtp } from '../helpers/receivers.js';

const PUBLIC = 'https://status.example.test';

describeEachEngine('a page with no name and no URL of its own', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let smtp: SmtpReceiver;
  let channels: Channels;
  let admin = '';

  beforeAll(async () => {
    app = await makeTestApp(engine, { config: { publicUrl: PUBLIC } });
    server = await buildServer(app);
    smtp = await startSmtp();
    channels = testChannels(app, { FLARE_SMTP_URL: smtp.url });
    admin = (await createToken(app.ctx(), { name: 'admin', scope: 'admin' })).secret;
  });
  afterAll(async () => {
    await closeChannels(channels);
    await smtp.close();
    await server.close();
    await app.cleanup();
  });

  it('keeps FLARE_PUBLIC_URL when PATCH /api/v1/page names no url', async () => {
    const res = await server.inject({
      method: 'PATCH',
      url: '/api/v1/page',
      headers: { authorization: `Bearer ${admin}` },
      payload: { time_zone: 'Europe/London' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().url).toBe(PUBLIC);
    app.site.invalidate();
    const summary = (await server.inject({ url: '/api/v2/summary.json' })).json();
    expect(summary.page.url).toBe(PUBLIC);
  });

  it('titles the page "Status", not "Status Status"', async () => {
    app.site.invalidate();
    const home = (await server.inject({ url: '/' })).body;
    expect(home).toContain('<title>Status</title>');
    expect(home).not.toMatch(/Status Status/i);
    const history = (await server.inject({ url: '/history' })).body;
    expect(history).toMatch(/<title>[^<]* · Status<\/title>/);
    expect(history).not.toMatch(/Status Status/i);
  });

  it('sends email from "Status" with links to the public URL', async () => {
    const ctx = app.ctx();
    await createSubscriber(ctx, { channel: 'email', email: 'reader@example.com', confirmed: true });
    const inc = await createIncident(ctx, {
      name: 'Logins fail',
      status: 'investigating',
      body: 'We are looking into failed logins.',
    });
    const worker = new Worker(app, channels, { flushMs: 5 });
    await worker.drain();
    const mail = smtp.messages.at(-1)!;
    expect(mail.from?.value[0].name).toBe('Status');
    expect(mail.html).toContain(`${PUBLIC}/incidents/${inc.id}`);
    expect(`${mail.html}${mail.text}`).not.toContain('localhost');
  });
});
