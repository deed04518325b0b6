/**
 * Social mentions (issue #11) on real SQLite and PostgreSQL, read through the real masto and
 * @atproto/api clients from local servers speaking the Mastodon REST and Bluesky XRPC shapes:
 * the account settings API (admin, audited, credentials sealed and never shown), mentions stored
 * as enquiries linked to the open incident and scored, reruns that never duplicate, the cursor
 * that pages forward within a bound, a server failure kept on the account and retried with
 * nothing lost while the other account goes on, and bad credentials reported.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { pollSocial } from '../../src/actions/pollSocial.js';
import { setSocialAccount } from '../../src/actions/setSocialAccount.js';
import { socialAccountOut } from '../../src/http/routes/v1/social.js';
import { jobs } from '../../src/schedule/scheduler.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';
import {
  type FakeBluesky,
  type FakeMastodon,
  startBluesky,
  startMastodon,
} from '../helpers/socialServers.js';

describeEachEngine('social mentions', (engine) => {
  const clock = new TestClock(Date.parse('2026-11-20T12:00:00Z'));
  let h: ApiHarness;
  let masto: FakeMastodon;
  let bsky: FakeBluesky;
  let incident: string;
  const db = () => h.app.store.db;
  const ctx = () => h.app.ctx();
  const minute = () => clock.advance(61_000);
  const poll = (opts = {}) => pollSocial(ctx(), { env: h.app.config.social, ...opts });
  const social = (source: string) =>
    db()
      .selectFrom('enquiries')
      .selectAll()
      .where('source', '=', source)
      .orderBy('received_at')
      .orderBy('id')
      .execute();
  const account = async (kind: string) =>
    socialAccountOut.parse((await h.call('admin', 'GET', `/api/v1/social/${kind}`)).json);
  const ago = (min: number) => new Date(clock.t - min * 60_000).toISOString();

  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock, config: { allowPrivateNetwork: true, social: {} } });
    masto = await startMastodon();
    bsky = await startBluesky();
    const api = (await createComponent(ctx(), { name: 'Payments API' })).id;
    incident = (
      await createIncident(ctx(), {
        name: 'Payments failing',
        body: 'We are investigating failed payments.',
        components: { [api]: 'major_outage' },
        deliver_notifications: false,
      })
    ).id;
  });
  afterAll(async () => {
    await masto?.close();
    await bsky?.close();
    await h?.close();
  });

  it('keeps the accounts through the admin API: validated, audited, credentials sealed and never shown', async () => {
    const put = (kind: string, body: unknown, who: 'admin' | 'write' = 'admin') =>
      h.call(who, 'PUT', `/api/v1/social/${kind}`, body);
    expect(
      (await put('mastodon', { url: masto.url, access_token: 'good-token' }, 'write')).status,
    ).toBe(403);
    expect((await h.call('write', 'GET', '/api/v1/social/mastodon')).status).toBe(403);
    expect((await h.call('admin', 'GET', '/api/v1/social/mastodon')).status).toBe(404);
    expect(
      (await h.call('admin', 'GET', '/api/v1/social/twitter')).json.error.fields,
    ).toHaveProperty('kind');

    let res = await put('mastodon', { url: masto.url });
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toHaveProperty('access_token');
    res = await put('mastodon', { url: 'ftp://masto.test', access_token: 'x' });
    expect(res.json.error.fields.url).toMatch(/https/);
    res = await put('bluesky', { handle: 'status.acme.test', app_password: 'my real password' });
    expect(res.json.error.fields.app_password).toMatch(/app password/);
    res = await put('bluesky', {
      handle: 'status.acme.test',
      access_token: 'x',
      app_password: 'abcd-efgh-ijkl-mnop',
    });
    expect(res.json.error.fields.access_token).toMatch(/Mastodon/);
    // without FLARE_ALLOW_PRIVATE_NETWORK an http or loopback URL is refused, naming the field
    await expect(
      setSocialAccount({ ...ctx(), allowPrivateNetwork: false }, 'mastodon', {
        url: masto.url,
        access_token: 'good-token',
      }),
    ).rejects.toMatchObject({ fields: { url: expect.stringMatching(/private|https/) } });

    res = await put('mastodon', {
      url: `${masto.url}/some/path`,
      access_token: 'good-token',
      handle: 'status@masto.test',
    });
    expect(res.status, res.body).toBe(201);
    expect(res.body).not.toContain('good-token');
    expect(socialAccountOut.parse(res.json)).toMatchObject({
      kind: 'mastodon',
      url: masto.url,
      handle: '@status@masto.test',
      settings_from: 'api',
      has_credentials: true,
      enabled: true,
      poll_cursor: null,
    });
    res = await put('bluesky', {
      url: bsky.url,
      handle: '@Status.Acme.test',
      app_password: bsky.password,
    });
    expect(res.status, res.body).toBe(201);
    expect(res.json.handle).toBe('status.acme.test');
    // a second PUT replaces, keeping the stored secret when none is given
    res = await put('bluesky', { url: bsky.url, handle: 'status.acme.test', enabled: true });
    expect(res.status, res.body).toBe(200);

    const rows = await db().selectFrom('social_accounts').selectAll().execute();
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.credentials).toMatch(/^v1\./);
      expect(r.credentials).not.toContain('good-token');
      expect(r.credentials).not.toContain(bsky.password);
    }
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'social_account')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'social.account.create',
      'social.account.create',
      'social.account.update',
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/good-token|abcd-efgh/);
  });

  it('stores each mention as a social enquiry, linked to the open incident and scored', async () => {
    masto.add(
      {
        acct: 'oldtimer@far.test',
        html: '<p>hello from last year</p>',
        at: '2025-10-01T09:00:00.000Z',
      },
      {
        acct: 'carol@other.test',
        html: '<p><span class="h-card"><a href="https://masto.test/@status" class="u-url mention">@<span>status</span></a></span> Payments API is down again &amp; checkout fails. This is terrible, awful service!</p>',
        at: ago(5),
      },
      { acct: 'dave', html: '<p>thanks <a href="#">@status</a> for the update</p>', at: ago(4) },
      { acct: 'erin@other.test', html: '<p>liked</p>', type: 'favourite', at: ago(3) },
      {
        acct: 'frank@other.test',
        html: '<p>Is <b>payments</b> broken for you?</p>',
        visibility: 'direct',
        at: ago(2),
      },
    );
    bsky.add(
      {
        handle: 'bob.bsky.social',
        text: '@status.acme.test payments are failing, this is a disaster',
        reason: 'mention',
        at: ago(6),
      },
      {
        handle: 'amy.bsky.social',
        text: 'same here, checkout broken',
        reason: 'reply',
        at: ago(3),
      },
      { handle: 'zed.bsky.social', text: '', reason: 'like', at: ago(2) },
    );
    const r = await poll();
    expect(r.mastodon).toMatchObject({ stored: 3, duplicates: 0 });
    expect(r.bluesky).toMatchObject({ stored: 2, duplicates: 0 });
    expect(r.mastodon?.error).toBeUndefined();

    const ask = masto.requests.at(-1)!;
    expect(ask.path).toBe('/api/v1/notifications');
    expect(ask.query.getAll('types[]')).toEqual(['mention']);
    expect(ask.auth).toBe('Bearer good-token');

    const m = await social('mastodon');
    expect(m.map((e) => e.sender)).toEqual([
      '@carol@other.test',
      `@dave@${masto.host}`,
      '@frank@other.test',
    ]); // the year-old mention is not taken on a first poll
    expect(m[0]).toMatchObject({
      channel: 'social',
      body: '@status Payments API is down again & checkout fails. This is terrible, awful service!',
      incident_id: incident,
      processed: 1,
      negative: 1,
      received_at: ago(5),
    });
    expect(m[0].message_id).toMatch(/^https:\/\/other\.test\/@carol\/\d+$/);
    expect(Number(m[0].sentiment)).toBeLessThan(0);
    expect(m[1]).toMatchObject({ negative: 0, incident_id: incident });
    expect(m[2]).toMatchObject({ subject: 'Private mention', body: 'Is payments broken for you?' });
    expect(JSON.parse(m[0].raw)).toMatchObject({ type: 'mention' });

    const b = await social('bluesky');
    expect(b.map((e) => [e.sender, e.body])).toEqual([
      ['@bob.bsky.social', '@status.acme.test payments are failing, this is a disaster'],
      ['@amy.bsky.social', 'same here, checkout broken'],
    ]);
    expect(b[0]).toMatchObject({ channel: 'social', negative: 1, incident_id: incident });
    expect(b[0].message_id).toMatch(/^at:\/\/did:plc:\w+\/app\.bsky\.feed\.post\//);
    const listed = bsky.requests.find((q) => q.path.endsWith('listNotifications'))!;
    expect(listed.query.getAll('reasons')).toEqual(['mention', 'reply', 'quote']);

    // the API shows them like any enquiry, with the negative public ones counted
    const inbox = await h.call('read', 'GET', '/api/v1/enquiries?channel=social');
    expect(inbox.json.data ?? inbox.json.enquiries).toHaveLength(5);

    // the cursors moved to the newest mention read
    const ma = await account('mastodon');
    expect(ma.poll_cursor).toBe(
      (
        await db()
          .selectFrom('social_accounts')
          .select('poll_cursor')
          .where('kind', '=', 'mastodon')
          .executeTakeFirst()
      )?.poll_cursor,
    );
    expect(BigInt(ma.poll_cursor!)).toBeGreaterThan(0n);
    expect(ma).toMatchObject({ last_error: null, last_polled_at: clock.now().toISOString() });
    expect((await account('bluesky')).poll_cursor).toBe(ago(3));
  });

  it('reads each account at most once a minute, and a rerun never duplicates (even from no cursor)', async () => {
    const before = masto.requests.length;
    expect(await poll()).toEqual({});
    expect(masto.requests.length).toBe(before);

    minute();
    const cursor = (await account('mastodon')).poll_cursor!;
    let r = await poll();
    expect(r.mastodon).toMatchObject({ stored: 0 });
    expect(masto.requests.at(-1)!.query.get('min_id')).toBe(cursor);
    expect(r.bluesky).toMatchObject({ stored: 0, duplicates: 1 }); // the one at the cursor, read again
    expect(bsky.sessions).toBe(1); // the session is kept, not logged into every minute

    // as if the cursor had never been written (a crash after the inserts): nothing doubles
    await db().updateTable('social_accounts').set({ poll_cursor: null }).execute();
    minute();
    r = await poll();
    expect(r.mastodon).toMatchObject({ stored: 0, duplicates: 3 });
    expect(r.bluesky).toMatchObject({ stored: 0, duplicates: 2 });
    expect(await social('mastodon')).toHaveLength(3);
    expect(await social('bluesky')).toHaveLength(2);
  });

  it('pages forward within a bound per run, losing nothing', async () => {
    const ids = masto.add(
      ...[1, 2, 3, 4, 5].map((i) => ({
        acct: `fan${i}@other.test`,
        html: `<p>mention ${i}</p>`,
        at: ago(1),
      })),
    );
    const times = [5, 4, 3, 2, 1].map((s) => new Date(clock.t - s * 1000).toISOString());
    bsky.add(
      ...times.map((at, i) => ({
        handle: `fan${i + 1}.bsky.social`,
        text: `post ${i + 1}`,
        reason: 'mention' as const,
        at,
      })),
    );
    const bskyBefore = (await account('bluesky')).poll_cursor;
    minute();
    let r = await poll({ pageSize: 2, pages: 2 });
    expect(r.mastodon).toMatchObject({ stored: 4 });
    expect((await account('mastodon')).poll_cursor).toBe(ids[3]);
    // Bluesky reads newest first: the 4 newest now, and where to go on from next run
    expect(r.bluesky).toMatchObject({ stored: 4 });
    expect((await account('bluesky')).poll_cursor).toContain(`${times[4]}|${bskyBefore}|`);
    minute();
    r = await poll({ pageSize: 2, pages: 2 });
    expect(r.mastodon).toMatchObject({ stored: 1 });
    expect((await account('mastodon')).poll_cursor).toBe(ids[4]);
    expect(r.bluesky).toMatchObject({ stored: 1 });
    expect((await account('bluesky')).poll_cursor).toBe(times[4]);
    const bodies = (await social('mastodon')).map((e) => e.body);
    expect(bodies.filter((t) => t.startsWith('mention'))).toEqual(
      [1, 2, 3, 4, 5].map((i) => `mention ${i}`),
    );
    const posts = (await social('bluesky')).map((e) => e.body).filter((t) => t.startsWith('post'));
    expect(posts).toEqual([1, 2, 3, 4, 5].map((i) => `post ${i}`));
    minute();
    r = await poll({ pageSize: 2, pages: 2 });
    expect(r.bluesky).toMatchObject({ stored: 0 });
  });

  it('keeps a server failure on the account, goes on with the other, and retries next run with nothing lost', async () => {
    const cursor = (await account('mastodon')).poll_cursor;
    masto.add({ acct: 'gina@other.test', html: '<p>payments still broken</p>', at: ago(1) });
    bsky.add({
      handle: 'hal.bsky.social',
      text: 'payments down for me too',
      reason: 'mention',
      at: ago(1),
    });
    masto.failNext();
    minute();
    let r = await poll();
    expect(r.mastodon?.error).toMatch(/500/);
    expect(r.bluesky).toMatchObject({ stored: 1 });
    let ma = await account('mastodon');
    expect(ma).toMatchObject({ poll_cursor: cursor, last_error: expect.stringMatching(/500/) });
    expect(ma.last_error_at).toBe(clock.now().toISOString());
    expect((await account('bluesky')).last_error).toBeNull();

    minute();
    r = await poll();
    expect(r.mastodon).toMatchObject({ stored: 1 });
    expect(r.mastodon?.error).toBeUndefined();
    ma = await account('mastodon');
    expect(ma.last_error).toBeNull();
    expect(ma.poll_cursor).not.toBe(cursor);
    expect((await social('mastodon')).map((e) => e.sender)).toContain('@gina@other.test');

    // failing on the second page: the first page's mentions are stored and the cursor moves
    // past them only; the rest follow on the next run
    const more = masto.add(
      ...[1, 2, 3].map((i) => ({
        acct: `kim${i}@other.test`,
        html: `<p>page ${i}</p>`,
        at: ago(1),
      })),
    );
    masto.failNext(1, 1);
    minute();
    r = await poll({ pageSize: 2 });
    expect(r.mastodon).toMatchObject({ stored: 2, error: expect.stringMatching(/500/) });
    expect((await account('mastodon')).poll_cursor).toBe(more[1]);
    minute();
    r = await poll({ pageSize: 2 });
    expect(r.mastodon).toMatchObject({ stored: 1, duplicates: 0 });
    expect((await account('mastodon')).poll_cursor).toBe(more[2]);

    // Bluesky failing after the login: recorded, then retried
    bsky.add({ handle: 'ivy.bsky.social', text: 'anyone else?', reason: 'mention', at: ago(0.5) });
    bsky.failNext();
    minute();
    r = await poll();
    expect(r.bluesky?.error).toMatch(/500|InternalServerError|database is down/);
    minute();
    r = await poll();
    expect(r.bluesky).toMatchObject({ stored: 1 });
    expect((await account('bluesky')).last_error).toBeNull();
  });

  it('reports bad credentials as last_error on each account', async () => {
    await setSocialAccount(ctx(), 'mastodon', { url: masto.url, access_token: 'revoked-token' });
    await setSocialAccount(ctx(), 'bluesky', {
      url: bsky.url,
      handle: 'status.acme.test',
      app_password: 'zzzz-zzzz-zzzz-zzzz',
    });
    minute();
    const r = await poll();
    expect(r.mastodon?.error).toMatch(/401.*access token is invalid/i);
    expect(r.bluesky?.error).toMatch(/Invalid identifier or password/);
    expect((await account('mastodon')).last_error).toMatch(/access token is invalid/);
    expect((await account('bluesky')).last_error).toMatch(/Invalid identifier or password/);
    // the secret is never part of what is shown
    const shown = JSON.stringify([await account('mastodon'), await account('bluesky')]);
    expect(shown).not.toMatch(/revoked-token|zzzz/);
  });

  it('takes an account from the environment when none is stored, keeping its cursor in a row', async () => {
    expect((await h.call('admin', 'DELETE', '/api/v1/social/mastodon')).status).toBe(204);
    expect((await h.call('admin', 'DELETE', '/api/v1/social/mastodon')).status).toBe(404);
    h.app.config.social = {
      mastodon: { kind: 'mastodon', url: masto.url, handle: null, secret: 'good-token' },
    };
    try {
      expect(await account('mastodon')).toMatchObject({
        settings_from: 'env',
        has_credentials: true,
        poll_cursor: null,
      });
      masto.add({ acct: 'jo@other.test', html: '<p>new after the switch</p>', at: ago(0.2) });
      minute();
      const r = (await jobs.social(h.app)) as Awaited<ReturnType<typeof poll>>; // the scheduler's line
      expect(r.mastodon?.error).toBeUndefined();
      expect(r.mastodon?.stored).toBe(1); // the rest of the newest page is already stored
      const a = await account('mastodon');
      expect(a).toMatchObject({ settings_from: 'env', last_error: null });
      expect(a.poll_cursor).not.toBeNull();
      // a disabled account is not read
      const put = await h.call('admin', 'PUT', '/api/v1/social/bluesky', { enabled: false });
      expect(put.json.enabled).toBe(false);
      const before = bsky.requests.length;
      minute();
      expect(Object.keys(await poll())).toEqual(['mastodon']);
      expect(bsky.requests.length).toBe(before);
    } finally {
      h.app.config.social = {};
    }
  });
});
