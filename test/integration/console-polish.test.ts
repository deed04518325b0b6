/**
 * What a new comms lead reads on the demo, over real HTTP (server.inject) on SQLite and
 * PostgreSQL: the declare preview's "Who it reaches" adds up to the customer deliveries that go
 * out; Subscribers says how many are account contacts and counts the team apart; the account
 * and call forms say "Nothing was saved." with plain, linked errors; no CLI or API instruction
 * where a console screen does the job; role names in the room's notes.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPerson } from '../../src/actions/createPerson.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { createToken } from '../../src/actions/createToken.js';
import { declareIncident } from '../../src/actions/declareIncident.js';
import { loadDemo } from '../../src/actions/loadDemo.js';
import { expandStep } from '../../src/dispatch/expand.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { FORM, signInConsole } from '../helpers/console.js';

describeEachEngine('console polish', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let cookie: string;
  let csrf: string;
  let apiId: string;
  const clock = new TestClock();

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    const ctx = app.ctx();
    await loadDemo(ctx, { publicUrl: 'http://127.0.0.1' });
    apiId = (
      await app.store.db
        .selectFrom('components')
        .select('id')
        .where('name', '=', 'API')
        .executeTakeFirstOrThrow()
    ).id;
    // as `flare start` adds them: a reader of everything, a reader of the API only, a webhook,
    // a reader of Billing only (not told of an API incident) and a team member
    await createSubscriber(ctx, { channel: 'email', email: 'all@reader.test', confirmed: true });
    await createSubscriber(ctx, {
      channel: 'email',
      email: 'api@reader.test',
      confirmed: true,
      components: [apiId],
    });
    await createSubscriber(ctx, { channel: 'webhook', url: 'https://hooks.example.test/flare' });
    const billing = await app.store.db
      .selectFrom('components')
      .select('id')
      .where('name', '=', 'Billing')
      .executeTakeFirst();
    if (billing)
      await createSubscriber(ctx, {
        channel: 'email',
        email: 'billing@reader.test',
        confirmed: true,
        components: [billing.id],
      });
    await createPerson(ctx, { name: 'Priya Shah', email: 'priya.shah@acme.example' });
    const secret = (await createToken(ctx, { name: 'lead', scope: 'admin' })).secret;
    server = await buildServer(app);
    ({ cookie, csrf } = await signInConsole(server, secret, '/console/accounts'));
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  const get = (url: string) => server.inject({ url, headers: { cookie } });
  const post = (url: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ _csrf: csrf });
    for (const [k, v] of Object.entries(fields))
      for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return server.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie },
      payload: body.toString(),
    });
  };

  it("the declare preview's 'Who it reaches' is the customer deliveries that go out", async () => {
    const audiences = ['affected_customers', 'key_accounts'];
    const r = await post('/console/declare', {
      severity: 'SEV1',
      template: 'investigating',
      locale: 'en',
      issue: 'failed API calls',
      [`c_${apiId}`]: 'major_outage',
      visibility: 'public',
      audiences,
      intent: 'preview',
      fragment: '1',
    });
    expect(r.statusCode).toBe(200);
    const m = /Who it reaches: (\d+) account contacts? and (\d+) other subscribers?</.exec(r.body);
    expect(m, r.body.slice(r.body.indexOf('Who it reaches'), 400)).not.toBeNull();
    const [contacts, others] = [Number(m![1]), Number(m![2])];
    // all@, api@ and the webhook; billing@ follows Billing only
    expect(others).toBe(3);
    const emailRow = /Email<\/td><td class="n">(\d+)</.exec(r.body);

    const out = await declareIncident(app.ctx(), {
      severity: 'SEV1',
      template: 'investigating',
      vars: { issue: 'failed API calls' },
      components: { [apiId]: 'major_outage' },
      visibility: 'public',
      audiences,
    });
    while (await expandStep(app.store.db, app.store.engine, () => clock.now())) {}
    const rows = await sql<{ channel: string; n: number | string }>`
      select d.channel as channel, count(*) as n from deliveries d
      join notifications n on n.id = d.notification_id
      join subscribers s on s.id = d.subscriber_id
      where n.incident_id = ${out.incident.id} and s.audience = 'public'
      group by d.channel`.execute(app.store.db);
    const sent = Object.fromEntries(rows.rows.map((x) => [x.channel, Number(x.n)]));
    const total = Object.values(sent).reduce((a, b) => a + b, 0);
    expect(total).toBe(contacts + others);
    expect(sent.webhook).toBe(1);
    expect(Number(emailRow?.[1])).toBe(sent.email);
  });

  it('Subscribers says how many are account contacts and counts the team apart', async () => {
    const r = await get('/console/subscribers');
    expect(r.statusCode).toBe(200);
    // loadDemo's 14 contacts, all@, api@ and billing@
    expect(r.body).toMatch(/<b>17<\/b><span>Email · 14 of them account contacts<\/span>/);
    expect(r.body).toMatch(/<b>1<\/b><span>Team members/);
    const dash = await get('/console?dashboard=1');
    expect(dash.body).toContain('(14 account contacts)');
    expect(dash.body).not.toContain('flare plan check');
    expect(dash.body).toContain('href="/console/plan"');
  });

  it('the account form says "Nothing was saved." with plain errors, each linked to its field', async () => {
    const r = await post('/console/accounts', {
      name: 'x'.repeat(201),
      tier: 'enterprise',
      criticality: 'normal',
      time_zone: 'Mars/Olympus',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Nothing was saved.');
    expect(r.body).not.toContain('Nothing was published');
    expect(r.body).not.toContain('Too big');
    expect(r.body).toContain(
      '<a href="#f-a-name">Customer name is too long: at most 200 characters.</a>',
    );
    expect(r.body).toContain(
      '<a href="#f-a-time_zone">Time zone must be a time zone name such as Europe/London.</a>',
    );
    expect(r.body).toContain('id="f-a-name"');
    expect(r.body).toContain('id="f-a-time_zone"');
  });

  it('the call log says "Nothing was saved." and the empty screens point to the console', async () => {
    const r = await post('/console/enquiries', { channel: 'phone', from: '', text: '' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Nothing was saved.');
    expect(r.body).not.toContain('Nothing was published');
    const aud = await get('/console/audiences');
    expect(aud.body).toContain('href="/console/severities"');
    expect(aud.body).toMatch(
      /<small class="aud-key">key <code>affected_customers<\/code><\/small>/,
    );
    const sla = await get('/console/sla');
    expect(sla.body).toContain('No SLA policies yet.');
    expect(sla.body).not.toMatch(/add them to the plan \(sla_policies:\)/);
  });
});
