/**
 * Alert intake (issue #13 part 1) on real SQLite and PostgreSQL, over real HTTP to a listening
 * server on 127.0.0.1. Each vendor's payload, written from its documentation and (PagerDuty)
 * signed here as the vendor signs, opens a draft with the mapped components, severity and
 * template; a repeat updates the same draft; a resolve proposes the resolution; a wrong secret
 * or signature is a 401 that stores nothing. Grouping holds under a 10,000-alert storm;
 * flapping alerts are held back until the scheduler promotes them; a draft stays off /api/v2
 * until the comms lead publishes it from the signed link in their notice.
 */
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPerson } from '../../src/actions/createPerson.js';
import { runAlertIntake } from '../../src/actions/runAlertIntake.js';
import { setPlanSetting } from '../../src/actions/setPlanSetting.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';

type Json = Record<string, any>;

/** PagerDuty v3: X-PagerDuty-Signature = "v1=" + hex HMAC-SHA256 of the raw body with the signing secret. */
const pagerdutySignature = (secret: string, body: string) =>
  `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;

// --- payloads written from each vendor's documentation ---
function alertmanager(groupKey: string, status: 'firing' | 'resolved', alerts: Json[]) {
  return {
    version: '4',
    groupKey,
    truncatedAlerts: 0,
    status,
    receiver: 'flare',
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { alertname: 'HighErrorRate' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.local:9093',
    alerts: alerts.map((a) => ({
      status,
      labels: { alertname: 'HighErrorRate', ...a.labels },
      annotations: { summary: a.summary ?? 'Checkout error rate above 5%' },
      startsAt: '2026-11-20T11:59:00Z',
      endsAt: status === 'resolved' ? '2026-11-20T12:10:00Z' : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.local/graph',
      fingerprint: a.fingerprint,
    })),
  };
}

function grafana(status: 'firing' | 'resolved') {
  return {
    receiver: 'flare',
    status,
    orgId: 1,
    alerts: [
      {
        status,
        labels: {
          alertname: 'High memory usage',
          team: 'blue',
          zone: 'us-1',
          severity: 'critical',
        },
        annotations: { summary: 'Search memory above 90%' },
        startsAt: '2026-11-20T11:51:03.157076+02:00',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'https://grafana.local/alerting/1afz29v7z/edit',
        fingerprint: 'c6eadffa33fcdf37',
        silenceURL: 'https://grafana.local/alerting/silence/new',
        dashboardURL: '',
        panelURL: '',
        values: { B: 44.2, C: 1 },
      },
    ],
    groupLabels: { alertname: 'High memory usage' },
    commonLabels: { alertname: 'High memory usage', team: 'blue' },
    commonAnnotations: {},
    externalURL: 'https://grafana.local/',
    version: '1',
    groupKey: '{}:{alertname="High memory usage"}',
    truncatedAlerts: 0,
    title: `[${status.toUpperCase()}:1] High memory usage (blue)`,
    state: status === 'firing' ? 'alerting' : 'ok',
    message: 'Memory is high',
  };
}

/** Datadog's default webhook payload: the transition is only in the title. */
const datadogDefault = (transition: 'Triggered' | 'Recovered') => ({
  body: '%%%\nLogin latency above 2s\n%%%',
  last_updated: '1795176000000',
  event_type: 'query_alert_monitor',
  title: `[${transition}] Login latency high`,
  date: '1795176000000',
  org: { id: '123', name: 'Acme' },
  id: transition === 'Triggered' ? '7001' : '7002',
});

/** The custom payload docs/alerts.md gives, as Datadog fills it in. */
const datadogCustom = (transition: 'Triggered' | 'Re-Triggered' | 'Recovered') => ({
  id: '8123',
  title: `[${transition}] Billing queue backlog`,
  alert_transition: transition,
  aggreg_key: '9bd4ac313a4d1e8fae2482df7b77628',
  alert_id: '1234',
  priority: 'P1',
  tags: 'env:prod, service:billing, team:payments',
  alert_scope: 'env:prod',
  body: 'Backlog above 10k',
});

const pagerduty = (type: 'incident.triggered' | 'incident.resolved' | 'incident.acknowledged') => ({
  event: {
    id: `01${type.length}ABCDEFG`,
    event_type: type,
    resource_type: 'incident',
    occurred_at: '2026-11-20T12:00:00.000Z',
    agent: null,
    client: null,
    data: {
      id: 'PGR0VU2',
      type: 'incident',
      self: 'https://api.pagerduty.com/incidents/PGR0VU2',
      html_url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
      number: 2,
      status: type === 'incident.resolved' ? 'resolved' : 'triggered',
      incident_key: 'd3640fbd41094207a1c11e58e46b1662',
      created_at: '2026-11-20T11:58:00Z',
      title: 'Email delivery failing',
      service: {
        html_url: 'https://acme.pagerduty.com/services/PF9KMXH',
        id: 'PF9KMXH',
        self: 'https://api.pagerduty.com/services/PF9KMXH',
        summary: 'Mailer',
        type: 'service_reference',
      },
      assignees: [],
      escalation_policy: { id: 'PTBZ0FE', summary: 'Default', type: 'escalation_policy_reference' },
      teams: [],
      priority: { id: 'PSO75BM', summary: 'P1', type: 'priority_reference' },
      urgency: 'high',
      conference_bridge: null,
      resolve_reason: null,
    },
  },
});

const opsgenie = (action: 'Create' | 'Close' | 'AddNote') => ({
  action,
  alert: {
    alertId: '70413a06-38d6-4c85-92b8-5ebc900d42e2',
    message: 'Webhooks backlog growing',
    tags: ['component:webhooks', 'prod'],
    tinyId: '1791',
    entity: 'webhook-worker',
    alias: 'webhooks-backlog',
    createdAt: 1795176000000,
    updatedAt: 1795176000000,
    username: 'System',
    userId: '',
    description: 'Queue depth > 10k',
    team: '',
    responders: [],
    teams: [],
    actions: [],
    details: { region: 'eu' },
    priority: 'P2',
    source: 'Prometheus',
  },
  source: { name: '', type: 'system' },
  integrationName: 'Flare',
  integrationId: '4a1bd2a9-2d0f-4ba0-9c35-1d8a8b0e7a10',
  integrationType: 'Webhook',
});

describeEachEngine('alert intake', (engine) => {
  const clock = new TestClock(Date.parse('2026-11-20T12:00:00Z'));
  let h: ApiHarness;
  let base: string;
  const comp: Record<string, string> = {};
  let bob: string;
  const db = () => h.app.store.db;

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${url}`, {
      method: 'POST',
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
      headers: { 'content-type': 'application/json', ...headers },
    });
  const path = (url: string) => new URL(url).pathname;

  async function integration(body: Json) {
    const r = await h.call('admin', 'POST', '/api/v1/integrations', body);
    expect(r.status, r.body).toBe(201);
    return r.json as { id: string; url: string; secret: string; signing_secret?: string };
  }
  async function groups(id: string) {
    const r = await h.call('read', 'GET', `/api/v1/integrations/${id}/groups`);
    expect(r.status, r.body).toBe(200);
    return r.json.groups as Json[];
  }
  async function incidentRow(id: string) {
    const row = await db()
      .selectFrom('incidents')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const comps = await db()
      .selectFrom('incident_components')
      .select(['component_id', 'status'])
      .where('incident_id', '=', id)
      .execute();
    return { ...row, components: Object.fromEntries(comps.map((c) => [c.component_id, c.status])) };
  }
  const rows = async (table: 'alert_receipts' | 'alert_groups' | 'incidents') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const v2Incidents = async () => {
    h.app.site.invalidate();
    const r = await fetch(`${base}/api/v2/incidents.json`);
    return ((await r.json()) as Json).incidents as Json[];
  };

  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock, config: { inboundRateLimit: 100_000 } });
    await h.server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.server.server.address() as AddressInfo).port}`;
    const ctx = h.app.ctx();
    await updatePage(ctx, { name: 'Acme', url: base });
    for (const name of ['Checkout', 'Search', 'Login', 'Billing', 'Email', 'Webhooks', 'Status'])
      comp[name] = (await h.call('write', 'POST', '/api/v1/components', { name })).json.id;
    bob = (await createPerson(ctx, { name: 'Bob', email: 'bob@acme.test', time_zone: 'UTC' })).id;
    const alice = (
      await createPerson(ctx, { name: 'Alice', email: 'alice@acme.test', time_zone: 'UTC' })
    ).id;
    await setRotation(ctx, 'incident_lead', { person_ids: [alice] });
    await setRotation(ctx, 'comms_lead', { person_ids: [bob] });
    await setPlanSetting(ctx, { key: 'alert_flap_minutes', value: 0 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('validates the mapping with errors that name the field, and never shows secrets again', async () => {
    const bad = await h.call('admin', 'POST', '/api/v1/integrations', {
      name: 'Prom',
      kind: 'alertmanager',
      mapping: {
        components: { checkout: 'nope' },
        severity: { critical: 'SEV9' },
        template: 'nada',
        extra: 1,
      },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toContain('mapping.extra');
    const bad2 = await h.call('admin', 'POST', '/api/v1/integrations', {
      name: 'Prom',
      kind: 'alertmanager',
      mapping: {
        components: { checkout: 'nope' },
        severity: { critical: 'SEV9' },
        template: 'nada',
      },
    });
    expect(bad2.status).toBe(400);
    expect(bad2.json.error.fields).toMatchObject({
      'mapping.components.checkout': 'is not a known component id',
      'mapping.severity.critical': expect.stringContaining('is not a plan severity'),
      'mapping.template': 'is not a known template key',
    });
    expect(
      (await h.call('write', 'POST', '/api/v1/integrations', { name: 'x', kind: 'generic' }))
        .status,
    ).toBe(403);
    const made = await integration({ name: 'Scratch', kind: 'generic' });
    expect(made.url).toBe(`${base}/api/v1/alerts/${made.id}/${made.secret}`);
    const got = await h.call('admin', 'GET', `/api/v1/integrations/${made.id}`);
    expect(got.body).not.toContain(made.secret);
    const list = await h.call('admin', 'GET', '/api/v1/integrations');
    expect(list.body).not.toContain(made.secret);
    const stored = await db()
      .selectFrom('alert_integrations')
      .selectAll()
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(made.secret);
    const renamed = await h.call('admin', 'PATCH', `/api/v1/integrations/${made.id}`, {
      name: 'Renamed',
    });
    expect(renamed.json).toMatchObject({ name: 'Renamed' });
    expect(renamed.json.secret).toBeUndefined();
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity_id', '=', made.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['integration.create', 'integration.update']),
    );
    expect(JSON.stringify(audit)).not.toContain(made.secret);
    expect((await h.call('admin', 'DELETE', `/api/v1/integrations/${made.id}`)).status).toBe(204);
    expect(
      (await post(path(made.url), { group_key: 'a', status: 'firing', title: 'x' })).status,
    ).toBe(404);
  });

  it('Alertmanager: a draft with the mapped components, severity and template; a repeat updates it; a resolve proposes resolution', async () => {
    const i = await integration({
      name: 'Prometheus',
      kind: 'alertmanager',
      mapping: {
        components: { checkout: comp.Checkout },
        status: 'major_outage',
        severity: { critical: 'SEV1', warning: 'SEV3' },
        template: 'investigating',
      },
    });
    const firing = alertmanager('{}:{alertname="HighErrorRate"}', 'firing', [
      { fingerprint: 'f1', labels: { service: 'checkout', severity: 'critical' } },
    ]);
    const r = await post(path(i.url), firing);
    expect(r.status).toBe(200);
    const out = (await r.json()) as Json;
    expect(out).toMatchObject({ status: 'processed', alerts: 1, groups: 1 });
    expect(out.opened).toHaveLength(1);
    const id = out.opened[0];
    const inc = await incidentRow(id);
    expect(inc).toMatchObject({ draft: 1, severity: 'SEV1', name: 'Checkout error rate above 5%' });
    expect(inc.components).toEqual({ [comp.Checkout]: 'major_outage' });
    const first = await db()
      .selectFrom('incident_updates')
      .select('template_key')
      .where('incident_id', '=', id)
      .executeTakeFirst();
    expect(first?.template_key).toBe('investigating');

    // the same group again, with a second alert on another service: the same draft, updated
    const again = alertmanager('{}:{alertname="HighErrorRate"}', 'firing', [
      { fingerprint: 'f1', labels: { service: 'checkout', severity: 'critical' } },
      { fingerprint: 'f2', labels: { service: 'search', severity: 'critical' } },
    ]);
    const r2 = (await (await post(path(i.url), again)).json()) as Json;
    expect(r2.opened).toEqual([]);
    const g = await groups(i.id);
    expect(g).toHaveLength(1);
    expect(g[0]).toMatchObject({ incident_id: id, firing: 2, alert_count: 3, state: 'open' });
    expect(
      await db()
        .selectFrom('incidents')
        .select('id')
        .where('name', '=', 'Checkout error rate above 5%')
        .execute(),
    ).toHaveLength(1);

    // one resolves: still firing; both resolve: the resolution is proposed, nothing published
    await post(
      path(i.url),
      alertmanager('{}:{alertname="HighErrorRate"}', 'resolved', [
        { fingerprint: 'f1', labels: { service: 'checkout' } },
      ]),
    );
    expect((await groups(i.id))[0].resolution_proposed_at).toBeNull();
    await post(
      path(i.url),
      alertmanager('{}:{alertname="HighErrorRate"}', 'resolved', [
        { fingerprint: 'f2', labels: { service: 'search' } },
      ]),
    );
    const [done] = await groups(i.id);
    expect(done.resolution_proposed_at).toBe(clock.now().toISOString());
    expect(done.firing).toBe(0);
    expect((await incidentRow(id)).status).toBe('investigating');
    const timeline = await db()
      .selectFrom('incident_timeline')
      .select('body')
      .where('incident_id', '=', id)
      .execute();
    expect(timeline.map((t) => t.body).join('\n')).toContain('the resolution is proposed');
    const told = await db()
      .selectFrom('notifications')
      .select('payload')
      .where('kind', '=', 'team.notice')
      .execute();
    expect(told.map((n) => n.payload).join('\n')).toContain('Alerts resolved: propose resolving');
  });

  it('a wrong URL secret or a bad PagerDuty signature is a 401 (an unknown integration a 404) and stores nothing', async () => {
    const am = await integration({ name: 'AM', kind: 'alertmanager' });
    const pd = await integration({ name: 'PD', kind: 'pagerduty' });
    expect(pd.signing_secret).toBeTruthy();
    const before = await Promise.all([
      rows('alert_receipts'),
      rows('alert_groups'),
      rows('incidents'),
    ]);
    const payload = alertmanager('k', 'firing', [{ fingerprint: 'x' }]);
    const wrong = await post(`/api/v1/alerts/${am.id}/${am.secret.slice(0, -2)}xx`, payload);
    expect(wrong.status).toBe(401);
    expect((await post(`/api/v1/alerts/nope/${am.secret}`, payload)).status).toBe(404);
    // the other integration's secret does not open this one
    expect((await post(`/api/v1/alerts/${am.id}/${pd.secret}`, payload)).status).toBe(401);
    const body = JSON.stringify(pagerduty('incident.triggered'));
    expect((await post(path(pd.url), body)).status).toBe(401);
    expect(
      (
        await post(path(pd.url), body, {
          'x-pagerduty-signature': pagerdutySignature('wrong', body),
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await post(path(pd.url), body, {
          'x-pagerduty-signature': pagerdutySignature(pd.signing_secret!, `${body} `),
        })
      ).status,
    ).toBe(401);
    const after = await Promise.all([
      rows('alert_receipts'),
      rows('alert_groups'),
      rows('incidents'),
    ]);
    expect(after).toEqual(before);
  });

  it('PagerDuty v3: signed (one of several signatures), mapped by service and priority; resolved proposes resolution', async () => {
    const pd = await integration({
      name: 'PagerDuty',
      kind: 'pagerduty',
      mapping: {
        components: { Mailer: comp.Email },
        severity: { P1: 'SEV1' },
        template: 'identified',
      },
    });
    const send = (payload: Json) => {
      const body = JSON.stringify(payload);
      return post(path(pd.url), body, {
        'x-pagerduty-signature': `${pagerdutySignature('old-rotated-secret', body)},${pagerdutySignature(pd.signing_secret!, body)}`,
      });
    };
    const r = (await (await send(pagerduty('incident.triggered'))).json()) as Json;
    expect(r.opened).toHaveLength(1);
    const inc = await incidentRow(r.opened[0]);
    expect(inc).toMatchObject({
      draft: 1,
      severity: 'SEV1',
      name: 'Email delivery failing',
      status: 'identified',
    });
    expect(inc.components).toEqual({ [comp.Email]: 'partial_outage' });
    expect(
      ((await (await send(pagerduty('incident.acknowledged'))).json()) as Json).opened,
    ).toEqual([]);
    await send(pagerduty('incident.resolved'));
    const g = await groups(pd.id);
    expect(g).toHaveLength(1);
    expect(g[0]).toMatchObject({ incident_id: r.opened[0], firing: 0 });
    expect(g[0].resolution_proposed_at).not.toBeNull();
    // the secret PagerDuty shows for the subscription can replace Flare's own
    const vendorSecret = 'pagerduty-generated-signing-secret-0123';
    expect(
      (
        await h.call('admin', 'PATCH', `/api/v1/integrations/${pd.id}`, {
          signing_secret: vendorSecret,
        })
      ).status,
    ).toBe(200);
    const ackBody = JSON.stringify(pagerduty('incident.acknowledged'));
    expect(
      (
        await post(path(pd.url), ackBody, {
          'x-pagerduty-signature': pagerdutySignature(pd.signing_secret!, ackBody),
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await post(path(pd.url), ackBody, {
          'x-pagerduty-signature': pagerdutySignature(vendorSecret, ackBody),
        })
      ).status,
    ).toBe(200);
    const am = await integration({ name: 'unsigned', kind: 'alertmanager' });
    const refused = await h.call('admin', 'PATCH', `/api/v1/integrations/${am.id}`, {
      signing_secret: vendorSecret,
    });
    expect(refused.json.error.fields).toEqual({
      signing_secret: 'alertmanager does not sign its requests',
    });
    // a ping is answered and ignored
    const sendWith = (payload: Json) => {
      const body = JSON.stringify(payload);
      return post(path(pd.url), body, {
        'x-pagerduty-signature': pagerdutySignature(vendorSecret, body),
      });
    };
    const ping = (await (
      await sendWith({
        event: { id: 'p', event_type: 'pagey.ping', resource_type: 'pagey', data: {} },
      })
    ).json()) as Json;
    expect(ping.status).toBe('ignored');
  });

  it('Grafana, Datadog (default and custom payloads), Opsgenie and the generic form each open, update and resolve one draft', async () => {
    const cases: {
      kind: string;
      mapping: Json;
      fire: () => unknown;
      again: () => unknown;
      resolve: () => unknown;
      want: Json;
      components: Json;
    }[] = [
      {
        kind: 'grafana',
        mapping: {
          label: 'team',
          components: { blue: comp.Search },
          severity: { critical: 'SEV2' },
        },
        fire: () => grafana('firing'),
        again: () => grafana('firing'),
        resolve: () => grafana('resolved'),
        want: { name: 'Search memory above 90%', severity: 'SEV2' },
        components: { [comp.Search]: 'partial_outage' },
      },
      {
        kind: 'datadog',
        mapping: {
          rules: [{ match: { event_type: 'x' }, components: [comp.Status] }],
          severity: 'SEV3',
          group: 'all',
        },
        fire: () => datadogDefault('Triggered'),
        again: () => datadogDefault('Triggered'),
        resolve: () => datadogDefault('Recovered'),
        want: { severity: 'SEV3' },
        components: {},
      },
      {
        kind: 'datadog',
        mapping: {
          rules: [
            {
              match: { service: 'billing', env: 'prod' },
              components: [comp.Billing],
              status: 'degraded_performance',
            },
          ],
          severity: { P1: 'SEV1' },
        },
        fire: () => datadogCustom('Triggered'),
        again: () => datadogCustom('Re-Triggered'),
        resolve: () => datadogCustom('Recovered'),
        want: { name: 'Billing queue backlog', severity: 'SEV1' },
        components: { [comp.Billing]: 'degraded_performance' },
      },
      {
        kind: 'opsgenie',
        mapping: {
          label: 'component',
          components: { webhooks: comp.Webhooks },
          severity: { P2: 'SEV2' },
        },
        fire: () => opsgenie('Create'),
        again: () => opsgenie('Create'),
        resolve: () => opsgenie('Close'),
        want: { name: 'Webhooks backlog growing', severity: 'SEV2' },
        components: { [comp.Webhooks]: 'partial_outage' },
      },
      {
        kind: 'generic',
        mapping: { severity: { high: 'SEV2' } },
        fire: () => ({
          group_key: 'login-5xx',
          status: 'firing',
          title: 'Login errors',
          components: [comp.Login],
          severity: 'high',
        }),
        again: () => ({
          group_key: 'login-5xx',
          status: 'firing',
          title: 'Login errors',
          components: { [comp.Login]: 'major_outage' },
        }),
        resolve: () => ({ group_key: 'login-5xx', status: 'resolved', title: 'Login errors' }),
        want: { name: 'Login errors', severity: 'SEV2' },
        components: { [comp.Login]: 'major_outage' },
      },
    ];
    for (const c of cases) {
      const i = await integration({ name: `${c.kind} test`, kind: c.kind, mapping: c.mapping });
      const r = (await (await post(path(i.url), c.fire())).json()) as Json;
      expect(r.opened, c.kind).toHaveLength(1);
      const id = r.opened[0];
      expect(((await (await post(path(i.url), c.again())).json()) as Json).opened, c.kind).toEqual(
        [],
      );
      const inc = await incidentRow(id);
      expect(inc, c.kind).toMatchObject({ draft: 1, ...c.want });
      expect(inc.components, c.kind).toEqual(c.components);
      await post(path(i.url), c.resolve());
      const g = await groups(i.id);
      expect(g, c.kind).toHaveLength(1);
      expect(g[0].incident_id, c.kind).toBe(id);
      expect(g[0].resolution_proposed_at, c.kind).not.toBeNull();
    }
    // an Opsgenie note changes nothing; an unreadable signed body is kept and named
    const og = await integration({ name: 'og2', kind: 'opsgenie' });
    expect(((await (await post(path(og.url), opsgenie('AddNote'))).json()) as Json).status).toBe(
      'ignored',
    );
    const gen = await integration({ name: 'gen2', kind: 'generic' });
    const bad = await post(path(gen.url), { status: 'firing', title: 'x' });
    expect(bad.status).toBe(202);
    expect(((await bad.json()) as Json).fields).toEqual({ group_key: 'is required' });
    const kept = await db()
      .selectFrom('alert_receipts')
      .selectAll()
      .where('integration_id', '=', gen.id)
      .execute();
    expect(kept).toHaveLength(1);
    expect(kept[0].body).toContain('"title":"x"');
  });

  it('a storm of 10,000 alerts in 50 groups makes 50 drafts, and one when the mapping groups them', async () => {
    const storm = async (mapping: Json) => {
      const i = await integration({
        name: `storm ${JSON.stringify(mapping)}`,
        kind: 'alertmanager',
        mapping,
      });
      const requests = 100;
      const perRequest = 100;
      for (let batch = 0; batch < requests; batch += 10) {
        const sent = [];
        for (let k = batch; k < batch + 10; k++) {
          const alerts = Array.from({ length: perRequest }, (_, j) => ({
            fingerprint: `fp-${k}-${j}`,
            labels: { service: 'api', instance: `i${j}` },
            summary: `Storm group ${k % 50}`,
          }));
          sent.push(
            post(path(i.url), alertmanager(`storm-${k % 50}`, 'firing', alerts)).then(
              (r) => r.status,
            ),
          );
        }
        expect(await Promise.all(sent)).toEqual(Array(10).fill(200));
      }
      const g = await groups(i.id);
      const drafts = new Set(g.map((x) => x.incident_id));
      expect(drafts.has(null)).toBe(false);
      const total = g.reduce((n, x) => n + x.alert_count, 0);
      expect(total).toBe(requests * perRequest);
      return drafts.size;
    };
    expect(await storm({})).toBe(50);
    expect(await storm({ group: 'all' })).toBe(1);
    expect(await storm({ group_by: ['service'] })).toBe(1);
  }, 120_000);

  it('flapping alerts are held back; one that keeps firing past the window is promoted by the scheduler', async () => {
    await setPlanSetting(h.app.ctx(), { key: 'alert_flap_minutes', value: 5 });
    try {
      const i = await integration({ name: 'Flappy', kind: 'generic' });
      const fire = { group_key: 'flap', status: 'firing', title: 'Flapping disk' };
      const r = (await (await post(path(i.url), fire)).json()) as Json;
      expect(r.opened).toEqual([]);
      expect((await groups(i.id))[0]).toMatchObject({ state: 'held', incident_id: null });
      clock.advanceMinutes(2);
      await post(path(i.url), { ...fire, status: 'resolved' });
      expect((await groups(i.id))[0]).toMatchObject({ state: 'flapped', incident_id: null });
      clock.advanceMinutes(10);
      await runAlertIntake(h.app.ctx());
      expect((await groups(i.id)).every((g) => g.incident_id === null)).toBe(true);

      // fires again and stays firing: held, then promoted once the window has passed
      await post(path(i.url), fire);
      clock.advanceMinutes(4);
      await runAlertIntake(h.app.ctx());
      expect((await groups(i.id)).find((g) => g.state !== 'flapped')).toMatchObject({
        state: 'held',
      });
      clock.advanceMinutes(2);
      expect((await runAlertIntake(h.app.ctx())).opened).toBe(1);
      const open = (await groups(i.id)).filter((g) => g.incident_id);
      expect(open).toHaveLength(1);
      expect((await incidentRow(open[0].incident_id)).draft).toBe(1);
    } finally {
      await setPlanSetting(h.app.ctx(), { key: 'alert_flap_minutes', value: 0 });
    }
  });

  it('a draft stays off /api/v2 until the comms lead publishes it from the signed link in their notice', async () => {
    const i = await integration({ name: 'Uptime', kind: 'generic', mapping: { severity: 'SEV2' } });
    const r = (await (
      await post(path(i.url), {
        group_key: 'site',
        status: 'firing',
        title: 'Website down',
        components: [comp.Status],
      })
    ).json()) as Json;
    const id = r.opened[0];
    expect((await v2Incidents()).map((x) => x.id)).not.toContain(id);
    const drafts = await h.call('read', 'GET', '/api/v1/incidents?status=draft');
    expect(drafts.json.incidents.map((x: Json) => x.id)).toContain(id);

    const notices = await db()
      .selectFrom('notifications')
      .select('payload')
      .where('kind', '=', 'team.notice')
      .execute();
    const mine = notices
      .map((n) => JSON.parse(n.payload))
      .find((p) => p.incident_ref === id && String(p.data.action_url).includes('/alerts/review/'));
    expect(mine.person_ids).toEqual([bob]);
    const link: string = mine.data.action_url;
    expect(link).toMatch(new RegExp(`^${base}/alerts/review/${id}/${bob}\\?sig=`));

    // a tampered link is refused; the GET only shows; the POST publishes
    expect((await fetch(link.replace(/sig=.{4}/, 'sig=AAAA'))).status).toBe(403);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Website down');
    expect((await incidentRow(id)).draft).toBe(1);
    expect((await v2Incidents()).map((x) => x.id)).not.toContain(id);
    const done = await fetch(link, {
      method: 'POST',
      body: 'do=publish',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(done.status).toBe(200);
    expect((await incidentRow(id)).draft).toBe(0);
    expect((await v2Incidents()).map((x) => x.id)).toContain(id);

    // resolving: the alerts propose it; the same link posts the resolved template
    await post(path(i.url), { group_key: 'site', status: 'resolved', title: 'Website down' });
    const again = await fetch(link);
    expect(await again.text()).toContain('Post the resolution');
    const res = await fetch(link, {
      method: 'POST',
      body: 'do=resolve',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    expect((await incidentRow(id)).status).toBe('resolved');
    // the incident is over: the next firing opens a new draft
    const next = (await (
      await post(path(i.url), { group_key: 'site', status: 'firing', title: 'Website down' })
    ).json()) as Json;
    expect(next.opened).toHaveLength(1);
    expect(next.opened[0]).not.toBe(id);
  });

  it('a component deleted after the mapping was saved is left out of the draft', async () => {
    const gone = (await h.call('write', 'POST', '/api/v1/components', { name: 'Legacy' })).json.id;
    const i = await integration({
      name: 'Legacy mon',
      kind: 'generic',
      mapping: { components: { legacy: gone, api: comp.Checkout } },
    });
    expect((await h.call('write', 'DELETE', `/api/v1/components/${gone}`)).status).toBe(204);
    const r = (await (
      await post(path(i.url), {
        alerts: [
          {
            group_key: 'old',
            status: 'firing',
            title: 'Legacy down',
            labels: { service: 'legacy' },
          },
          {
            group_key: 'old',
            status: 'firing',
            title: 'Legacy down',
            fingerprint: 'b',
            labels: { service: 'api' },
          },
        ],
      })
    ).json()) as Json;
    expect(r.opened).toHaveLength(1);
    expect((await incidentRow(r.opened[0])).components).toEqual({
      [comp.Checkout]: 'partial_outage',
    });
  });

  it('a body stored but never processed (a crash) is processed by the scheduler: nothing is lost', async () => {
    const i = await integration({ name: 'Crashy', kind: 'generic' });
    // what receiveAlerts leaves when the process dies between storing and processing
    await db()
      .insertInto('alert_receipts')
      .values({
        id: 'crashed-receipt',
        integration_id: i.id,
        body: JSON.stringify({ group_key: 'crash', status: 'firing', title: 'Queue stalled' }),
        received_at: clock.now().toISOString(),
        processed: 0,
        attempts: 0,
        next_attempt_at: new Date(clock.t + 30_000).toISOString(),
        alert_count: 0,
        last_error: null,
      })
      .execute();
    expect(await groups(i.id)).toEqual([]);
    await runAlertIntake(h.app.ctx());
    expect(await groups(i.id)).toEqual([]); // not due yet: its intake may still be running
    clock.advance(31_000);
    expect((await runAlertIntake(h.app.ctx())).retried).toBe(1);
    const [g] = await groups(i.id);
    expect(g).toMatchObject({ title: 'Queue stalled', state: 'open' });
    expect((await incidentRow(g.incident_id)).draft).toBe(1);
    const r = await db()
      .selectFrom('alert_receipts')
      .selectAll()
      .where('id', '=', 'crashed-receipt')
      .executeTakeFirstOrThrow();
    expect(r).toMatchObject({ processed: 1, alert_count: 1 });
  });

  it('publish: true in the mapping publishes at once', async () => {
    const i = await integration({
      name: 'Loud',
      kind: 'generic',
      mapping: { publish: true, severity: 'SEV3' },
    });
    const r = (await (
      await post(path(i.url), { group_key: 'loud', status: 'firing', title: 'Public at once' })
    ).json()) as Json;
    expect((await incidentRow(r.opened[0])).draft).toBe(0);
    expect((await v2Incidents()).map((x) => x.id)).toContain(r.opened[0]);
  });
});
