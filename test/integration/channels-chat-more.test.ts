/**
 * Discord, Google Chat and Mattermost incoming webhooks (each one descriptor over the shared
 * chat-webhook code), against real receivers on 127.0.0.1: the exact payload each provider
 * documents, escaping, pacing per URL, 429 waits, and subscribing through the public API and form.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { threadedChannels } from '../../src/channels/threaded.js';
import { Worker } from '../../src/dispatch/worker.js';
import { buildServer } from '../../src/http/server.js';
import { getSubscriber } from '../../src/store/queries/subscribers.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import { type HttpReceiver, startHttpReceiver } from '../helpers/receivers.js';

const PAGE_URL = 'https://status.acme.test';
const NAME = '<b>@everyone</b> **API** & _errors_ [x](https://evil.test)';
const BODY = '**Rollback** in progress, see [the runbook](https://example.com/r?a=1&b=2). @channel';

describeEachEngine('Discord, Google Chat and Mattermost webhooks', (engine) => {
  let app: TestApp;
  let clock: TestClock;
  let rx: HttpReceiver;
  let channels: Channels;
  let server: FastifyInstance;
  let incidentId = '';
  let componentId = '';
  let ip = 0;
  beforeAll(async () => {
    clock = new TestClock();
    app = await makeTestApp(engine, { clock });
    rx = await startHttpReceiver();
    rx.respond = (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Discord with ?wait=true answers with the message it posted
      res.end(
        req.url.startsWith('/api/webhooks/')
          ? JSON.stringify({ id: '1180000000000000042', type: 0 })
          : '{}',
      );
    };
    channels = testChannels(app, {});
    server = await buildServer(app);
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme & Co', url: PAGE_URL });
    componentId = (await createComponent(ctx, { name: 'API' })).id;
    for (const [channel, path] of [
      ['discord', '/api/webhooks/111/tok?thread_id=9'],
      ['google_chat', '/v1/spaces/AAA/messages?key=k&token=t'],
      ['mattermost', '/hooks/xyz'],
    ])
      await createSubscriber(ctx, { channel, url: `${rx.url}${path}`, components: [componentId] });
    incidentId = (
      await createIncident(ctx, {
        name: NAME,
        status: 'identified',
        body: BODY,
        components: { [componentId]: 'major_outage' },
        next_update_in_minutes: 30,
      })
    ).id;
    await new Worker(app, channels).drain();
  });
  afterAll(async () => {
    await closeChannels(channels);
    await server.close();
    await rx.close();
    await app.cleanup();
  });

  const sent = (prefix: string) => rx.requests.filter((r) => r.url.startsWith(prefix));

  it('posts Discord content and an embed with ?wait=true, no mentions, and keeps the message id', async () => {
    const [req] = sent('/api/webhooks/111/');
    expect(req.url).toBe('/api/webhooks/111/tok?thread_id=9&wait=true');
    expect(req.headers['content-type']).toBe('application/json');
    const msg = JSON.parse(req.body);
    expect(Object.keys(msg).sort()).toEqual(['allowed_mentions', 'content', 'embeds']);
    expect(msg.allowed_mentions).toEqual({ parse: [] });
    // user text shows as written: every Markdown character escaped
    expect(msg.content).toBe(
      'Acme & Co\\: \\<b\\>@everyone\\<\\/b\\> \\*\\*API\\*\\* & \\_errors\\_ \\[x\\]\\(https\\://evil.test\\) – Identified'.replace(
        '\\/',
        '/',
      ),
    );
    const [embed] = msg.embeds;
    expect(embed.url).toMatch(new RegExp(`^${PAGE_URL}/incidents/${incidentId}`));
    expect(embed.title).toContain('\\*\\*API\\*\\*');
    expect(embed.description).toBe(BODY);
    expect(embed.color).toBe(0xc62828);
    expect(embed.fields).toEqual([
      { name: 'Status', value: 'Identified', inline: true },
      { name: 'Impact', value: expect.any(String), inline: true },
      { name: 'Affected', value: 'API \\(major outage\\)', inline: false },
      { name: 'Next update', value: expect.stringMatching(/^by \d\d\\:\d\d UTC$/), inline: true },
    ]);
    expect(embed.footer).toEqual({ text: 'Acme & Co' });
    const row = await app.store.db
      .selectFrom('deliveries')
      .select(['state', 'provider', 'provider_message_id'])
      .where('channel', '=', 'discord')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      state: 'sent',
      provider: 'discord',
      provider_message_id: '1180000000000000042',
    });
  });

  it('posts Google Chat text and a cardsV2 card, its HTML escaped', () => {
    const [req] = sent('/v1/spaces/AAA/');
    expect(req.url).toBe('/v1/spaces/AAA/messages?key=k&token=t');
    const msg = JSON.parse(req.body);
    expect(Object.keys(msg).sort()).toEqual(['cardsV2', 'text']);
    expect(msg.text).not.toContain('<b>');
    expect(msg.text).toContain('&lt;b&gt;@everyone&lt;/b&gt;');
    expect(msg.cardsV2).toHaveLength(1);
    const { cardId, card } = msg.cardsV2[0];
    expect(cardId).toMatch(/^flare-/);
    // the header is plain text: shown as written
    expect(card.header).toEqual({ title: NAME, subtitle: 'Acme & Co · Identified' });
    const widgets = card.sections[0].widgets;
    expect(widgets[0]).toEqual({
      textParagraph: {
        text: '<b>Rollback</b> in progress, see <a href="https://example.com/r?a=1&amp;b=2">the runbook</a>. @channel',
      },
    });
    expect(widgets.map((w: object) => Object.keys(w)[0])).toEqual([
      'textParagraph',
      'decoratedText',
      'decoratedText',
      'decoratedText',
      'buttonList',
    ]);
    expect(widgets[2].decoratedText).toEqual({
      topLabel: 'Affected',
      text: 'API (major outage)',
      wrapText: true,
    });
    const button = widgets[4].buttonList.buttons[0];
    expect(button.text).toBe('View incident');
    expect(button.onClick.openLink.url).toMatch(new RegExp(`/incidents/${incidentId}`));
  });

  it('posts Mattermost text and an attachment, with mentions broken', () => {
    const [req] = sent('/hooks/xyz');
    const msg = JSON.parse(req.body);
    expect(Object.keys(msg).sort()).toEqual(['attachments', 'text']);
    expect(msg.text).toContain(
      '\\<b\\>@\u200beveryone\\<\\/b\\> \\*\\*API\\*\\*'.replace('\\/', '/'),
    );
    const [a] = msg.attachments;
    expect(a.color).toBe('#c62828');
    expect(a.title_link).toMatch(new RegExp(`/incidents/${incidentId}`));
    expect(a.fallback).toContain('Acme & Co: <b>@\u200beveryone</b>');
    expect(a.text).toBe(
      '**Identified**\n**Rollback** in progress, see [the runbook](https://example.com/r?a=1&b=2). @\u200bchannel',
    );
    expect(a.fields.map((f: { title: string; short: boolean }) => [f.title, f.short])).toEqual([
      ['Impact', true],
      ['Affected', false],
      ['Next update', true],
    ]);
    expect(a.footer).toBe('Acme & Co');
    // no raw @ before a word anywhere: nothing pings the channel
    expect(req.body).not.toMatch(/@(everyone|channel|here|all)\b/);
  });

  it('paces messages to one URL at about one a second', async () => {
    const before = sent('/hooks/xyz').length;
    const ctx = app.ctx();
    await postUpdate(ctx, 'incident', incidentId, { status: 'monitoring', body: 'Fixed.' });
    await postUpdate(ctx, 'incident', incidentId, { status: 'resolved', body: 'All good.' });
    await new Worker(app, channels).drain();
    const at = sent('/hooks/xyz').map((r) => r.at);
    expect(at.length - before).toBe(2);
    // the first message went out in beforeAll; the pacer holds the next two a second apart.
    // Measured where they arrive, so a loaded machine's latency can eat some of the gap;
    // unpaced, the two would arrive within a few milliseconds of each other
    expect(at.at(-1)! - at.at(-2)!).toBeGreaterThanOrEqual(500);
    const resolved = JSON.parse(sent('/hooks/xyz').at(-1)!.body);
    expect(resolved.attachments[0].color).toBe('#2e7d32');
  });

  it("waits as long as Discord's JSON retry_after says after a 429", async () => {
    const ctx = app.ctx();
    const c = await createComponent(ctx, { name: 'Limited' });
    const { subscriber } = await createSubscriber(ctx, {
      channel: 'discord',
      url: `${rx.url}/api/webhooks/222/limited`,
      components: [c.id],
    });
    const normal = rx.respond;
    rx.respond = (req, res) => {
      if (req.url.startsWith('/api/webhooks/222/')) {
        res.writeHead(429, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            message: 'You are being rate limited.',
            retry_after: 64.5,
            global: false,
          }),
        );
        return;
      }
      normal(req, res);
    };
    await createIncident(ctx, {
      name: 'Queue delays',
      status: 'investigating',
      body: 'Looking.',
      components: { [c.id]: 'degraded_performance' },
    });
    const worker = new Worker(app, channels, {
      retry: { maxAttempts: 5, baseMs: 1000, capMs: 10_000 },
      random: () => 0.5,
    });
    await worker.drain();
    const row = () =>
      app.store.db
        .selectFrom('deliveries')
        .selectAll()
        .where('subscriber_id', '=', subscriber.id)
        .executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ state: 'queued', attempts: 1 });
    // no Retry-After header: the wait comes from the body (the default would be 1 s)
    expect(Date.parse((await row()).next_attempt_at)).toBeGreaterThanOrEqual(clock.t + 64_500);
    expect(Date.parse((await row()).next_attempt_at)).toBeLessThan(clock.t + 70_000);
    clock.advance(30_000);
    await worker.drain();
    expect(sent('/api/webhooks/222/')).toHaveLength(1);
    rx.respond = normal;
  });

  it('sends the new channels from the send thread too, as they do by default', async () => {
    const threaded = threadedChannels(
      { config: app.config, logger: app.logger, clock: app.clock, env: {} },
      app.secretKey,
      new Set(['discord', 'google_chat', 'mattermost']),
    );
    try {
      const ctx = app.ctx();
      const c = await createComponent(ctx, { name: 'Threaded' });
      for (const [channel, path] of [
        ['discord', '/api/webhooks/555/thread'],
        ['google_chat', '/thread/chat'],
        ['mattermost', '/thread/mm'],
      ])
        await createSubscriber(ctx, { channel, url: `${rx.url}${path}`, components: [c.id] });
      await createIncident(ctx, {
        name: 'From the thread',
        status: 'investigating',
        body: 'Looking.',
        components: { [c.id]: 'degraded_performance' },
      });
      await new Worker(app, threaded).drain();
      expect(JSON.parse(sent('/api/webhooks/555/')[0].body).embeds[0].title).toBe(
        'From the thread',
      );
      expect(sent('/api/webhooks/555/')[0].url).toBe('/api/webhooks/555/thread?wait=true');
      expect(JSON.parse(sent('/thread/chat')[0].body).cardsV2[0].card.header.title).toBe(
        'From the thread',
      );
      expect(JSON.parse(sent('/thread/mm')[0].body).attachments[0].title).toBe('From the thread');
    } finally {
      await closeChannels(threaded);
    }
  });

  it('marks a deleted Discord webhook undeliverable at once', async () => {
    const ctx = app.ctx();
    const c = await createComponent(ctx, { name: 'Gone' });
    const { subscriber } = await createSubscriber(ctx, {
      channel: 'discord',
      url: `${rx.url}/api/webhooks/444/gone`,
      components: [c.id],
    });
    const normal = rx.respond;
    rx.respond = (req, res) => {
      if (!req.url.startsWith('/api/webhooks/444/')) return normal(req, res);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Unknown Webhook', code: 10015 }));
    };
    await createIncident(ctx, {
      name: 'Gone test',
      status: 'investigating',
      body: 'Looking.',
      components: { [c.id]: 'degraded_performance' },
    });
    await new Worker(app, channels).drain();
    rx.respond = normal;
    const d = await app.store.db
      .selectFrom('deliveries')
      .select(['state', 'attempts'])
      .where('subscriber_id', '=', subscriber.id)
      .executeTakeFirstOrThrow();
    expect(d).toEqual({ state: 'dead', attempts: 1 });
    expect((await getSubscriber(app.store.db, subscriber.id))?.state).toBe('undeliverable');
  });

  it('subscribes a Discord URL through the public API: pending until it opens its signed confirm link', async () => {
    const url = `${rx.url}/api/webhooks/333/public`;
    const res = await server.inject({
      method: 'POST',
      url: '/api/subscribe',
      payload: { channel: 'discord', url },
      remoteAddress: `10.9.0.${++ip}`,
    });
    expect(res.statusCode).toBe(202);
    expect(res.json().status).toBe('pending');
    await new Worker(app, channels).drain();
    const got = sent('/api/webhooks/333/');
    expect(got).toHaveLength(1);
    const msg = JSON.parse(got[0].body);
    expect(msg.embeds[0].description).toMatch(/this Discord channel/);
    const confirm = new URL(msg.embeds[0].url);
    expect(confirm.pathname).toMatch(/^\/subscriptions\/[^/]+\/confirm$/);
    expect(confirm.searchParams.get('sig')).toBeTruthy();
    const id = confirm.pathname.split('/')[2];
    expect((await getSubscriber(app.store.db, id))?.state).toBe('pending');
    const ok = await server.inject({ method: 'GET', url: `${confirm.pathname}${confirm.search}` });
    expect(ok.statusCode).toBe(200);
    expect((await getSubscriber(app.store.db, id))?.state).toBe('active');
  });

  it('offers every new channel on the public form, and subscribes Google Chat and Mattermost through it', async () => {
    const page = await server.inject({ method: 'GET', url: '/subscribe' });
    for (const [id, label] of [
      ['discord', 'Discord webhook URL'],
      ['google_chat', 'Google Chat webhook URL'],
      ['mattermost', 'Mattermost incoming-webhook URL'],
    ]) {
      expect(page.body).toContain(`class="addr-url" name="channel" id="ch-${id}" value="${id}"`);
      expect(page.body).toContain(label);
    }
    for (const channel of ['google_chat', 'mattermost']) {
      const url = `${rx.url}/form/${channel}`;
      const res = await server.inject({
        method: 'POST',
        url: '/subscribe',
        remoteAddress: `10.9.1.${++ip}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ channel, url, components: componentId }).toString(),
      });
      expect(res.statusCode).toBe(200);
      const row = await app.store.db
        .selectFrom('subscribers')
        .select(['state'])
        .where('channel', '=', channel)
        .where('address', '=', url)
        .executeTakeFirstOrThrow();
      expect(row.state).toBe('pending');
    }
    await new Worker(app, channels).drain();
    expect(JSON.parse(sent('/form/google_chat')[0].body).cardsV2).toHaveLength(1);
    expect(JSON.parse(sent('/form/mattermost')[0].body).attachments).toHaveLength(1);
  });
});
