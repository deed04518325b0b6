/**
 * The comms debrief (issue #14) on real SQLite and PostgreSQL: a scripted incident with updates
 * on time and late, deliveries with known timestamps and failures (rows written directly),
 * a briefing read late, and enquiries. The metrics equal values worked out by hand below;
 * the Markdown export carries them; applying a suggestion changes the plan and its export.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { debriefOut } from '../../src/http/routes/v1/debrief.js';
import { planDocument } from '../../src/present/planDocument.js';
import { loadPlan } from '../../src/store/queries/plan.js';
import { LONG_SMS, scriptDebriefIncident, T } from '../fixtures/debriefIncident.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';
import { FORM, signInConsole } from '../helpers/console.js';

describeEachEngine('debrief', (engine) => {
  const clock = new TestClock(Date.parse('2026-11-20T12:05:00Z'));
  let h: ApiHarness;
  let incident: string;
  let quiet: string;
  const db = () => h.app.store.db;

  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock });
    incident = await scriptDebriefIncident(h.app, clock);
    const ctx = h.app.ctx();
    // an incident with nothing measured: its metrics say so
    clock.set(T('14:00:00'));
    quiet = (
      await createIncident(ctx, {
        name: 'Quiet',
        body: 'Nothing else happened.',
        deliver_notifications: false,
      })
    ).id;
  });

  afterAll(async () => {
    await h?.close();
  });

  it('computes the metrics the working below gives', async () => {
    const res = await h.call('read', 'GET', `/api/v1/incidents/${incident}/debrief`);
    expect(res.status).toBe(200);
    const d = debriefOut.parse(res.json);
    const m = d.metrics;
    // started 12:00, first public update 12:05 → 300 s
    expect(m.time_to_first_public_update_s).toBe(300);
    expect(m.updates).toBe(4);
    // promises: U1 12:25 (kept by U2 12:20), U2 12:50 (U3 13:05: broken, 900 s), U3 13:25 (U4 13:25: kept)
    expect(m.promises).toBe(3);
    expect(m.updates_on_time).toBe(2);
    expect(m.broken_promises).toEqual([
      {
        update_id: expect.any(String),
        promised_at: T('12:50:00'),
        kept_at: T('13:05:00'),
        late_s: 900,
      },
    ]);
    // gaps: 12:05→12:20 900 s, 12:20→13:05 2700 s, 13:05→13:25 1200 s
    expect(m.largest_gap_s).toBe(2700);
    // email: 14 attempted (cancelled never counted), 11 sent (U1's 10, U2's 1), 2 dead, 1 queued
    // sorted latencies 50, 100…1000: p50 rank ceil(0.5·11)=6 → 500, p95 rank ceil(10.45)=11 → 1000,
    // p99 rank 11 → 1000 (the team notice's deliveries are not the incident's: not counted)
    // sms: 2000 4000 6000 8000: p50 rank 2 → 4000, p95 rank ceil(3.8)=4 → 8000
    expect(m.deliveries).toEqual({
      email: {
        attempted: 14,
        delivered: 11,
        failed: 2,
        pending: 1,
        p50_ms: 500,
        p95_ms: 1000,
        p99_ms: 1000,
      },
      sms: {
        attempted: 4,
        delivered: 4,
        failed: 0,
        pending: 0,
        p50_ms: 4000,
        p95_ms: 8000,
        p99_ms: 8000,
      },
    });
    // briefing v1 at 12:10, read 12:35 → 1500 s
    expect(m.briefing).toEqual([{ version: 1, readers: 1, slowest_read_s: 1500 }]);
    // enquiries: first responses 600 s and 120 s; median rank ceil(0.5·2)=1 → 120
    // buckets: 12:10–12:19 holds -0.5 and 0.25 (mean -0.125), 12:20–12:29 holds -1,
    // 12:30–12:39 the mentions -0.75 and 0.5 (mean -0.125), 12:40–12:49 the mention -0.25
    expect(m.enquiries).toEqual({
      total: 6,
      by_channel: { email: 2, phone: 1, social: 3 },
      negative: 4,
      escalated: 1,
      answered: 2,
      median_first_response_s: 120,
      buckets: [
        { start: T('12:10:00'), count: 2, mean_sentiment: -0.125 },
        { start: T('12:20:00'), count: 1, mean_sentiment: -1 },
        { start: T('12:30:00'), count: 2, mean_sentiment: -0.125 },
        { start: T('12:40:00'), count: 1, mean_sentiment: -0.25 },
      ],
    });
    expect(m.outreach).toEqual({
      value: null,
      reason: 'no outreach tasks were created for this incident',
    });
    // Acme: critical (3·10) + enterprise, the first of 3 tiers (3·5) + Payments down 12:00–13:25,
    // 85 min → 1 full hour (1) + 2 negative enquiries (2·3) = 52
    expect(d.at_risk_accounts).toEqual([
      expect.objectContaining({
        account_id: 'acc_acme',
        negative_enquiries: 2,
        tier_weight: 3,
        downtime_s: 85 * 60,
        score: 52,
      }),
    ]);
    expect(d.definitions.largest_gap_s).toMatch(/longest time/);
    // SEV2 reminds 5 minutes ahead → 10; briefing 10 minutes → 5; email failed
    expect(d.suggestions.map((s) => [s.id, s.plan_change])).toEqual([
      ['remind-earlier', { severity: 'SEV2', cadence: { reminderLeadMinutes: 10 } }],
      ['briefing-read-sooner', { setting: 'briefing_read_minutes', value: 5 }],
      [
        'pre-approve-investigating-en',
        { template: expect.any(String), key: 'investigating', locale: 'en', pre_approved: true },
      ],
      ['check-provider-email', null],
      ['sms-one-segment', null],
    ]);
    expect(d.suggestions[2].text).toContain('edited once during the incident');
    expect(d.suggestions[3].text).toMatch(/^2 of 14 email deliveries failed/);
    expect(d.suggestions[4].text).toBe(
      'An SMS went over one segment (investigating (en): 2 segments, 166 GSM-7 characters where one holds 160): shorten the SMS wording of that template so each notice costs one message and arrives whole.',
    );
  });

  it('measures acknowledgement, internal notice, scoping, reach, consistency, backlash and SMS', async () => {
    const d = debriefOut.parse(
      (await h.call('read', 'GET', `/api/v1/incidents/${incident}/debrief`)).json,
    );
    const m = d.metrics;
    const [u1, u2] = d.timeline.updates.map((u) => u.id);
    // started 12:00; Maya acknowledged comms lead at 12:08 → 480 s
    expect(m.time_to_acknowledge_s).toBe(480);
    // her team notice: the email died 12:06:20, the SMS was sent 12:07 → 420 s
    expect(m.time_to_first_internal_notice_s).toBe(420);
    // U2 at 12:20 is the first to name a component (Payments) → 1200 s
    expect(m.time_to_scoping_update_s).toBe(1200);
    // reached (a sent delivery): Acme's email_1, email_2, sms_1; Beta's email_3; Gamma's email_4
    // (Beta's email_11 died). affected_customers: accounts using Payments (Acme, Beta) on any
    // channel → 4 contacts, 2 accounts; key_accounts: key (enterprise or critical) and affected,
    // email or SMS → Acme's 3 contacts
    expect(m.reach).toEqual({
      total: { contacts: 5, accounts: 3 },
      by_audience: {
        affected_customers: { name: 'Affected customers', contacts: 4, accounts: 2 },
        key_accounts: { name: 'Key accounts', contacts: 3, accounts: 1 },
      },
      by_tier: {
        enterprise: { contacts: 3, accounts: 1 },
        business: { contacts: 1, accounts: 1 },
        free: { contacts: 1, accounts: 1 },
      },
    });
    // U1 went out by email and SMS, U2 by email only; U3 and U4 were not sent to subscribers
    expect(m.consistency).toEqual({
      consistent: false,
      channels: ['email', 'sms'],
      updates: [
        { update_id: u1, posted_at: T('12:05:00'), channels_sent: ['email', 'sms'], missing: [] },
        { update_id: u2, posted_at: T('12:20:00'), channels_sent: ['email'], missing: ['sms'] },
      ],
    });
    // three mentions, two negative: 12:32 (Mastodon) and 12:41 (Bluesky)
    expect(m.social_backlash).toEqual({
      mentions: 3,
      negative: 2,
      listed: [
        {
          id: 'enq_4',
          source: 'mastodon',
          sender: 'enq_4@customer.test',
          received_at: T('12:32:00'),
          sentiment: -0.75,
        },
        {
          id: 'enq_6',
          source: 'bluesky',
          sender: 'enq_6@customer.test',
          received_at: T('12:41:00'),
          sentiment: -0.25,
        },
      ],
      buckets: [
        { start: T('12:30:00'), count: 1 },
        { start: T('12:40:00'), count: 1 },
      ],
    });
    // U1 (from the investigating template, queued for SMS) in en, fr and de: the English
    // wording is LONG_SMS, 166 GSM-7 characters → 2 segments; fr and de fit in one
    expect(LONG_SMS).toHaveLength(166);
    expect(m.sms_segments).toEqual({
      checked: 3,
      over_one_segment: [
        {
          update_id: u1,
          template: expect.any(String),
          key: 'investigating',
          locale: 'en',
          encoding: 'GSM-7',
          units: 166,
          segments: 2,
        },
      ],
    });
    expect(d.definitions.consistency).toMatch(/channels the incident used/);
    expect(
      (
        await h.call(
          'admin',
          'POST',
          `/api/v1/incidents/${incident}/debrief/suggestions/sms-one-segment/apply`,
        )
      ).status,
    ).toBe(400);
  });

  it('says which metrics have no data instead of showing zero', async () => {
    const d = debriefOut.parse(
      (await h.call('read', 'GET', `/api/v1/incidents/${quiet}/debrief`)).json,
    );
    expect(d.metrics.largest_gap_s).toBeNull();
    expect(d.metrics.missing.largest_gap_s).toBe('fewer than two public updates');
    expect(d.metrics.missing.deliveries).toMatch(/no notification/);
    expect(d.metrics.enquiries).toMatchObject({ value: null });
    expect(d.metrics.time_to_acknowledge_s).toBeNull();
    expect(d.metrics.time_to_first_internal_notice_s).toBeNull();
    expect(d.metrics.time_to_scoping_update_s).toBeNull();
    expect(d.metrics.missing).toMatchObject({
      time_to_acknowledge_s: 'no role was assigned for this incident',
      time_to_first_internal_notice_s: 'no team notice was sent about this incident',
      time_to_scoping_update_s: 'no public update named an affected component',
    });
    expect(d.metrics.reach).toEqual({
      value: null,
      reason: 'no notification was delivered for this incident',
    });
    expect(d.metrics.consistency).toEqual({
      value: null,
      reason: 'no public update was delivered on any channel',
    });
    expect(d.metrics.sms_segments).toEqual({
      value: null,
      reason: 'no SMS was sent for this incident',
    });
    // the Mastodon account reads mentions: none about this incident is a real zero
    expect(d.metrics.social_backlash).toEqual({
      mentions: 0,
      negative: 0,
      listed: [],
      buckets: [],
    });
    expect(d.suggestions).toEqual([]);
    expect((await h.call('read', 'GET', '/api/v1/incidents/inc_nope/debrief')).status).toBe(404);
  });

  it('exports Markdown for the postmortem', async () => {
    const res = await h.call('read', 'GET', `/api/v1/incidents/${incident}/debrief.md`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/markdown/);
    expect(res.body).toContain('# Comms debrief: Payments failing');
    expect(res.body).toContain('| email | 14 | 11 | 2 | 1 | 500 | 1000 | 1000 |');
    expect(res.body).toContain('| Promises kept | 2 of 3 |');
    expect(res.body).toContain('| Time to acknowledge | 8 min 0 s |');
    expect(res.body).toContain('| Time to scoping update | 20 min 0 s |');
    expect(res.body).toContain('| Affected customers (affected_customers) | 4 | 2 |');
    expect(res.body).toContain('| enterprise | 3 | 1 |');
    expect(res.body).toContain(`| ${T('12:20:00')} | email | sms |`);
    expect(res.body).toContain('- 3 mentions, 2 negative');
    expect(res.body).toContain('- investigating (en): 166 GSM-7 characters, 2 segments');
    const quietMd = await h.call('read', 'GET', `/api/v1/incidents/${quiet}/debrief.md`);
    expect(quietMd.body).toContain(
      '| Time to acknowledge | — (no role was assigned for this incident) |',
    );
    expect(quietMd.body).toContain('— (no SMS was sent for this incident)');
  });

  it('shows the debrief in the console with SVG charts and their tables, no script needed', async () => {
    const { cookie } = await signInConsole(h.server, h.secrets.write);
    const incidentPage = await h.server.inject({
      url: `/console/incidents/${incident}`,
      headers: { cookie },
    });
    expect(incidentPage.body).toContain(`href="/console/incidents/${incident}/debrief"`);
    const res = await h.server.inject({
      url: `/console/incidents/${incident}/debrief`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body.match(/<svg /g)?.length).toBe(3);
    expect(res.body).toContain('2 of 3');
    expect(res.body).toContain(
      '<td>email</td><td>14</td><td>11</td><td>2</td><td>1</td><td>500</td>',
    );
    expect(res.body).toContain('Acme Corp');
    expect(res.body).toContain(
      '<th scope="row">Time to first internal notice</th><td>7 min 0 s</td>',
    );
    expect(res.body).toContain('<td>Key accounts (key_accounts)</td><td>3</td><td>1</td>');
    expect(res.body).toContain('<td>email</td><td>sms</td></tr>');
    expect(res.body).toContain('A channel missed an update.');
    expect(res.body).toContain('<td>investigating</td><td>en</td><td>166</td>');
    const q = await h.server.inject({
      url: `/console/incidents/${quiet}/debrief`,
      headers: { cookie },
    });
    expect(q.body).toContain('no data: fewer than two public updates');
    expect(q.body).toContain('no enquiries were received');
    expect(q.body).toContain('no data: no public update named an affected component');
    expect(q.body).toContain('no data: no notification was delivered for this incident');
  });

  it('applies a suggestion from the console form, once, admins only', async () => {
    const write = await signInConsole(h.server, h.secrets.write);
    const asWriter = await h.server.inject({
      url: `/console/incidents/${incident}/debrief`,
      headers: { cookie: write.cookie },
    });
    expect(asWriter.body).not.toContain('Apply to the plan');
    expect(asWriter.body).toContain('(an admin can apply it)');
    const { cookie, csrf } = await signInConsole(h.server, h.secrets.admin);
    const page = await h.server.inject({
      url: `/console/incidents/${incident}/debrief`,
      headers: { cookie },
    });
    const action = `/console/incidents/${incident}/debrief/suggestions/pre-approve-investigating-en/apply`;
    expect(page.body).toContain(`action="${action}"`);
    // the check-only suggestion has no form
    expect(page.body).not.toContain('suggestions/check-provider-email/apply');
    const versions = async () =>
      Number(
        (
          await db()
            .selectFrom('plan_versions')
            .select(({ fn }) => fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await versions();
    const post = () =>
      h.server.inject({
        method: 'POST',
        url: action,
        headers: { cookie, ...FORM },
        payload: new URLSearchParams({ _csrf: csrf, _once: 'debrief-once-1' }).toString(),
      });
    const first = await post();
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/console/incidents/${incident}/debrief?done=applied`);
    // Back and resend: the same answer, no second version
    expect((await post()).statusCode).toBe(303);
    expect(await versions()).toBe(before + 1);
    const done = await h.server.inject({
      url: String(first.headers.location),
      headers: { cookie },
    });
    expect(done.body).toContain('Applied: the plan has a new version');
    expect(done.body).not.toContain('pre-approve-investigating-en/apply');
    // a fresh form for what is already applied: nothing changes, said plainly
    const stale = await h.server.inject({
      method: 'POST',
      url: action,
      headers: { cookie, ...FORM },
      payload: new URLSearchParams({ _csrf: csrf, _once: 'debrief-once-2' }).toString(),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('no longer applies');
    const noCsrf = await h.server.inject({
      method: 'POST',
      url: action,
      headers: { cookie, ...FORM },
      payload: new URLSearchParams({ _once: 'debrief-once-3' }).toString(),
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('sums up the period in trends', async () => {
    const res = await h.call(
      'read',
      'GET',
      `/api/v1/debrief/trends?from=${T('00:00:00')}&to=2026-11-21T00:00:00.000Z`,
    );
    expect(res.status).toBe(200);
    // two incidents: 300 s and (the quiet one, posted as it started) 0 s → nearest-rank median 0;
    // promises 2 of 3 (the quiet one's 14:20 promise is not due at 14:00);
    // 15 sent of 18 attempted; 6 enquiries over 2 incidents
    expect(res.json.trends).toEqual({
      incidents: 2,
      median_time_to_first_public_update_s: 0,
      cadence_adherence: 2 / 3,
      delivery_success: 15 / 18,
      enquiries_per_incident: 3,
      missing: {},
    });
    const none = await h.call(
      'read',
      'GET',
      '/api/v1/debrief/trends?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z',
    );
    expect(none.json.trends).toMatchObject({ incidents: 0, delivery_success: null });
    expect(none.json.trends.missing.delivery_success).toBe('no notification was delivered');
    const bad = await h.call(
      'read',
      'GET',
      '/api/v1/debrief/trends?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z',
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual({ from: 'must be before to' });
  });

  it('applies a suggestion as a new plan version the plan export shows', async () => {
    const url = (sid: string) => `/api/v1/incidents/${incident}/debrief/suggestions/${sid}/apply`;
    expect((await h.call('write', 'POST', url('briefing-read-sooner'))).status).toBe(403);
    const res = await h.call('admin', 'POST', url('briefing-read-sooner'), {
      note: 'The support team read the pack 12 minutes late.',
    });
    expect(res.status).toBe(200);
    const applied = await db()
      .selectFrom('audit_log')
      .select(['entity_id', 'after'])
      .where('action', '=', 'debrief.suggestion.apply')
      .execute();
    const why = applied.find((a) => String(a.after).includes('briefing-read-sooner'))!;
    expect(why.entity_id).toBe(incident);
    expect(JSON.parse(String(why.after))).toMatchObject({
      suggestion: 'briefing-read-sooner',
      note: 'The support team read the pack 12 minutes late.',
    });
    expect(res.json.suggestion.id).toBe('briefing-read-sooner');
    let doc = planDocument(await loadPlan(db()), {});
    expect(doc.settings.briefing_read_minutes).toBe(5);
    const sev = await h.call('admin', 'POST', url('remind-earlier'));
    expect(sev.status).toBe(200);
    expect(sev.json.plan_version).toBeGreaterThan(res.json.plan_version);
    doc = planDocument(await loadPlan(db()), {});
    expect(doc.severities.SEV2.settings.cadence.reminderLeadMinutes).toBe(10);
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['plan.setting', 'severity.update'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['plan.setting', 'severity.update']);
    // applied from the console form above: the API finds it gone
    expect((await h.call('admin', 'POST', url('pre-approve-investigating-en'))).status).toBe(404);
    doc = planDocument(await loadPlan(db()), {});
    expect(JSON.stringify(doc.templates)).toContain('We are looking into failed payments');
    const stored = await db()
      .selectFrom('templates')
      .select('pre_approved')
      .where('key', '=', 'investigating')
      .where('locale', '=', 'en')
      .executeTakeFirstOrThrow();
    expect(Number(stored.pre_approved)).toBe(1);
    // applied: the debrief no longer suggests it
    const after = debriefOut.parse(
      (await h.call('read', 'GET', `/api/v1/incidents/${incident}/debrief`)).json,
    );
    expect(after.suggestions.map((s) => s.id)).not.toContain('pre-approve-investigating-en');
    expect((await h.call('admin', 'POST', url('check-provider-email'))).status).toBe(400);
    expect((await h.call('admin', 'POST', url('nope'))).status).toBe(404);
  });
});
