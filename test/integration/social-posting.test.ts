/**
 * Posting each public update to the page's own Mastodon and Bluesky accounts (issue #13 part 3)
 * on real SQLite and PostgreSQL, through the real masto and @atproto/api clients against local
 * servers that take posts as the networks document them: turned on through the API, posted with
 * the incident link within each network's length, later updates threaded under the first, a 429
 * waited out by its Retry-After, reported with the incident's deliveries, never offered to
 * subscribers, and turned off again.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { Worker } from '../../src/dispatch/worker.js';
import { graphemes } from '../../src/domain/socialPost.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import {
  type PostServer,
  startBlueskyPosts,
  startMastodonPosts,
} from '../helpers/socialPostServers.js';

describeEachEngine('social posting', (engine) => {
  const clock = new TestClock(Date.parse('2026-11-20T12:00:00Z'));
  let h: ApiHarness;
  let channels: Channels;
  let worker: Worker;
  let masto: PostServer;
  let bsky: PostServer & { sessions: number; loseNextAnswer(): void };
  let api: string;

  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock });
    masto = await startMastodonPosts();
    bsky = await startBlueskyPosts();
    channels = testChannels(h.app, {});
    worker = new Worker(h.app, channels, { random: () => 0.5 });
    await updatePage(h.app.ctx(), { name: 'Acme Cloud', url: 'https://status.acme.test' });
    api = (await createComponent(h.app.ctx(), { name: 'Payments API' })).id;
  });
  afterAll(async () => {
    await closeChannels(channels);
    await masto?.close();
    await bsky?.close();
    await h?.close();
  });

  const put = (kind: string, body: unknown) =>
    h.call('admin', 'PUT', `/api/v1/social/${kind}`, body);

  it('posts nothing until posting is turned on, and is never a subscriber choice', async () => {
    expect(
      (await put('mastodon', { url: masto.url, access_token: 'post-token' })).status,
    ).toBeLessThan(300);
    await createIncident(h.app.ctx(), { name: 'Quiet', body: 'Nothing to post yet.' });
    await worker.drain();
    expect(masto.posts).toEqual([]);
    const sub = await h.call('write', 'POST', '/api/v1/subscribers', {
      channel: 'mastodon',
      url: 'https://mastodon.example/@me',
    });
    expect(sub.status).toBe(400);
    expect(JSON.stringify(sub.json)).toContain('channel');
    const form = await h.app.store.db
      .selectFrom('subscribers')
      .select('id')
      .where('channel', '=', 'mastodon')
      .execute();
    expect(form).toEqual([]);
  });

  it('posts each public update within the length, the later ones threaded under the first', async () => {
    const m = await put('mastodon', { url: masto.url, post_updates: true });
    expect(m.status, JSON.stringify(m.json)).toBe(200);
    expect(m.json).toMatchObject({ post_updates: true });
    const b = await put('bluesky', {
      url: bsky.url,
      handle: 'status.acme.test',
      app_password: 'abcd-efgh-ijkl-mnop',
      post_updates: true,
    });
    expect(b.status, JSON.stringify(b.json)).toBeLessThan(300);
    expect(JSON.stringify([m.json, b.json])).not.toMatch(/post-token|abcd-efgh/);

    const long = `Card payments fail for some customers. ${'We are working through the queue of failed payments. '.repeat(12)}`;
    const inc = await createIncident(h.app.ctx(), {
      name: 'Payments failing',
      body: long,
      components: { [api]: 'major_outage' },
    });
    await worker.drain();
    const link = `https://status.acme.test/incidents/${inc.id}`;
    expect(masto.posts).toHaveLength(1);
    expect(bsky.posts).toHaveLength(1);
    const [m1] = masto.posts;
    const [b1] = bsky.posts;
    expect(m1.text.startsWith('Payments failing — Investigating: Card payments fail')).toBe(true);
    expect(m1.text.endsWith(`…\n\n${link}`)).toBe(true);
    expect([...m1.text].length).toBeLessThanOrEqual(500);
    expect(m1.visibility).toBe('public');
    expect(m1.replyTo).toBeNull();
    expect(b1.text.endsWith(link)).toBe(true);
    expect(graphemes(b1.text)).toBeLessThanOrEqual(300);
    // the link is a link facet, its bytes exactly the URL's
    const facet = (
      b1.facets as { index: { byteStart: number; byteEnd: number }; features: { uri: string }[] }[]
    )[0];
    expect(facet.features[0].uri).toBe(link);
    expect(
      Buffer.from(b1.text).subarray(facet.index.byteStart, facet.index.byteEnd).toString(),
    ).toBe(link);

    await postUpdate(h.app.ctx(), 'incident', inc.id, {
      status: 'identified',
      body: 'A bad deploy; rolling back.',
    });
    await worker.drain();
    await postUpdate(h.app.ctx(), 'incident', inc.id, {
      status: 'resolved',
      body: 'Payments work again.',
    });
    await worker.drain();
    expect(masto.posts.map((p) => p.replyTo)).toEqual([null, masto.posts[0].id, masto.posts[1].id]);
    expect(masto.posts[2].text).toBe(
      `Payments failing — Resolved: Payments work again.\n\n${link}`,
    );
    expect(bsky.posts.map((p) => p.replyTo)).toEqual([null, bsky.posts[0].id, bsky.posts[1].id]);
    expect(bsky.posts.map((p) => p.root)).toEqual([null, bsky.posts[0].id, bsky.posts[0].id]);
    expect(bsky.sessions).toBe(1); // one login, kept

    // shown in the incident's delivery report, like any channel
    const report = await h.call('read', 'GET', `/api/v1/incidents/${inc.id}/deliveries`);
    expect(JSON.stringify(report.json)).toMatch(/"mastodon"/);
    expect(JSON.stringify(report.json)).toMatch(/"bluesky"/);
  });

  it('waits out a 429 by its Retry-After, then posts once', async () => {
    masto.limitNext(120);
    bsky.limitNext(90);
    const before = { m: masto.posts.length, b: bsky.posts.length };
    const inc = await createIncident(h.app.ctx(), {
      name: 'Slow logins',
      body: 'Logins are slow.',
    });
    await worker.drain();
    expect([masto.limited, bsky.limited]).toEqual([1, 1]);
    expect(masto.posts.length - before.m).toBe(0);
    const queued = await h.app.store.db
      .selectFrom('deliveries as d')
      .innerJoin('notifications as n', 'n.id', 'd.notification_id')
      .select(['d.channel', 'd.state', 'd.next_attempt_at'])
      .where('n.incident_id', '=', inc.id)
      .orderBy('d.channel')
      .execute();
    expect(
      queued.map((d) => [d.channel, d.state, Date.parse(d.next_attempt_at) - clock.t]),
    ).toEqual([
      ['bluesky', 'queued', 90_000],
      ['mastodon', 'queued', 120_000],
    ]);
    clock.advance(120_000);
    await worker.drain();
    expect(masto.posts.length - before.m).toBe(1);
    expect(bsky.posts.length - before.b).toBe(1);
  });

  it('Bluesky: a post whose answer was lost is found on the retry, not posted twice', async () => {
    bsky.loseNextAnswer();
    const before = bsky.posts.length;
    const inc = await createIncident(h.app.ctx(), { name: 'Search slow', body: 'Search is slow.' });
    await worker.drain();
    const row = () =>
      h.app.store.db
        .selectFrom('deliveries as d')
        .innerJoin('notifications as n', 'n.id', 'd.notification_id')
        .select(['d.state', 'd.attempts', 'd.provider_message_id'])
        .where('n.incident_id', '=', inc.id)
        .where('d.channel', '=', 'bluesky')
        .executeTakeFirstOrThrow();
    // written on the network, but Flare could not know: it tries again later
    expect(bsky.posts.length - before).toBe(1);
    expect(await row()).toMatchObject({ state: 'queued', attempts: 1 });
    clock.advance(15 * 60_000);
    await worker.drain();
    expect(bsky.posts.length - before).toBe(1);
    const done = await row();
    expect(done.state).toBe('sent');
    expect(JSON.parse(done.provider_message_id ?? '{}').uri).toBe(bsky.posts.at(-1)?.id);
  });

  it('stops posting when turned off, keeping the delivery history', async () => {
    expect((await put('mastodon', { post_updates: false })).status).toBe(200);
    expect((await h.call('admin', 'DELETE', '/api/v1/social/bluesky')).status).toBeLessThan(300);
    const before = { m: masto.posts.length, b: bsky.posts.length };
    await createIncident(h.app.ctx(), { name: 'After', body: 'Not posted.' });
    await worker.drain();
    expect([masto.posts.length, bsky.posts.length]).toEqual([before.m, before.b]);
    const subs = await h.app.store.db
      .selectFrom('subscribers')
      .select(['channel', 'state'])
      .where('source', '=', 'social')
      .orderBy('channel')
      .execute();
    expect(subs).toEqual([
      { channel: 'bluesky', state: 'disabled' },
      { channel: 'mastodon', state: 'disabled' },
    ]);
  });
});
