/**
 * The plan builder over real HTTP (server.inject) on SQLite and PostgreSQL, from an empty
 * workspace: /console sends a new workspace to /console/plan; the overview and the eight step
 * screens; every form of the builder (people, rotations, roles, severities, channels,
 * approvals, templates, settings) through the audited actions, to a readiness of 90 or more;
 * a bad input shown next to its field; user text escaped; and the drill at the end.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/actions/createToken.js';
import { buildServer } from '../../src/http/server.js';
import { listAudit } from '../../src/store/queries/audit.js';
import { loadPlanBuilder } from '../../src/store/queries/planBuilder.js';
import { listPeople, listSeverities } from '../../src/store/queries/team.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** a Slack webhook Flare can post to (private addresses are allowed in tests) */
const SLACK = 'http://127.0.0.1:9/hooks/team';

describeEachEngine('console plan builder', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let cookie: string;
  let writerCookie: string;
  let csrf: string;
  let writerCsrf: string;

  const signIn = async (token: string) => {
    const r = await server.inject({
      method: 'POST',
      url: '/console/signin',
      headers: FORM,
      payload: new URLSearchParams({ token }).toString(),
    });
    expect(r.statusCode).toBe(303);
    return String(r.headers['set-cookie']).split(';')[0];
  };

  beforeAll(async () => {
    app = await makeTestApp(engine);
    const ctx = app.ctx();
    const admin = (await createToken(ctx, { name: 'ana', scope: 'admin' })).secret;
    const writer = (await createToken(ctx, { name: 'ben', scope: 'write' })).secret;
    server = await buildServer(app);
    cookie = await signIn(admin);
    writerCookie = await signIn(writer);
    const csrfOf = async (c: string) =>
      /name="_csrf" value="([^"]+)"/.exec(
        (await server.inject({ url: '/console/plan', headers: { cookie: c } })).body,
      )![1];
    writerCsrf = await csrfOf(writerCookie);
    const page = await server.inject({ url: '/console/plan', headers: { cookie } });
    csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    if (!csrf) {
      const dash = await server.inject({ url: '/console?dashboard=1', headers: { cookie } });
      csrf = /name="_csrf" value="([^"]+)"/.exec(dash.body)![1];
    }
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  const get = (url: string, c = cookie) => server.inject({ url, headers: { cookie: c } });
  const post = (url: string, fields: Record<string, string | string[]>, c = cookie) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries({ _csrf: c === cookie ? csrf : writerCsrf, ...fields }))
      for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return server.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie: c },
      payload: body.toString(),
    });
  };
  const score = async () => (await loadPlanBuilder(app.store.db, {})).readiness.score;

  describe('from an empty workspace', () => {
    it('starts a new workspace on the plan; the dashboard stays one link away', async () => {
      const r = await get('/console');
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toBe('/console/plan');
      const dash = await get('/console?dashboard=1');
      expect(dash.statusCode).toBe(200);
      expect(dash.body).toContain('<h1>Dashboard</h1>');
      const plan = await get('/console/plan');
      expect(plan.statusCode).toBe(200);
      expect(plan.body).toContain('Your comms plan');
      expect(plan.body).toContain('href="/console/plan" aria-current="page">Plan</a>');
      expect(plan.body).toContain('Start with step 1');
      expect(plan.body).toContain(`>${await score()}%</span>`);
      for (const title of ['Team and roles', 'Severities', 'Cadence and follow-up'])
        expect(plan.body).toContain(title);
    });

    it('shows each of the eight steps with its explanation, score and gaps', async () => {
      const expected: Record<number, string> = {
        1: 'Nobody is on the incident lead rotation',
        2: 'Who is called in',
        3: 'Customers and the public are told on',
        4: 'Restore missing templates',
        5: 'Minutes the approver has',
        6: 'FLARE_SMTP_FALLBACK_URL',
        7: 'Nobody owns customer-facing briefings',
        8: 'Run a drill',
      };
      for (let n = 1; n <= 8; n++) {
        const r = await get(`/console/plan/${n}`);
        expect(r.statusCode, `step ${n}`).toBe(200);
        expect(r.body).toContain(`Step ${n} of 8`);
        expect(r.body).toContain(expected[n]);
        expect(r.body).toContain('id="step-score"');
      }
      // each gap links to where it is fixed
      expect((await get('/console/plan/1')).body).toContain(
        'href="/console/plan/1#rotations">Fix this',
      );
      expect((await get('/console/plan/9')).statusCode).toBe(404);
    });
  });

  it('shows a bad input next to its field, keeps what was typed, and escapes it', async () => {
    const r = await post('/console/plan/1/person', {
      name: 'Ana <script>alert(1)</script>',
      email: 'not-an-email',
      role: 'incident_lead',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Nothing was saved');
    expect(r.body).toContain('Must be an email address.');
    expect(r.body).toContain('aria-invalid="true"');
    expect(r.body).toContain('value="Ana &lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(r.body).not.toContain('<script>alert(1)');
    expect(await listPeople(app.store.db)).toHaveLength(0);
    const cad = await post('/console/plan/8/severity/SEV1', {
      firstMinutes: 'soon',
      laterMinutes: '30',
      interimAfterMinutes: '60',
    });
    expect(cad.statusCode).toBe(400);
    expect(cad.body).toContain('Enter a whole number of minutes, e.g. 20.');
    expect(cad.body).toContain('value="soon"');
  });

  it('tells a writer without the admin scope that they may not change the plan', async () => {
    const r = await post('/console/plan/1/person', { name: 'Zed' }, writerCookie);
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('may not change the plan');
    expect(await listPeople(app.store.db)).toHaveLength(0);
  });

  it('builds the plan through its own forms to a readiness of 90 or more', async () => {
    const before = await score();
    expect(before).toBeLessThan(90);
    const team: [string, string][] = [
      ['Ana <b>Silva</b>', 'incident_lead'],
      ['Ben Okafor', 'incident_lead'],
      ['Cleo Park', 'comms_lead'],
      ['Dan Ruiz', 'comms_lead'],
      ['Eve Chen', 'internal_liaison'],
    ];
    for (const [name, role] of team) {
      const email = `${name.split(' ')[0].toLowerCase()}@example.com`;
      const r = await post('/console/plan/1/person', { name, email, slack: SLACK, role });
      expect(r.statusCode, name).toBe(303);
      expect(r.headers.location).toBe('/console/plan/1?done=person#rotations');
    }
    const people = await listPeople(app.store.db);
    const eve = people.find((p) => p.name === 'Eve Chen')!;
    const cleo = people.find((p) => p.name === 'Cleo Park')!;
    for (const role of ['customer_liaison', 'support_lead', 'executive_sponsor', 'account_manager'])
      expect((await post('/console/plan/1/rotation', { role, person: eve.id })).statusCode).toBe(
        303,
      );
    // twice on one rotation is refused, with the field named
    const twice = await post('/console/plan/1/rotation', { role: 'support_lead', person: eve.id });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('They are already on the Support lead rotation.');
    // and one can be taken off again
    await post('/console/plan/1/rotation', { role: 'account_manager', person: cleo.id });
    expect(
      (await post('/console/plan/1/rotation/remove', { role: 'account_manager', person: cleo.id }))
        .statusCode,
    ).toBe(303);
    const step1 = await get('/console/plan/1?done=person');
    expect(step1.body).toContain('Person added to the team.');
    expect(step1.body).toContain('Ana &lt;b&gt;Silva&lt;/b&gt;');
    expect(step1.body).not.toContain('<b>Silva</b>');

    expect(
      (await post('/console/plan/1/role', { key: 'security_lead', name: 'Security lead' }))
        .statusCode,
    ).toBe(303);
    const badRole = await post('/console/plan/1/role', { key: 'Security Lead', name: 'X' });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.body).toContain('Must be lowercase snake case');

    // step 2: a new severity, and a change to an existing one
    const sev = await post('/console/plan/2/severity', {
      key: 'SEV4',
      name: 'Cosmetic',
      description: 'A typo on a page.',
    });
    expect(sev.statusCode).toBe(303);
    const sev3 = await post('/console/plan/2/severity/SEV3', {
      name: 'Minor',
      description: 'Few customers notice.',
      calledRoles: ['incident_lead', 'comms_lead', 'security_lead'],
    });
    expect(sev3.statusCode).toBe(303);
    // step 3: channels; step 5: approvals; step 8: cadence
    expect(
      (
        await post('/console/plan/3/severity/SEV4', {
          public: ['status_page', 'email'],
          internal: ['slack'],
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await post('/console/plan/5/severity/SEV1', {
          approvalRequired: 'true',
          approvalTimeBoxMinutes: '4',
          autoPublishOnTimeout: 'true',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await post('/console/plan/8/severity/SEV2', {
          firstMinutes: '15',
          laterMinutes: '30',
          interimAfterMinutes: '75',
        })
      ).statusCode,
    ).toBe(303);
    const sevs = await listSeverities(app.store.db);
    const byKey = Object.fromEntries(sevs.map((s) => [s.key, s]));
    expect(byKey.SEV4.name).toBe('Cosmetic');
    expect(byKey.SEV4.settings.audiences.public).toEqual(['status_page', 'email']);
    expect(byKey.SEV3.settings.calledRoles).toContain('security_lead');
    expect(byKey.SEV1.settings.approvalTimeBoxMinutes).toBe(4);
    expect(byKey.SEV2.settings.cadence.interimAfterMinutes).toBe(75);
    expect(byKey.SEV2.settings.cadence.firstMinutes).toBe(15);

    // step 4: restore the built-in templates (none missing: nothing changes)
    expect((await post('/console/plan/4/restore', {})).statusCode).toBe(303);
    // steps 5–8: the plan's settings; an owner who is not on the team is refused
    const ana = people.find((p) => p.name.startsWith('Ana'))!;
    for (const [key, value] of [
      ['allow_self_approval', 'false'],
      ['static_export_target', 'https://backup-status.example.com'],
      ['briefing_owner', ana.id],
      ['debrief_owner', cleo.id],
    ]) {
      const r = await post('/console/plan/setting', { key, value });
      expect(r.statusCode, key).toBe(303);
    }
    const bad = await post('/console/plan/setting', {
      key: 'debrief_owner',
      value: 'ghost@example.com',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('ghost@example.com is not on the team');

    const after = await score();
    expect(after).toBeGreaterThanOrEqual(90);
    const overview = await get('/console/plan');
    expect(overview.body).toContain(`>${after}%</span>`);
    const step7 = await get('/console/plan/7');
    expect(step7.body).toContain('Nothing missing here. This step is done.');
    // every write is in the audit log under the signed-in token
    const audit = await listAudit(app.store.db, { limit: 500 });
    const actions = new Set(audit.filter((a) => a.actor === 'token:ana').map((a) => a.action));
    for (const a of [
      'person.create',
      'role.rotation',
      'role.create',
      'severity.create',
      'severity.update',
      'plan.setting',
    ])
      expect(actions, a).toContain(a);
  });

  it('ends with a drill, after which /console is the dashboard', async () => {
    const r = await post('/console/plan/drill', { severity: 'SEV2' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toMatch(/^\/console\/incidents\/[\w-]+$/);
    const incident = await get(r.headers.location as string);
    expect(incident.statusCode).toBe(200);
    expect(incident.body).toContain('Drill: simulated SEV2 incident');
    expect((await get('/console')).statusCode).toBe(200);
  });
});
