/**
 * The enquiries inbox over real HTTP (server.inject) on SQLite and PostgreSQL, without
 * JavaScript: the list with filters and keyset pages, one enquiry, the reply form (an approved
 * answer, free text, plain errors naming the field), status and relink, logging a call, the
 * CSRF check, and the incident screen's reaction chart with its table. User text is escaped.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createToken } from '../../src/actions/createToken.js';
import { editBriefing } from '../../src/actions/editBriefing.js';
import { receiveEnquiry } from '../../src/actions/receiveEnquiry.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { signInConsole } from '../helpers/console.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachEngine('console enquiries', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let cookie: string;
  let csrf: string;
  let incident: string;
  let other: string;
  const ids: string[] = [];
  const clock = new TestClock();

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    const api = (await createComponent(ctx, { name: 'API' })).id;
    incident = (
      await createIncident(ctx, {
        name: 'API errors',
        body: 'The API returns errors. We are investigating.',
        components: { [api]: 'partial_outage' },
        deliver_notifications: false,
      })
    ).id;
    other = (
      await createIncident(ctx, { name: 'Slow login', body: 'x', deliver_notifications: false })
    ).id;
    for (let i = 0; i < 55; i++) {
      clock.advance(1_000);
      ids.push(
        (
          await receiveEnquiry(ctx, {
            channel: i % 2 ? 'sms' : 'email',
            from: i % 2 ? `+1555000${i}` : `u${i}@example.org`,
            subject: i === 54 ? 'Help <b>now</b>' : undefined,
            text: i === 54 ? 'The API is down <script>x</script>' : `API errors again ${i}`,
            message_id: `<m${i}@example.org>`,
            incident_id: incident,
          })
        ).id,
      );
    }
    const secret = (await createToken(ctx, { name: 'ana', scope: 'write' })).secret;
    server = await buildServer(app);
    ({ cookie, csrf } = await signInConsole(server, secret, '/console/enquiries'));
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  const get = (url: string) => server.inject({ url, headers: { cookie } });
  const post = (url: string, fields: Record<string, string>, withCsrf = true) =>
    server.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie },
      payload: new URLSearchParams({ ...(withCsrf ? { _csrf: csrf } : {}), ...fields }).toString(),
    });
  const rows = (body: string) => (body.match(/class="row-link"/g) ?? []).length;

  it('lists 50 to a page, newest first, with filters and an older page', async () => {
    const first = await get('/console/enquiries');
    expect(first.statusCode).toBe(200);
    expect(rows(first.body)).toBe(50);
    expect(first.body).toContain('Help &lt;b&gt;now&lt;/b&gt;');
    expect(first.body).not.toContain('<script>x</script>');
    const older = /href="([^"]+)" rel="next"/.exec(first.body)![1].replace(/&amp;/g, '&');
    expect(rows((await get(older)).body)).toBe(5);
    expect(rows((await get('/console/enquiries?channel=sms')).body)).toBe(27);
    expect(rows((await get(`/console/enquiries?incident_id=${other}`)).body)).toBe(0);
    expect(rows((await get('/console/enquiries?status=nonsense')).body)).toBe(50);
  });

  it('replies with an approved answer filled in, or free text, and names a missing answer', async () => {
    const id = ids[54];
    const page = await get(`/console/enquiries/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('maxlength="10000"');
    const empty = await post(`/console/enquiries/${id}/reply`, { faq: '', body: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Your answer is required');
    expect(empty.body).toContain('href="#f-r-body"');
    const faq = await post(`/console/enquiries/${id}/reply`, { faq: 'statement', body: '' });
    expect(faq.statusCode).toBe(303);
    const after = await get(`/console/enquiries/${id}`);
    // the approved answer quotes the incident's latest public update
    expect(after.body).toContain('The API returns errors. We are investigating.');
    expect(after.body).toContain('Answered');
    const free = await post(`/console/enquiries/${ids[53]}/reply`, { body: 'Back soon.' });
    expect(free.statusCode).toBe(303);
    const sms = await get(`/console/enquiries/${ids[53]}`);
    expect(sms.body).toContain('Answered by hand');
    expect(sms.body).toContain('Back soon.');
  });

  it("offers the incident's briefing FAQ first, and sends the answer edited for this incident", async () => {
    await editBriefing(app.ctx(), incident, {
      faq: [{ q: 'Are card payments affected?', a: 'No: only API calls fail. Cards <b>work</b>.' }],
    });
    const id = ids[52];
    const page = await get(`/console/enquiries/${id}`);
    const first = page.body.indexOf('Are card payments affected?');
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(page.body.indexOf('Are you aware of the problem?'));
    expect(page.body).toContain('Cards &lt;b&gt;work&lt;/b&gt;.');
    expect(page.body).not.toContain('Cards <b>work</b>');
    const sent = await post(`/console/enquiries/${id}/reply`, { faq: 'briefing_1', body: '' });
    expect(sent.statusCode).toBe(303);
    const replies = await app.store.db
      .selectFrom('enquiry_replies')
      .select('body')
      .where('enquiry_id', '=', id)
      .execute();
    expect(replies.map((r) => r.body)).toEqual(['No: only API calls fail. Cards <b>work</b>.']);
    const unknown = await post(`/console/enquiries/${id}/reply`, { faq: 'briefing_9', body: '' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('must be one of the listed answers');
  });

  it('changes the status and relinks, and refuses a form without its CSRF token', async () => {
    const id = ids[10];
    expect((await post(`/console/enquiries/${id}`, { status: 'closed' }, false)).statusCode).toBe(
      403,
    );
    expect((await post(`/console/enquiries/${id}`, { status: 'closed' })).statusCode).toBe(303);
    expect((await post(`/console/enquiries/${id}`, { incident_id: other })).statusCode).toBe(303);
    const page = await get(`/console/enquiries/${id}`);
    expect(page.body).toContain('Closed');
    expect(page.body).toMatch(/<a href="\/console\/incidents\/[^"]+">Slow login<\/a>/);
    const bad = await post(`/console/enquiries/${id}`, { status: 'done' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Status');
  });

  it('logs a call, matched and linked like any enquiry', async () => {
    const missing = await post('/console/enquiries', { channel: 'phone', from: '', text: 'API?' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Who must not be empty');
    const ok = await post('/console/enquiries', {
      channel: 'phone',
      from: '+44 20 7946 0000',
      text: 'Customer says the API fails.',
    });
    expect(ok.statusCode).toBe(303);
    const page = await get(String(ok.headers.location));
    expect(page.body).toContain('via console');
    expect(page.body).toContain('API errors');
  });

  it('charts the reaction on the incident screen, with a table', async () => {
    const page = await get(`/console/incidents/${incident}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<svg class="reaction-chart"');
    expect(page.body).toMatch(/\d+ enquiries, \d+ negative/);
    expect(page.body).toContain('The numbers as a table');
    expect(page.body).toContain('Top themes');
  });
});
