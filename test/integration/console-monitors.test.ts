/**
 * The console's Monitors screen over real HTTP (server.inject) on SQLite and PostgreSQL,
 * without JavaScript: an admin connects an Alertmanager through the form and is shown its
 * intake URL once (a resend of the form connects nothing twice and shows no secret); an alert
 * posted to that URL opens a draft that the screen then lists, linked; the rules are edited
 * through the form while the matchers set through the API are kept; a new secret is shown once
 * and the old address is refused; disconnecting asks first, after which the address answers 404.
 * Problems name their field, the name is escaped, a write token is refused, every change is
 * audited, and no secret appears in any page but the one that made it.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createToken } from '../../src/actions/createToken.js';
import { setPlanSetting } from '../../src/actions/setPlanSetting.js';
import { updateIntegration } from '../../src/actions/updateIntegration.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { listIntegrations } from '../../src/store/queries/alertIntegrations.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { signInConsole } from '../helpers/console.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const NAME = '<img src=x onerror=alert(1)> Prometheus';

const firing = (service: string) => ({
  version: '4',
  groupKey: `{}:{alertname="HighErrorRate",service="${service}"}`,
  status: 'firing',
  receiver: 'flare',
  groupLabels: { alertname: 'HighErrorRate' },
  commonLabels: { alertname: 'HighErrorRate' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager.local:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighErrorRate', service, severity: 'critical' },
      annotations: { summary: `Errors on ${service} above 5%` },
      startsAt: '2026-12-01T09:59:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint: `fp-${service}`,
    },
  ],
});

describeEachEngine('console monitors', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  const clock = new TestClock(Date.parse('2026-12-01T10:00:00Z'));
  const admin = { cookie: '', csrf: '' };
  const writer = { cookie: '', csrf: '' };
  const pages: string[] = [];
  const comp: Record<string, string> = {};

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock, config: { inboundRateLimit: 100_000 } });
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    // no flap window: an alert opens its draft at once
    await setPlanSetting(ctx, { key: 'alert_flap_minutes', value: 0 });
    for (const name of ['Checkout', 'Search'])
      comp[name] = (await createComponent(ctx, { name })).id;
    const a = await createToken(ctx, { name: 'ana', scope: 'admin' });
    const w = await createToken(ctx, { name: 'wes', scope: 'write' });
    server = await buildServer(app);
    Object.assign(admin, await signInConsole(server, a.secret, '/console/monitors'));
    Object.assign(writer, await signInConsole(server, w.secret, '/console'));
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  const get = async (url: string, who = admin) => {
    const r = await server.inject({ url, headers: { cookie: who.cookie } });
    pages.push(r.body);
    return r;
  };
  const post = async (url: string, fields: Record<string, string>, who = admin) => {
    const r = await server.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie: who.cookie },
      payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
    });
    pages.push(r.body);
    return r;
  };
  const alert = (url: string, body: unknown) =>
    server.inject({ method: 'POST', url: new URL(url).pathname, payload: body as object });
  const urlIn = (body: string) =>
    /id="new-secret"[^>]*value="([^"]+)"/.exec(body)?.[1].replace(/&#x2F;|&#47;/g, '/') ?? '';
  const monitors = () => listIntegrations(app.store.db);

  it('refuses a write token and shows the empty screen with the connect form', async () => {
    expect((await get('/console/monitors', writer)).statusCode).toBe(403);
    expect(
      (await post('/console/monitors', { name: 'x', kind: 'generic' }, writer)).statusCode,
    ).toBe(403);
    const r = await get('/console/monitors');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('No monitor is connected yet');
    expect(r.body).toContain(`name="comp_${comp.Checkout}"`);
    expect(r.body).toContain('Prometheus Alertmanager');
  });

  it('names the field of each problem and connects nothing', async () => {
    const empty = await post('/console/monitors', {
      _once: 'bad-1',
      name: '',
      kind: 'alertmanager',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Name must not be empty.');
    const twice = await post('/console/monitors', {
      _once: 'bad-2',
      name: 'Prom',
      kind: 'alertmanager',
      [`comp_${comp.Checkout}`]: 'checkout',
      [`comp_${comp.Search}`]: 'search, checkout',
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain(
      'Label values for Search lists “checkout”, which is already listed under Checkout',
    );
    expect(twice.body).toContain('is already listed under Checkout');
    // what was typed is kept
    expect(twice.body).toContain('value="search, checkout"');
    const kind = await post('/console/monitors', { _once: 'bad-3', name: 'Prom', kind: 'nagios' });
    expect(kind.statusCode).toBe(400);
    expect(kind.body).toContain('Monitoring tool: choose one of the listed options.');
    expect(await monitors()).toHaveLength(0);
  });

  let url = '';
  let id = '';
  it('connects a monitor, shows its URL once, and a resend connects nothing twice', async () => {
    const fields = {
      _once: 'connect-1',
      name: NAME,
      kind: 'alertmanager',
      label: 'service',
      [`comp_${comp.Checkout}`]: 'checkout, payments',
      status: 'major_outage',
      severity: 'SEV1',
    };
    const r = await post('/console/monitors', fields);
    expect(r.statusCode).toBe(201);
    expect(r.body).not.toContain('<img src=x');
    expect(r.body).toContain('&lt;img src=x onerror=alert(1)&gt; Prometheus is connected');
    url = urlIn(r.body);
    const [m] = await monitors();
    id = m.id;
    expect(url).toMatch(
      new RegExp(`^https://status\\.acme\\.test/api/v1/alerts/${id}/[\\w-]{20,}$`),
    );
    expect(m.mapping).toEqual({
      label: 'service',
      components: { checkout: comp.Checkout, payments: comp.Checkout },
      status: 'major_outage',
      severity: 'SEV1',
    });
    const again = await post('/console/monitors', fields);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/console/monitors?done=resent');
    expect(again.body).not.toContain(url.split('/').at(-1));
    expect(await monitors()).toHaveLength(1);
  });

  it('lists the draft an alert opened, linked, and never the secret', async () => {
    const r = await alert(url, firing('payments'));
    expect(r.statusCode, r.body).toBe(200);
    const opened = r.json().opened as string[];
    expect(opened).toHaveLength(1);
    const list = await get('/console/monitors');
    expect(list.body).toContain(`href="/console/incidents/${opened[0]}"`);
    expect(list.body).toContain('Errors on payments above 5%');
    expect(list.body).toContain('Draft or incident open');
    expect(list.body).toContain('<code>service=payments</code> → Checkout');
    expect(list.body).not.toContain(url.split('/').at(-1));
  });

  it('edits the rules through the form and keeps what the API set', async () => {
    const rules = [{ match: { team: 'search' }, components: [comp.Search] }];
    const [m] = await monitors();
    await updateIntegration(app.ctx(), id, { mapping: { ...m.mapping, rules } });
    const form = await get(`/console/monitors/${id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="checkout, payments"');
    const saved = await post(`/console/monitors/${id}`, {
      _once: 'edit-1',
      name: 'Prometheus prod',
      label: 'service',
      [`comp_${comp.Checkout}`]: 'checkout',
      [`comp_${comp.Search}`]: 'search',
      status: 'partial_outage',
      severity: '',
      publish: '1',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/console/monitors?done=saved#m-${id}`);
    const [after] = await monitors();
    expect(after.name).toBe('Prometheus prod');
    expect(after.mapping).toEqual({
      label: 'service',
      components: { checkout: comp.Checkout, search: comp.Search },
      status: 'partial_outage',
      publish: true,
      rules,
    });
    const audit = await app.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['integration.create', 'integration.update']),
    );
  });

  it('makes a new secret after asking, shows it once, and refuses the old address', async () => {
    const ask = await get(`/console/monitors/${id}/rotate`);
    expect(ask.body).toContain('The old address stops working at once');
    const r = await post(`/console/monitors/${id}/rotate`, { _once: 'rotate-01', confirm: 'yes' });
    expect(r.statusCode).toBe(201);
    const fresh = urlIn(r.body);
    expect(fresh).not.toBe(url);
    expect((await alert(url, firing('search'))).statusCode).toBe(401);
    expect((await alert(fresh, firing('search'))).statusCode).toBe(200);
    const again = await post(`/console/monitors/${id}/rotate`, {
      _once: 'rotate-01',
      confirm: 'yes',
    });
    expect(again.statusCode).toBe(303);
    url = fresh;
  });

  it('disconnects after asking; the address then answers 404', async () => {
    const ask = await get(`/console/monitors/${id}/disconnect`);
    expect(ask.body).toContain('The drafts and incidents it opened stay');
    const no = await post(`/console/monitors/${id}/disconnect`, {});
    expect(no.statusCode).toBe(303);
    expect(await monitors()).toHaveLength(1);
    const yes = await post(`/console/monitors/${id}/disconnect`, { confirm: 'yes' });
    expect(yes.headers.location).toBe('/console/monitors?done=disconnected');
    expect(await monitors()).toHaveLength(0);
    expect((await alert(url, firing('checkout'))).statusCode).toBe(404);
    // secrets appeared only on the pages that made them
    const secret = url.split('/').at(-1)!;
    expect(pages.filter((p) => p.includes(secret))).toHaveLength(1);
  });
});
