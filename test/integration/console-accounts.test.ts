/**
 * The console's customer screens over real HTTP (server.inject) on SQLite and PostgreSQL:
 * the accounts list (search, filters, pages), one account (contacts, footprint, incident
 * history), the audiences, adding an account and a contact, the CSV upload, the reach panel
 * of the declare preview, and the outreach board's "mark done". User text is escaped throughout.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAccount } from '../../src/actions/createAccount.js';
import { createComponent } from '../../src/actions/createComponent.js';
import { createContact } from '../../src/actions/createContact.js';
import { createToken } from '../../src/actions/createToken.js';
import { declareIncident } from '../../src/actions/declareIncident.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { listAudit } from '../../src/store/queries/audit.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { signInConsole } from '../helpers/console.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachEngine('console accounts', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let cookie: string;
  let csrf: string;
  let apiId: string;
  let billingId: string;
  let globexId: string;
  const clock = new TestClock();

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    apiId = (await createComponent(ctx, { name: 'API' })).id;
    billingId = (await createComponent(ctx, { name: 'Billing' })).id;
    const globex = await createAccount(ctx, {
      name: 'Globex <script>x</script>',
      external_id: 'CRM-1',
      tier: 'enterprise',
      criticality: 'critical',
      region: 'eu',
      tags: ['healthcare'],
      components: [apiId],
    });
    globexId = globex.id;
    await createContact(ctx, globexId, {
      name: 'Sam Lee',
      role: 'technical',
      email: 'sam@globex.test',
    });
    await createContact(ctx, globexId, {
      name: 'Kim Park',
      role: 'executive',
      phone: '+447700900123',
    });
    for (let i = 0; i < 30; i++)
      await createAccount(ctx, {
        name: `Customer ${String(i).padStart(2, '0')}`,
        external_id: `C-${i}`,
        tier: i % 2 ? 'business' : 'free',
        region: i % 3 ? 'us' : 'apac',
        components: [billingId],
      });
    await declareIncident(ctx, {
      severity: 'SEV2',
      template: 'investigating',
      vars: { issue: 'slow API calls' },
      components: { [apiId]: 'degraded_performance' },
    });
    const secret = (await createToken(ctx, { name: 'ana', scope: 'write' })).secret;
    server = await buildServer(app);
    ({ cookie, csrf } = await signInConsole(server, secret, '/console/accounts'));
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
  const rows = (body: string) => (body.match(/class="row-link"/g) ?? []).length;

  it('lists accounts 25 to a page, searches by name or customer ID, and filters', async () => {
    const first = await get('/console/accounts');
    expect(first.statusCode).toBe(200);
    expect(rows(first.body)).toBe(25);
    expect(first.body).toContain('Page 1 of 2');
    const second = await get('/console/accounts?page=2');
    expect(rows(second.body)).toBe(6);
    // by name: the customers first, then Globex, its name shown as text
    expect(second.body).toContain('Globex &lt;script&gt;x&lt;/script&gt;');
    expect(second.body).not.toContain('<script>x</script>');
    expect(second.body).toContain('rel="prev"');
    expect(rows((await get('/console/accounts?q=crm-1')).body)).toBe(1);
    expect(rows((await get('/console/accounts?q=globex')).body)).toBe(1);
    expect(rows((await get('/console/accounts?tier=business')).body)).toBe(15);
    expect(rows((await get('/console/accounts?tier=business&region=apac')).body)).toBe(5);
    expect(rows((await get('/console/accounts?criticality=critical')).body)).toBe(1);
    expect(rows((await get('/console/accounts?tag=healthcare')).body)).toBe(1);
    expect((await get('/console/accounts?q=%25')).body).toContain('No account matches');
    // a page past the end shows the last one
    expect((await get('/console/accounts?page=99')).body).toContain('Page 2 of 2');
  });

  it('shows one account: contacts, footprint and the incidents that touched it', async () => {
    const r = await get(`/console/accounts/${globexId}`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Key account');
    expect(r.body).toContain('sam@globex.test');
    expect(r.body).toContain('href="tel:+447700900123"');
    expect(r.body).toMatch(/Components they use[\s\S]*API/);
    expect(r.body).toMatch(/Incidents that affected them[\s\S]*Slow API calls/);
    expect((await get('/console/accounts/nope')).statusCode).toBe(404);
  });

  it('lists the audiences with their rules in words', async () => {
    const r = await get('/console/audiences');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Key accounts');
    expect(r.body).toContain('when the incident touches a component they use');
    expect(r.body).toContain('href="/a/key_accounts"');
  });

  it('adds an account and a contact from the forms, audited, with errors next to the fields', async () => {
    const bad = await post('/console/accounts', {
      name: '',
      tier: 'enterprise',
      criticality: 'normal',
      time_zone: 'Mars/Base',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/id="a-name-error"/);
    expect(bad.body).toMatch(
      /id="a-time_zone-error"[^<]*Time zone must be a time zone name such as/,
    );
    const forged = await server.inject({
      method: 'POST',
      url: '/console/accounts',
      headers: { ...FORM, cookie },
      payload: 'name=Evil&tier=free',
    });
    expect(forged.statusCode).toBe(403);
    const ok = await post('/console/accounts', {
      name: 'Initech',
      external_id: 'CRM-2',
      tier: 'business',
      criticality: 'high',
      region: 'US',
      tags: 'retail, SSO',
      components: [apiId, billingId],
      _once: 'form-add-initech-1',
    });
    expect(ok.statusCode).toBe(303);
    const location = String(ok.headers.location);
    expect(location).toMatch(/^\/console\/accounts\/[\w-]+\?done=account$/);
    // the same form sent again leads to the same account, not a second one
    const again = await post('/console/accounts', {
      name: 'Initech',
      tier: 'business',
      _once: 'form-add-initech-1',
    });
    expect(again.headers.location).toBe(location);
    const page = await get(location);
    expect(page.body).toContain('Account added');
    expect(page.body).toMatch(/mini-tag">retail/);
    const id = location.split('/')[3].split('?')[0];
    const badContact = await post(`/console/accounts/${id}/contacts`, {
      name: 'Pat',
      role: 'technical',
      channel: 'sms',
      address: 'not a phone',
    });
    expect(badContact.statusCode).toBe(400);
    expect(badContact.body).toMatch(/id="c-address-error"/);
    const contact = await post(`/console/accounts/${id}/contacts`, {
      name: 'Pat <b>Doe</b>',
      role: 'billing',
      channel: 'email',
      address: 'pat@initech.test',
    });
    expect(contact.statusCode).toBe(303);
    const after = await get(`/console/accounts/${id}`);
    expect(after.body).toContain('pat@initech.test');
    expect(after.body).toContain('Pat &lt;b&gt;Doe&lt;/b&gt;');
    const audit = await listAudit(app.store.db, { limit: 20 });
    expect(audit.some((a) => a.action === 'account.create' && a.actor === 'token:ana')).toBe(true);
  });

  it('imports a CSV file uploaded as multipart/form-data and lists what it rejected', async () => {
    const csv = [
      'external_id,name,tier,criticality,components,contact_name,contact_role,contact_email',
      'CRM-1,Globex renamed,enterprise,critical,API,Lee,admin,lee@globex.test',
      'CRM-9,Hooli,business,normal,Billing,Gavin,executive,gavin@hooli.test',
      'CRM-10,Bad Tier,platinum,normal,,,,',
    ].join('\r\n');
    const boundary = '----flare-test-boundary';
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="_csrf"',
      '',
      csrf,
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="crm <export>.csv"',
      'Content-Type: text/csv',
      '',
      csv,
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const r = await server.inject({
      method: 'POST',
      url: '/console/accounts/import',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('crm &lt;export&gt;.csv');
    expect(r.body).toMatch(/<b>1<\/b> accounts created/);
    expect(r.body).toMatch(/<b>1<\/b> updated/);
    expect(r.body).toMatch(/<b>1<\/b> rows rejected/);
    expect(r.body).toMatch(/CRM-10[\s\S]*tier/);
    expect(rows((await get('/console/accounts?q=globex renamed')).body)).toBe(1);
    // an upload without the CSRF field is refused like any other form
    const forged = await server.inject({
      method: 'POST',
      url: '/console/accounts/import',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body.replace(csrf, 'x'),
    });
    expect(forged.statusCode).toBe(403);
    // a file past the console's limit is refused with a page that says where to go instead
    const huge = body.replace(csv, `${csv}\r\n${'x'.repeat(21 * 1024 * 1024)}`);
    const big = await server.inject({
      method: 'POST',
      url: '/console/accounts/import',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: huge,
    });
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('flare accounts import');
  });

  it('previews who an audiences-only message reaches, per audience and channel, with key accounts', async () => {
    const r = await post('/console/declare', {
      severity: 'SEV1',
      template: 'investigating',
      locale: 'en',
      issue: 'failed API calls',
      [`c_${apiId}`]: 'major_outage',
      visibility: 'audiences',
      audiences: ['key_accounts'],
      intent: 'preview',
      fragment: '1',
    });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Who it reaches');
    expect(r.body).toContain('Audiences only');
    expect(r.body).toMatch(/Key accounts<\/td><td class="n">\d+/);
    expect(r.body).toMatch(/Email<\/td><td class="n">\d+/);
    expect(r.body).toMatch(/Key accounts among them[\s\S]*Globex/);
    expect(r.body).not.toMatch(/Key accounts among them[\s\S]*Customer 0/);
    // audiences-only with none ticked is refused next to the field, nothing declared
    const none = await post('/console/declare', {
      severity: 'SEV1',
      template: 'investigating',
      issue: 'failed API calls',
      visibility: 'audiences',
      intent: 'publish',
    });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Tick at least one audience');
  });

  it('shows the outreach board and records a call once, in the room and the audit log', async () => {
    const out = await declareIncident(app.ctx(), {
      severity: 'SEV1',
      template: 'investigating',
      vars: { issue: 'API down' },
      components: { [apiId]: 'major_outage' },
      visibility: 'audiences',
      audiences: ['key_accounts'],
    });
    const url = `/console/incidents/${out.incident.id}`;
    const page = await get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Key-account calls');
    // (the import above renamed Globex)
    expect(page.body).toMatch(/<h3><a href="\/console\/accounts\/[^"]+">Globex renamed<\/a><\/h3>/);
    expect(page.body).toContain('href="tel:+447700900123"');
    expect(page.body).not.toContain('View on the status page');
    const taskId = /id="task-([^"]+)"/.exec(page.body)![1];
    expect(page.body).toContain('Call within 15 min');
    expect(page.body).not.toContain('task is-overdue');
    // past its due time the task turns red
    clock.advanceMinutes(20);
    const late = await get(url);
    expect(late.body).toContain(`class="task is-overdue" id="task-${taskId}"`);
    expect(late.body).toContain('OVERDUE by 5 min');
    expect(late.body).toContain('1 overdue');
    const bad = await post(`${url}/outreach/${taskId}`, { outcome: 'maybe' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose how the call went');
    const ok = await post(`${url}/outreach/${taskId}`, {
      outcome: 'no_answer',
      note: 'Rang twice <b>no</b> reply',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${url}?done=outreach#outreach`);
    const after = await get(`${url}?done=outreach`);
    expect(after.body).toContain('Call recorded');
    expect(after.body).toContain('No answer');
    expect(after.body).toContain('Rang twice &lt;b&gt;no&lt;/b&gt; reply');
    expect(after.body).not.toContain('<b>no</b>');
    const again = await post(`${url}/outreach/${taskId}`, { outcome: 'reached' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('already recorded');
    const audit = await listAudit(app.store.db, { limit: 50 });
    expect(audit.some((a) => a.action === 'outreach.complete' && a.actor === 'token:ana')).toBe(
      true,
    );
  });
});
