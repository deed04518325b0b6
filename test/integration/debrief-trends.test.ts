/**
 * The debrief's trends against the plan's targets (issue #14), on real SQLite and PostgreSQL:
 * the scripted November incident and one in October make up 2026 Q4; the figures and the
 * targets below are worked out by hand. The console's quarter view shows them, per month.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { importPlan } from '../../src/actions/importPlan.js';
import { trendsOut } from '../../src/http/routes/v1/debrief.js';
import { planDocument } from '../../src/present/planDocument.js';
import { planToYaml } from '../../src/present/planYaml.js';
import { loadPlan } from '../../src/store/queries/plan.js';
import { scriptDebriefIncident } from '../fixtures/debriefIncident.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';
import { signInConsole } from '../helpers/console.js';

const Q4 = 'from=2026-10-01T00:00:00Z&to=2027-01-01T00:00:00Z';

describeEachEngine('debrief trends and targets', (engine) => {
  const clock = new TestClock(Date.parse('2026-10-05T09:20:00Z'));
  let h: ApiHarness;
  const db = () => h.app.store.db;

  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock });
    // October: started 09:00, first public update 09:20 (1200 s), promising 09:40; nothing followed
    await createIncident(h.app.ctx(), {
      name: 'October outage',
      body: 'Logins fail.',
      started_at: '2026-10-05T09:00:00Z',
      next_update_in_minutes: 20,
      deliver_notifications: false,
    });
    // November: 300 s, promises 2 of 3 kept, 14 of 17 delivered, 3 enquiries
    await scriptDebriefIncident(h.app, clock);
    clock.set('2026-12-01T00:00:00Z');
  });

  afterAll(async () => {
    await h?.close();
  });

  const trends = async () => {
    const res = await h.call('read', 'GET', `/api/v1/debrief/trends?${Q4}`);
    expect(res.status, res.body).toBe(200);
    return trendsOut.strict().parse(res.json);
  };

  it('compares each trend with the default targets', async () => {
    const r = await trends();
    // median of 300 and 1200 by nearest rank: rank ceil(2/2) = 1 → 300 s
    // promises: October's 09:40 broken (0 of 1), November's 2 of 3 → 2 of 4
    expect(r.trends).toEqual({
      incidents: 2,
      median_time_to_first_public_update_s: 300,
      cadence_adherence: 0.5,
      // the scripted incident's deliveries: 15 sent of 18 attempted; its 6 enquiries over 2 incidents
      delivery_success: 15 / 18,
      enquiries_per_incident: 3,
      missing: {},
    });
    expect(r.targets).toEqual({
      // 15 minutes = 900 s; 300 ≤ 900
      median_time_to_first_public_update_s: {
        target: 900,
        better: 'lower',
        met: true,
        setting: 'target_first_public_update_minutes',
      },
      cadence_adherence: {
        target: 0.9,
        better: 'higher',
        met: false,
        setting: 'target_cadence_adherence',
      },
      // 0.8235… < 0.99
      delivery_success: {
        target: 0.99,
        better: 'higher',
        met: false,
        setting: 'target_delivery_success',
      },
      // no target by default
      enquiries_per_incident: {
        target: null,
        better: 'lower',
        met: null,
        setting: 'target_enquiries_per_incident',
      },
    });
  });

  it("takes the plan's own targets, validated, and exports them with the plan", async () => {
    const put = (key: string, value: unknown) =>
      h.call('admin', 'PUT', `/api/v1/plan/settings/${key}`, { value });
    expect((await put('target_first_public_update_minutes', 4)).status).toBe(200);
    expect((await put('target_cadence_adherence', 0.5)).status).toBe(200);
    expect((await put('target_delivery_success', 0.8)).status).toBe(200);
    expect((await put('target_enquiries_per_incident', 1)).status).toBe(200);
    const bad = await put('target_cadence_adherence', 1.5);
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.value).toMatch(/at most 1/);
    expect((await put('target_first_public_update_minutes', 2.5)).json.error.fields.value).toBe(
      'must be a whole number of minutes',
    );
    const r = await trends();
    expect(
      Object.fromEntries(Object.entries(r.targets).map(([k, t]) => [k, [t.target, t.met]])),
    ).toEqual({
      median_time_to_first_public_update_s: [240, false], // 300 > 240
      cadence_adherence: [0.5, true], // 0.5 ≥ 0.5
      delivery_success: [0.8, true], // 0.8333… ≥ 0.8
      enquiries_per_incident: [1, false], // 3 > 1
    });
    const doc = planDocument(await loadPlan(db()), {});
    expect(doc.settings).toMatchObject({
      target_first_public_update_minutes: 4,
      target_cadence_adherence: 0.5,
      target_delivery_success: 0.8,
      target_enquiries_per_incident: 1,
    });
    // the document imports back as it is, and a bad target in it is named
    await importPlan(
      h.app.ctx(),
      planToYaml({ ...doc, settings: { ...doc.settings, target_delivery_success: 0.95 } }),
    );
    expect((await trends()).targets.delivery_success).toMatchObject({ target: 0.95, met: false });
    await expect(
      importPlan(
        h.app.ctx(),
        planToYaml({ ...doc, settings: { ...doc.settings, target_delivery_success: 2 } }),
      ),
    ).rejects.toMatchObject({
      fields: { 'settings.target_delivery_success': expect.stringMatching(/at most 1/) },
    });
  });

  it('takes an action item from one of the debrief suggestions', async () => {
    const { incidents } = await trends();
    const nov = incidents.find((i) => i.name === 'Payments failing')!;
    const res = await h.call('write', 'POST', `/api/v1/incidents/${nov.id}/debrief/actions`, {
      text: 'Check the email provider and its failover',
      owner_id: 'maya@flare.test',
      due_at: '2026-12-15T12:00:00Z',
      suggestion_id: 'check-provider-email',
    });
    expect(res.status, res.body).toBe(201);
    expect(res.json).toMatchObject({ suggestion_id: 'check-provider-email', owner_name: 'Maya' });
  });

  it('shows the quarter in the console, per month, with links to the next and previous', async () => {
    const { cookie } = await signInConsole(h.server, h.secrets.write);
    const page = await h.server.inject({ url: '/console/debrief/trends', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const b = page.body;
    expect(b).toContain('Debrief trends: Q4 2026'); // the clock's quarter
    expect(b).toContain('href="/console/debrief/trends?quarter=2026-Q3"');
    expect(b).toContain('href="/console/debrief/trends?quarter=2027-Q1"');
    expect(b.match(/<svg /g)).toHaveLength(4);
    // per month: October 1200 s, November 300 s, December nothing
    expect(b).toContain(
      'Median time to the first public update per month: October 2026 20 min 0 s, November 2026 5 min 0 s, December 2026 —; target 4 min 0 s.',
    );
    expect(b).toContain(
      'Cadence adherence per month: October 2026 0%, November 2026 66.7%, December 2026 —; target 50%.',
    );
    expect(b).toContain('Target missed');
    expect(b).toContain('Target met');
    expect(b).toContain('October outage');
    const q3 = await h.server.inject({
      url: '/console/debrief/trends?quarter=2026-Q3',
      headers: { cookie },
    });
    expect(q3.body).toContain('No incident started this quarter.');
    expect(q3.body).toContain('Not measured');
    const bad = await h.server.inject({
      url: '/console/debrief/trends?quarter=2026-Q5',
      headers: { cookie },
    });
    expect(bad.statusCode).toBe(400);
  });
});
