/**
 * The console's Subscribers screen over real HTTP (server.inject) on SQLite and PostgreSQL:
 * add a subscriber (listed, audited under the signed-in token, a confirmation queued), a bad
 * address shown in plain words with the typed value kept, a resubmitted one-time token adding
 * nothing twice, a webhook's secret shown once; a CSV import with good, repeated, already
 * subscribed and bad rows (counts and line numbers, HTML escaped, the rows handed back as a
 * file), pasted rows, a file that cannot be read; and removing after a confirmation page.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { createToken } from '../../src/actions/createToken.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { parseCsv } from '../../src/lib/csv.js';
import { listAudit } from '../../src/store/queries/audit.js';
import { listSubscribers } from '../../src/store/queries/subscribers.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const BOUNDARY = '----flare-subscribers-test';

describeEachEngine('console subscribers', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let cookie: string;
  let csrf: string;
  let apiId: string;

  beforeAll(async () => {
    app = await makeTestApp(engine);
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    apiId = (await createComponent(ctx, { name: 'API' })).id;
    await createComponent(ctx, { name: 'Dashboard' });
    await createSubscriber(ctx, { channel: 'email', email: 'old@customer.test', confirmed: true });
    const secret = (await createToken(ctx, { name: 'ana', scope: 'write' })).secret;
    server = await buildServer(app);
    const r = await server.inject({
      method: 'POST',
      url: '/console/signin',
      headers: FORM,
      payload: new URLSearchParams({ token: secret }).toString(),
    });
    cookie = String(r.headers['set-cookie']).split(';')[0];
    const page = await get('/console/subscribers');
    csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  const get = (url: string) => server.inject({ url, headers: { cookie } });
  const post = (url: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries({ _csrf: csrf, ...fields }))
      for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return server.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie },
      payload: body.toString(),
    });
  };
  const upload = (fields: Record<string, string>, file?: { name: string; text: string }) => {
    const parts = Object.entries({ _csrf: csrf, ...fields }).map(
      ([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
    );
    if (file)
      parts.push(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.text}\r\n`,
      );
    return server.inject({
      method: 'POST',
      url: '/console/subscribers/import',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: `${parts.join('')}--${BOUNDARY}--\r\n`,
    });
  };
  const onceOf = (body: string) =>
    /action="\/console\/subscribers"[^>]*>[\s\S]*?name="_once" value="([^"]+)"/.exec(body)![1];
  const byAddress = async (address: string) =>
    (await listSubscribers(app.store.db, { limit: 1000 })).filter((s) => s.address === address);
  const flash = (body: string) => /class="flash[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec(body)?.[1] ?? '';

  it('shows the add and import forms with the server limits', async () => {
    const r = await get('/console/subscribers');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Add a subscriber');
    expect(r.body).toMatch(/<option value="email"[^>]*>Email<\/option>/);
    expect(r.body).toMatch(/<option value="sms"[^>]*>SMS<\/option>/);
    expect(r.body).toMatch(/<option value="webhook"[^>]*>Webhook<\/option>/);
    expect(r.body).toMatch(/name="address"[^>]*maxlength="2000"/);
    expect(r.body).toMatch(/name="rows"[^>]*maxlength="1000000"/);
    expect(r.body).toContain('enctype="multipart/form-data"');
    expect(r.body).toContain('old@customer.test');
  });

  it('adds a subscriber once: listed, audited, a confirmation queued, a resubmit adds nothing', async () => {
    const once = onceOf((await get('/console/subscribers')).body);
    const fields = {
      _once: once,
      channel: 'email',
      address: ' kim@customer.test ',
      components: apiId,
    };
    const r = await post('/console/subscribers', fields);
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toMatch(/^\/console\/subscribers\?done=added&id=[\w-]+$/);
    const shown = await get(String(r.headers.location));
    expect(flash(shown.body)).toContain('Added kim@customer.test (Email).');
    expect(flash(shown.body)).toContain('A link to confirm with is on its way');
    expect(shown.body).toMatch(/<td class="addr">kim@customer.test/);
    const [kim] = await byAddress('kim@customer.test');
    expect(kim.state).toBe('pending');
    expect(kim.components).toEqual([apiId]);
    const audit = await listAudit(app.store.db, { entityId: kim.id });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['subscriber.create', 'token:ana']]);
    const outbox = await app.store.db
      .selectFrom('notifications')
      .select('kind')
      .where('kind', '=', 'subscriber.confirm')
      .execute();
    expect(outbox.length).toBe(1);
    // Back and submit again (even changed): the first answer, nothing added twice
    const again = await post('/console/subscribers', { ...fields, address: 'kim2@customer.test' });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(r.headers.location);
    expect(await byAddress('kim@customer.test')).toHaveLength(1);
    expect(await byAddress('kim2@customer.test')).toHaveLength(0);
    // a number written with spaces, marked as already agreed: active at once
    const sms = await post('/console/subscribers', {
      _once: onceOf((await get('/console/subscribers')).body),
      channel: 'sms',
      address: '+44 7700 900123',
      confirmed: 'yes',
    });
    expect(flash((await get(String(sms.headers.location))).body)).toContain(
      'Added +447700900123 (SMS). They get updates from now on.',
    );
  });

  it('says plainly what is wrong with the address, keeps what was typed, and adds nobody', async () => {
    const typed = 'not-an-email <b>';
    const r = await post('/console/subscribers', {
      _once: onceOf((await get('/console/subscribers')).body),
      channel: 'email',
      address: typed,
      confirmed: 'yes',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Nobody was added.');
    expect(r.body).toMatch(/<a href="#f-s-address">Address must be an email address\.<\/a>/);
    expect(r.body).toMatch(/id="s-address-error">Address must be an email address\./);
    expect(r.body).toContain('value="not-an-email &lt;b&gt;"');
    expect(r.body).toMatch(/id="f-s-confirmed"[^>]*checked/);
    expect(r.body).not.toContain('<b>"');
    expect(await byAddress(typed)).toHaveLength(0);
    const dup = await post('/console/subscribers', {
      channel: 'email',
      address: 'old@customer.test',
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain('Address is already subscribed.');
    const phone = await post('/console/subscribers', { channel: 'sms', address: '07700 900123' });
    expect(phone.body).toContain('Address must be a phone number in international form');
  });

  it('shows a webhook’s signing secret once, then the list', async () => {
    const once = onceOf((await get('/console/subscribers')).body);
    const fields = { _once: once, channel: 'webhook', address: 'http://127.0.0.1:9/hook' };
    const r = await post('/console/subscribers', fields);
    expect(r.statusCode).toBe(201);
    expect(r.body).toMatch(/<code class="secret" id="webhook-secret">whsec_[\w+/=]+<\/code>/);
    const again = await post('/console/subscribers', fields);
    expect(again.statusCode).toBe(303);
    expect(again.body).not.toContain('whsec_');
    expect(flash((await get(String(again.headers.location))).body)).toContain(
      'Added http://127.0.0.1:9/hook (Webhook). They get updates from now on.',
    );
  });

  it('imports a CSV file: counts, line numbers, reasons escaped, the rows handed back', async () => {
    const csv = [
      'email,components,confirmed',
      'ana@import.test,API,yes',
      'ben@import.test,API;Dashboard,',
      'ANA@import.test,,yes',
      'old@customer.test,,',
      'not-an-email,,',
      '"<script>alert(1)</script>@x",,',
      'cy@import.test,Nope <i>,',
    ].join('\r\n');
    const r = await upload({}, { name: 'list <1>.csv', text: csv });
    expect(r.statusCode).toBe(200);
    const report = /<section class="import-result[\s\S]*?<\/section>/.exec(r.body)![0];
    expect(report).toContain('Import finished for <bdi>list &lt;1&gt;.csv</bdi>');
    expect(report).toMatch(/<b>2<\/b> added/);
    expect(report).toMatch(/<b>1<\/b> already subscribed/);
    expect(report).toMatch(/<b>1<\/b> repeated in the file, skipped/);
    expect(report).toMatch(/<b>3<\/b> rejected/);
    const lines = [...report.matchAll(/<tr><td class="n">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(lines).toEqual([4, 6, 7, 8]);
    expect(report).toMatch(/<td class="n">4<\/td>[\s\S]*?Email repeats line 2\./);
    expect(report).toMatch(/<td class="n">6<\/td>[\s\S]*?Email must be an email address\./);
    expect(report).toContain('&lt;script&gt;alert(1)&lt;/script&gt;@x');
    expect(report).not.toContain('<script>');
    expect(report).toContain(
      'Components: &quot;Nope &lt;i&gt;&quot; is not a known component id or name.',
    );
    expect(report).not.toContain('<i>');
    // the rows not imported come back as a CSV file, each with why
    const data = /href="data:text\/csv;charset=utf-8;base64,([^"]+)"/.exec(report)![1];
    const back = parseCsv(Buffer.from(data, 'base64').toString('utf8')).map((x) => x.cells);
    expect(back[0]).toEqual(['email', 'components', 'confirmed', 'problem']);
    expect(back.map((c) => c[0])).toEqual([
      'email',
      'ANA@import.test',
      'not-an-email',
      '<script>alert(1)</script>@x',
      'cy@import.test',
    ]);
    expect(back[4][3]).toContain('is not a known component');
    const [ana] = await byAddress('ana@import.test');
    expect(ana.state).toBe('active');
    expect((await byAddress('ben@import.test'))[0].state).toBe('pending');
    const audit = await listAudit(app.store.db, { action: 'subscriber.import' });
    expect(audit[0].actor).toBe('token:ana');
    // the file handed back imports again once fixed; its problem column is ignored
    const fixed = Buffer.from(data, 'base64')
      .toString('utf8')
      .replace('not-an-email', 'dee@import.test');
    const second = await upload({ confirmed: 'yes' }, { name: 'fixed.csv', text: fixed });
    expect(second.body).toMatch(/<b>1<\/b> added/);
    expect((await byAddress('dee@import.test'))[0].state).toBe('active');
  });

  it('imports pasted rows, and says why a file cannot be read at all', async () => {
    const pasted = await upload({ rows: 'phone\n+15550100100\n' });
    expect(pasted.statusCode).toBe(200);
    expect(pasted.body).toMatch(/<b>1<\/b> added/);
    expect(pasted.body).toContain('Every row was imported.');
    const empty = await upload({});
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Nothing was imported.');
    expect(empty.body).toContain('Choose a CSV file, or paste the rows');
    const column = await upload({ rows: 'name,email\n<b>Kim</b>,kim@x.test' });
    expect(column.statusCode).toBe(400);
    expect(column.body).toContain('The column &quot;name&quot; is not one Flare knows');
    // what was pasted is kept, escaped
    expect(column.body).toContain('&lt;b&gt;Kim&lt;/b&gt;,kim@x.test</textarea>');
    const quote = await upload({}, { name: 'q.csv', text: 'email\n"open@x.test\n' });
    expect(quote.body).toContain('Line 2: a quoted field is never closed.');
    const both = await upload(
      { rows: 'email\na@x.test' },
      { name: 'b.csv', text: 'email\nb@x.test' },
    );
    expect(both.body).toContain('Choose a file or paste rows, not both');
  });

  it('asks before removing a subscriber, then says who was removed', async () => {
    const [kim] = await byAddress('kim@customer.test');
    const list = await get('/console/subscribers?q=kim@');
    expect(list.body).toContain(`href="/console/subscribers/${kim.id}/delete?q=kim%40"`);
    const ask = await get(`/console/subscribers/${kim.id}/delete?q=kim%40`);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Remove <bdi class="addr">kim@customer.test</bdi>?');
    expect(ask.body).toContain('Yes, remove them');
    expect(ask.body).toContain('href="/console/subscribers?q=kim%40">No, keep them');
    // a post that did not come from the confirmation page is asked first
    const unasked = await post(`/console/subscribers/${kim.id}/delete`, {});
    expect(unasked.statusCode).toBe(303);
    expect(unasked.headers.location).toBe(`/console/subscribers/${kim.id}/delete`);
    expect(await byAddress('kim@customer.test')).toHaveLength(1);
    const del = await post(`/console/subscribers/${kim.id}/delete`, { confirm: 'yes', q: 'kim@' });
    expect(del.headers.location).toBe(`/console/subscribers?done=removed&id=${kim.id}&q=kim%40`);
    expect(await byAddress('kim@customer.test')).toHaveLength(0);
    const after = await get(String(del.headers.location));
    expect(flash(after.body)).toContain(
      'Removed kim@customer.test (Email). They get no more updates.',
    );
    expect(after.body).toContain('Nobody matches that address.');
    const audit = await listAudit(app.store.db, { entityId: kim.id, action: 'subscriber.delete' });
    expect(audit[0].actor).toBe('token:ana');
    // sent again (Back, reload): the same answer, not an error
    const twice = await post(`/console/subscribers/${kim.id}/delete`, { confirm: 'yes' });
    expect(twice.statusCode).toBe(303);
    const missing = await get('/console/subscribers/nope/delete');
    expect(missing.statusCode).toBe(404);
  });
});
