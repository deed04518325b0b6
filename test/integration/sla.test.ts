/**
 * SLA credits end to end on SQLite and PostgreSQL: policies through the API (and the plan
 * document), backfilled incidents written into the component history without notifying
 * anyone, the report as JSON and CSV, finance's decisions (audited), and `flare sla report`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { importPlan } from '../../src/actions/importPlan.js';
import { DomainError } from '../../src/domain/errors.js';
import { parseCsv } from '../../src/lib/csv.js';
import { planDocument } from '../../src/present/planDocument.js';
import { planToYaml } from '../../src/present/planYaml.js';
import { listAudit } from '../../src/store/queries/audit.js';
import { compensationFor } from '../../src/store/queries/compensation.js';
import { loadPlan } from '../../src/store/queries/plan.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';

const AWS = [
  { below: 99.99, percent: 10 },
  { below: 99.0, percent: 30 },
  { below: 95.0, percent: 100 },
];

describeEachEngine('SLA credits', (engine) => {
  let h: ApiHarness;
  const clock = new TestClock(Date.parse('2026-11-20T12:00:00Z'));
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock });
    for (const name of ['api', 'db']) {
      const r = await h.call('admin', 'POST', '/api/v1/components', { name });
      expect(r.status).toBe(201);
      ids[name] = r.json.id;
    }
    // someone who would hear of an incident: a backfilled one must not reach them
    await createSubscriber(h.app.ctx(), {
      channel: 'email',
      email: 'ops@example.com',
      confirmed: true,
    });
    const accounts = [
      {
        key: 'acme',
        name: 'Acme',
        tier: 'enterprise',
        time_zone: 'UTC',
        mrr: 1000,
        components: [ids.api, ids.db],
      },
      {
        key: 'nyc',
        name: '=HYPERLINK("http://x")',
        tier: 'enterprise',
        time_zone: 'America/New_York',
        components: [ids.db],
      },
      {
        key: 'late',
        name: 'Late Co',
        tier: 'enterprise',
        time_zone: 'UTC',
        mrr: 500,
        sla_start: '2026-10-16',
        components: [ids.api],
      },
      { key: 'free', name: 'Free Co', tier: 'free', mrr: 0, components: [ids.api] },
    ];
    for (const { key, ...a } of accounts) {
      const r = await h.call('write', 'POST', '/api/v1/accounts', a);
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      ids[key] = r.json.id;
    }
  });
  afterAll(() => h?.close());

  it('stores policies through PUT and lists them; bad input names the field', async () => {
    const policy = { name: 'Enterprise', tiers: ['enterprise'], target: 99.99, credits: AWS };
    const created = await h.call('admin', 'PUT', '/api/v1/sla/policies/enterprise', policy);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      key: 'enterprise',
      partial_outage_weight: 0,
      exclude_maintenance: true,
    });
    const replaced = await h.call('admin', 'PUT', '/api/v1/sla/policies/enterprise', {
      ...policy,
      goodwill: [{ severity: 'SEV1', tiers: ['enterprise'], over_minutes: 60, percent: 5 }],
    });
    expect(replaced.status).toBe(200);
    const list = await h.call('read', 'GET', '/api/v1/sla/policies');
    expect(list.json.policies.map((p: { key: string }) => p.key)).toEqual(['enterprise']);
    expect(list.json.policies[0].goodwill).toHaveLength(1);

    const badTier = await h.call('admin', 'PUT', '/api/v1/sla/policies/x', {
      ...policy,
      tiers: ['gold'],
    });
    expect(badTier.status).toBe(400);
    expect(Object.keys(badTier.json.error.fields)).toEqual(['tiers.0']);
    const noTarget = await h.call('admin', 'PUT', '/api/v1/sla/policies/x', {
      name: 'X',
      tiers: ['free'],
    });
    expect(noTarget.json.error.fields).toHaveProperty('target');
    const nobody = await h.call('admin', 'PUT', '/api/v1/sla/policies/x', {
      name: 'X',
      target: 99,
    });
    expect(nobody.json.error.fields).toHaveProperty('tiers');
    expect((await h.call('write', 'PUT', '/api/v1/sla/policies/x', policy)).status).toBe(403);

    // the plan document carries them
    const plan = await h.call('admin', 'GET', '/api/v1/plan', undefined, {
      accept: 'application/json',
    });
    expect(plan.json.sla_policies).toEqual([
      expect.objectContaining({ key: 'enterprise', target: 99.99 }),
    ]);
  });

  it('imports sla_policies from the plan document; a document without them leaves them be', async () => {
    const ctx = h.app.ctx();
    const doc = planDocument(await loadPlan(h.app.store.db), {});
    const pro = {
      key: 'business',
      name: 'Business',
      tiers: ['business'],
      account_ids: [],
      target: 99.9,
      credits: [{ below: 99.9, percent: 10 }],
      partial_outage_weight: 0.5,
      exclude_maintenance: false,
      goodwill: [],
    };
    const r = await importPlan(
      ctx,
      planToYaml({ ...doc, sla_policies: [...doc.sla_policies, pro] }),
    );
    expect(r.changes).toEqual(['+SLA policy business']);
    const keys = async () =>
      (await h.call('read', 'GET', '/api/v1/sla/policies')).json.policies.map(
        (p: { key: string }) => p.key,
      );
    expect(await keys()).toEqual(['enterprise', 'business']);
    const { sla_policies: _none, ...without } = planDocument(await loadPlan(h.app.store.db), {});
    expect((await importPlan(ctx, planToYaml(without as typeof doc))).changes).toEqual([]);
    expect(await keys()).toEqual(['enterprise', 'business']);
    // a tier the plan does not have is named with its line
    const bad = await importPlan(
      ctx,
      planToYaml({ ...doc, sla_policies: [{ ...pro, tiers: ['gold'] }] }),
    ).catch((e) => e);
    expect(bad).toBeInstanceOf(DomainError);
    expect(Object.keys(bad.fields)).toEqual(['sla_policies.0.tiers.0']);
    expect(bad.fields['sla_policies.0.tiers.0']).toMatch(
      /^line \d+: is not one of the plan's tiers/,
    );
    // back to the one policy the report below expects
    expect((await importPlan(ctx, planToYaml(doc))).changes).toEqual(['-SLA policy business']);
  });

  it('backfills a past outage into the history, resolved, without notifying anyone', async () => {
    const bad = [
      [{ resolved_at: '2026-10-05T11:30:00Z' }, 'started_at'],
      [{ started_at: '2026-10-05T11:30:00Z', resolved_at: '2026-10-05T10:00:00Z' }, 'resolved_at'],
      [{ started_at: '2026-11-20T11:00:00Z', resolved_at: '2026-11-20T13:00:00Z' }, 'resolved_at'],
    ] as const;
    for (const [times, field] of bad) {
      const r = await h.call('write', 'POST', '/api/v1/incidents', {
        backfilled: true,
        name: 'x',
        body: 'x',
        components: { [ids.api]: 'major_outage' },
        ...times,
      });
      expect(r.status, JSON.stringify(r.json)).toBe(400);
      expect(Object.keys(r.json.error.fields)).toContain(field);
    }
    const live = await h.call('write', 'POST', '/api/v1/incidents', {
      name: 'x',
      body: 'x',
      resolved_at: '2026-10-05T10:00:00Z',
    });
    expect(live.json.error.fields).toHaveProperty('resolved_at');

    // api down 10:00–11:30 and db 11:00–12:00 on 5 October (UTC)
    const one = await h.call('write', 'POST', '/api/v1/incidents', {
      backfilled: true,
      name: 'API outage (imported)',
      body: 'The API was unavailable.',
      started_at: '2026-10-05T10:00:00Z',
      resolved_at: '2026-10-05T11:30:00Z',
      components: { [ids.api]: 'major_outage' },
    });
    expect(one.status, JSON.stringify(one.json)).toBe(201);
    expect(one.json).toMatchObject({ status: 'resolved', resolved_at: '2026-10-05T11:30:00.000Z' });
    ids.inc1 = one.json.id;
    const two = await h.call('write', 'POST', '/api/v1/incidents', {
      backfilled: true,
      name: 'Database outage (imported)',
      body: 'The database was unavailable.',
      started_at: '2026-10-05T11:00:00Z',
      resolved_at: '2026-10-05T12:00:00Z',
      components: { [ids.db]: 'major_outage' },
    });
    expect(two.status).toBe(201);
    ids.inc2 = two.json.id;
    // an imported SEV1 that only degraded the API for 90 min on 20 October: no downtime, but
    // goodwill for enterprise accounts using the API (the policy's rule: SEV1, over 60 min, 5 %)
    const three = await h.call('write', 'POST', '/api/v1/incidents', {
      backfilled: true,
      severity: 'SEV1',
      name: 'Slow API (imported)',
      body: 'The API was slow.',
      started_at: '2026-10-20T09:00:00Z',
      resolved_at: '2026-10-20T10:30:00Z',
      components: { [ids.api]: 'degraded_performance' },
    });
    expect(three.status, JSON.stringify(three.json)).toBe(201);
    ids.inc3 = three.json.id;
    const noSev = await h.call('write', 'POST', '/api/v1/incidents', {
      backfilled: true,
      severity: 'SEV9',
      name: 'x',
      body: 'x',
      started_at: '2026-10-20T09:00:00Z',
      resolved_at: '2026-10-20T10:30:00Z',
    });
    expect(Object.keys(noSev.json.error.fields)).toEqual(['severity']);

    const db = h.app.store.db;
    const history = await db
      .selectFrom('component_status_history')
      .select(['status', 'previous_status', 'at'])
      .where('component_id', '=', ids.api)
      .where('cause_id', '=', ids.inc1)
      .orderBy('at')
      .execute();
    expect(history).toEqual([
      { status: 'major_outage', previous_status: 'operational', at: '2026-10-05T10:00:00.000Z' },
      { status: 'operational', previous_status: 'major_outage', at: '2026-10-05T11:30:00.000Z' },
    ]);
    const now = await db
      .selectFrom('components')
      .select('status')
      .where('id', '=', ids.api)
      .executeTakeFirst();
    expect(now?.status).toBe('operational');
    const notes = await db.selectFrom('notifications').select('id').execute();
    const deliveries = await db.selectFrom('deliveries').select('id').execute();
    expect(notes).toEqual([]);
    expect(deliveries).toEqual([]);
    const audit = await listAudit(db, { entityId: ids.inc1 });
    expect(audit.map((a) => a.action)).toContain('incident.backfill');
  });

  it('fits a backfill into recorded history: no second change at its end, the prior status restored', async () => {
    const cdn = (await h.call('admin', 'POST', '/api/v1/components', { name: 'cdn' })).json.id;
    const db = h.app.store.db;
    // an imported change already at 10:00: partial outage
    await db
      .insertInto('component_status_history')
      .values({
        id: '00000000000000000000000000',
        component_id: cdn,
        status: 'partial_outage',
        previous_status: 'operational',
        at: '2026-10-10T10:00:00.000Z',
        cause_type: 'manual',
        cause_id: null,
      })
      .execute();
    const backfill = (from: string, to: string, status: string) =>
      h.call('write', 'POST', '/api/v1/incidents', {
        backfilled: true,
        name: 'CDN',
        body: 'x',
        started_at: from,
        resolved_at: to,
        components: { [cdn]: status },
      });
    // 09:00–10:00 major: ends exactly where the recorded change is, so that change stands
    expect(
      (await backfill('2026-10-10T09:00:00Z', '2026-10-10T10:00:00Z', 'major_outage')).status,
    ).toBe(201);
    // 09:30–11:00 degraded: starts inside the first (previous: major), ends after 10:00's change
    expect(
      (await backfill('2026-10-10T09:30:00Z', '2026-10-10T11:00:00Z', 'degraded_performance'))
        .status,
    ).toBe(201);
    const rows = await db
      .selectFrom('component_status_history')
      .select(['status', 'previous_status', 'at'])
      .where('component_id', '=', cdn)
      .where('at', '<', '2026-11-01')
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { status: 'major_outage', previous_status: 'operational', at: '2026-10-10T09:00:00.000Z' },
      {
        status: 'degraded_performance',
        previous_status: 'major_outage',
        at: '2026-10-10T09:30:00.000Z',
      },
      { status: 'partial_outage', previous_status: 'operational', at: '2026-10-10T10:00:00.000Z' },
      {
        status: 'partial_outage',
        previous_status: 'degraded_performance',
        at: '2026-10-10T11:00:00.000Z',
      },
    ]);
  });

  it('reports each covered account’s month as JSON and as CSV', async () => {
    const r = await h.call('admin', 'GET', '/api/v1/sla/report?month=2026-10');
    expect(r.status).toBe(200);
    const byId = new Map(r.json.accounts.map((a: { account_id: string }) => [a.account_id, a]));
    expect(r.json.month).toBe('2026-10');
    // free tier: no policy, not reported
    expect(byId.has(ids.free)).toBe(false);
    // Acme (UTC): api 10:00–11:30 ∪ db 11:00–12:00 = 10:00–12:00 = 120 min of 31 × 1440 = 44,640
    // → (44,640 − 120) / 44,640 × 100 = 99.731183; < 99.99 → 10 % of 1,000 = 100
    // the degraded SEV1 adds no downtime but 5 % of 1,000 = 50 of goodwill
    expect(byId.get(ids.acme)).toMatchObject({
      uptime: 99.731183,
      downtime_minutes: 120,
      credit_percent: 10,
      credit_amount: 100,
      goodwill: 50,
      goodwill_percent: 5,
      goodwill_incidents: [ids.inc3],
      state: 'pending',
    });
    expect((byId.get(ids.acme) as { incidents: string[] }).incidents.sort()).toEqual(
      [ids.inc1, ids.inc2, ids.inc3].sort(),
    );
    // NYC: db only, 60 min; October in New York is EDT throughout: 44,640 min → 99.865591; MRR unknown
    expect(byId.get(ids.nyc)).toMatchObject({
      uptime: 99.865591,
      downtime_minutes: 60,
      credit_percent: 10,
      credit_amount: null,
      incidents: [ids.inc2],
    });
    // Late Co: SLA from 16 October: 16 days = 23,040 min, the outage before it does not count
    // (the SEV1 on 20 October falls in it: goodwill 5 % of 500 = 25)
    expect(byId.get(ids.late)).toMatchObject({
      uptime: 100,
      downtime_minutes: 0,
      minutes_in_month: 23040,
      credit_percent: 0,
      goodwill: 25,
      incidents: [ids.inc3],
    });

    const csv = await h.call('admin', 'GET', '/api/v1/sla/report?month=2026-10&format=csv');
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toMatch(/^text\/csv/);
    const [head, ...rows] = parseCsv(csv.body);
    expect(head.cells.slice(0, 3)).toEqual(['month', 'account_id', 'name']);
    expect(rows).toHaveLength(3);
    const col = (name: string) => head.cells.indexOf(name);
    const nyc = rows.find((x) => x.cells[col('account_id')] === ids.nyc)!;
    // a name that a spreadsheet would run as a formula is written as text
    expect(nyc.cells[col('name')]).toBe('\'=HYPERLINK("http://x")');
    expect(nyc.cells[col('goodwill_amount')]).toBe('');
    const acme = rows.find((x) => x.cells[col('account_id')] === ids.acme)!;
    expect(acme.cells[col('credit_amount')]).toBe('100');
    expect(acme.cells[col('uptime')]).toBe('99.731183');

    const badMonth = await h.call('admin', 'GET', '/api/v1/sla/report?month=2026-13');
    expect(badMonth.json.error.fields).toHaveProperty('month');
    expect((await h.call('write', 'GET', '/api/v1/sla/report?month=2026-10')).status).toBe(403);
  });

  it("words each account's own credit and goodwill for its resolution notice", async () => {
    // Acme, from the report above: 99.731183 %, 10 % credit of 1,000 = 100, goodwill 5 % = 50
    expect(await compensationFor(h.app.store.db, ids.inc1, ids.acme)).toBe(
      'Your service availability for October 2026 stands at 99.731183%. Under your service agreement your account is owed a 10% service credit (100.00). On top of it, we are adding a goodwill credit of 5% (50.00). It will be applied to your next invoice; your account manager can answer any question.',
    );
    // NYC: a credit, its amount unknown (no MRR), no goodwill
    expect(await compensationFor(h.app.store.db, ids.inc2, ids.nyc)).toMatch(
      /^Your service availability for October 2026 stands at 99\.865591%\. Under your service agreement your account is owed a 10% service credit\. It will/,
    );
    // no policy covers the free tier: no line
    expect(await compensationFor(h.app.store.db, ids.inc1, ids.free)).toBeNull();
  });

  it('finance approves one credit and adjusts another, each audited', async () => {
    const approve = await h.call('admin', 'POST', `/api/v1/sla/credits/2026-10/${ids.acme}`, {
      decision: 'approve',
    });
    expect(approve.status, JSON.stringify(approve.json)).toBe(200);
    // the computed credit and the goodwill: 100 + 50
    expect(approve.json).toMatchObject({
      state: 'approved',
      decided_amount: 150,
      computed_amount: 100,
      goodwill_amount: 50,
      computed_percent: 10,
    });
    const noAmount = await h.call('admin', 'POST', `/api/v1/sla/credits/2026-10/${ids.nyc}`, {
      decision: 'adjust',
    });
    expect(noAmount.json.error.fields).toHaveProperty('amount');
    const adjust = await h.call('admin', 'POST', `/api/v1/sla/credits/2026-10/${ids.nyc}`, {
      decision: 'adjust',
      amount: 75,
      note: 'MRR from the contract',
    });
    expect(adjust.json).toMatchObject({
      state: 'adjusted',
      decided_amount: 75,
      note: 'MRR from the contract',
    });
    const uncovered = await h.call('admin', 'POST', `/api/v1/sla/credits/2026-10/${ids.free}`, {
      decision: 'approve',
    });
    expect(uncovered.json.error.fields).toHaveProperty('account_id');
    const future = await h.call('admin', 'POST', `/api/v1/sla/credits/2027-01/${ids.acme}`, {
      decision: 'approve',
    });
    expect(future.json.error.fields).toHaveProperty('month');

    const r = await h.call('admin', 'GET', '/api/v1/sla/report?month=2026-10');
    const states = Object.fromEntries(
      r.json.accounts.map((a: { account_id: string; state: string }) => [a.account_id, a.state]),
    );
    expect(states).toEqual({
      [ids.acme]: 'approved',
      [ids.nyc]: 'adjusted',
      [ids.late]: 'pending',
    });
    const audit = await h.app.store.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('entity_type', '=', 'sla_credit')
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['sla_credit.approve', 'sla_credit.adjust']);
  });
});
