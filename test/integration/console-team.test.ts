/**
 * The console's Team and Severities screens over real HTTP (server.inject) on SQLite and
 * PostgreSQL, signed in through POST /console/signin: people (add with working hours, edit,
 * remove), roles (add, rename, delete), rotations, acknowledgement time-outs, severities (add,
 * edit the channel matrix, approval and cadence, delete), the plan's approval rule, and the
 * refusal when a requester approves their own message. Every write is audited; bad input comes
 * back with a message next to its field; user text is escaped.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPerson } from '../../src/actions/createPerson.js';
import { createToken } from '../../src/actions/createToken.js';
import { declareIncident } from '../../src/actions/declareIncident.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { listApprovals } from '../../src/store/queries/approvals.js';
import { listAudit } from '../../src/store/queries/audit.js';
import { loadPlanSettings } from '../../src/store/queries/plan.js';
import { getRole, getSeverity, listPeople, listRoles } from '../../src/store/queries/team.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { signInConsole } from '../helpers/console.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachEngine('console team and severities', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let cookie: string;
  let csrf: string;
  let benId: string;
  const clock = new TestClock();

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    benId = (await createPerson(ctx, { name: 'Ben Okafor', email: 'ben@example.com' })).id;
    const secret = (await createToken(ctx, { name: 'ana', scope: 'admin' })).secret;
    server = await buildServer(app);
    ({ cookie, csrf } = await signInConsole(server, secret, '/console/team'));
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
  const audited = async (action: string) =>
    (await listAudit(app.store.db, { limit: 500 })).filter((a) => a.action === action);
  const person = {
    name: 'Zoë <b>Ops</b>',
    email: 'zoe@example.com',
    phone: '+44 7700 900123',
    slack: '@zoe',
    teams: '',
    time_zone: 'Europe/London',
    hours_mode: 'set',
    hours_start: '09:00',
    hours_end: '17:30',
    hours_days: ['1', '2', '3', '4', '5'],
  };
  const zoe = async () =>
    (await listPeople(app.store.db)).find((p) => p.email === 'zoe@example.com');

  it('shows the team with its forms, and Severities in the menu', async () => {
    const r = await get('/console/team');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('href="/console/severities"');
    expect(r.body).toContain('Incident lead');
    expect(r.body).toContain('Ben Okafor');
    expect(r.body).toContain('action="/console/team/people"');
    expect(r.body).toContain('action="/console/team/ack"');
    expect(r.body).not.toContain('use the CLI');
  });

  it('tells a token that may only write incidents that the team is read-only for it', async () => {
    const secret = (await createToken(app.ctx(), { name: 'writer', scope: 'write' })).secret;
    const r = await server.inject({
      method: 'POST',
      url: '/console/signin',
      headers: FORM,
      payload: new URLSearchParams({ token: secret }).toString(),
    });
    const theirs = String(r.headers['set-cookie']).split(';')[0];
    const page = await server.inject({ url: '/console/team', headers: { cookie: theirs } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('can read the plan but not change it');
    expect(page.body).not.toContain('action="/console/team/people"');
    const their = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const tried = await server.inject({
      method: 'POST',
      url: '/console/team/people',
      headers: { ...FORM, cookie: theirs },
      payload: new URLSearchParams({ _csrf: their, name: 'Eve', time_zone: 'Etc/UTC' }).toString(),
    });
    expect(tried.statusCode).toBe(400);
    expect(tried.body).toContain('can read the plan but not change it');
    expect((await listPeople(app.store.db)).map((p) => p.name)).not.toContain('Eve');
    const sev = await server.inject({ url: '/console/severities', headers: { cookie: theirs } });
    expect(sev.statusCode).toBe(200);
    expect(sev.body).not.toContain('href="/console/severities/new"');
  });

  it('adds a person with working hours and a time zone, after showing what was wrong', async () => {
    const bad = await post('/console/team/people', { ...person, email: 'not-an-email' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/has-error[\s\S]{0,400}Must be an email address/);
    expect(bad.body).toContain('href="#f-p-email">Email</a>');
    // what was typed comes back, escaped
    expect(bad.body).toContain('value="Zoë &lt;b&gt;Ops&lt;/b&gt;"');
    expect(bad.body).not.toContain('<b>Ops</b>');
    const noDays = await post('/console/team/people', { ...person, hours_days: [] });
    expect(noDays.statusCode).toBe(400);
    expect(noDays.body).toContain('Tick at least one day.');
    expect(await zoe()).toBeUndefined();

    const ok = await post('/console/team/people', { ...person, _once: 'once-add-zoe-1' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/console/team?done=person#add-person');
    // Back and submit again: the same answer, and still one Zoë
    const again = await post('/console/team/people', { ...person, _once: 'once-add-zoe-1' });
    expect(again.statusCode).toBe(303);
    expect(
      (await listPeople(app.store.db)).filter((p) => p.email === 'zoe@example.com'),
    ).toHaveLength(1);
    const z = (await zoe())!;
    expect(z).toMatchObject({
      name: 'Zoë <b>Ops</b>',
      phone: '+447700900123',
      slack: '@zoe',
      teams: null,
      time_zone: 'Europe/London',
      working_hours: '09:00-17:30 Mon-Fri',
    });
    expect((await audited('person.create')).some((a) => a.entity_id === z.id)).toBe(true);
    const page = await get('/console/team?done=person');
    expect(page.body).toContain('Person added.');
    expect(page.body).toContain('Zoë &lt;b&gt;Ops&lt;/b&gt;');
    expect(page.body).toContain('09:00-17:30 Mon-Fri (Europe/London)');
    expect(page.body).not.toContain('<b>Ops</b>');
  });

  it('edits a person: a bad phone is refused by name, then the change is saved and audited', async () => {
    const z = (await zoe())!;
    const form = await get(`/console/team/people/${z.id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="zoe@example.com"');
    expect(form.body).toMatch(/value="Europe\/London" selected/);
    const bad = await post(`/console/team/people/${z.id}`, { ...person, phone: '12' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('phone number in international form');
    const ok = await post(`/console/team/people/${z.id}`, {
      ...person,
      name: 'Zoë Ops',
      slack: '',
      hours_mode: 'set',
      hours_start: '22:00',
      hours_end: '06:00',
      hours_days: ['6', '7'],
    });
    expect(ok.statusCode).toBe(303);
    expect(await zoe()).toMatchObject({
      name: 'Zoë Ops',
      slack: null,
      working_hours: '22:00-06:00 Sat,Sun',
    });
    const [last] = (await audited('person.update')).filter((a) => a.entity_id === z.id);
    expect(last).toBeDefined();
    expect((await get('/console/team/people/nope')).statusCode).toBe(404);
  });

  it('adds, renames and deletes a role, and sets who is on call in order', async () => {
    const empty = await post('/console/team/roles', { name: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Give the role a name');
    const ok = await post('/console/team/roles', {
      name: 'Security <lead>',
      description: 'Owns the breach call',
    });
    expect(ok.statusCode).toBe(303);
    expect(await getRole(app.store.db, 'security_lead')).toMatchObject({ name: 'Security <lead>' });
    const again = await post('/console/team/roles', { name: 'Security <lead>' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('A role with this name already exists.');
    expect(again.body).toContain('Security &lt;lead&gt;');
    expect(again.body).not.toContain('Security <lead>');

    const renamed = await post('/console/team/roles/security_lead', {
      name: 'Security lead',
      description: '',
    });
    expect(renamed.statusCode).toBe(303);
    expect(await getRole(app.store.db, 'security_lead')).toMatchObject({
      name: 'Security lead',
      description: '',
    });
    expect(await audited('role.update')).toHaveLength(1);
    const builtin = await post('/console/team/roles/incident_lead', { name: 'Boss' });
    expect(builtin.statusCode).toBe(400);
    expect(builtin.body).toContain('built-in role');

    const z = (await zoe())!;
    const twice = await post('/console/team/roles/incident_lead/rotation', { slot: [z.id, z.id] });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('Zoë Ops appears twice');
    const rota = await post('/console/team/roles/incident_lead/rotation', {
      slot: [benId, '', z.id],
    });
    expect(rota.statusCode).toBe(303);
    const lead = await getRole(app.store.db, 'incident_lead');
    expect(lead!.rotation.map((p) => p.id)).toEqual([benId, z.id]);
    expect(await audited('role.rotation')).toHaveLength(1);
    expect((await get('/console/team')).body).toContain('On call now: Ben Okafor');

    expect((await get('/console/team/roles/incident_lead/delete')).statusCode).toBe(409);
    const confirm = await get('/console/team/roles/security_lead/delete');
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Delete the role Security lead?');
    const del = await post('/console/team/roles/security_lead/delete', { confirm: 'yes' });
    expect(del.statusCode).toBe(303);
    expect(await getRole(app.store.db, 'security_lead')).toBeUndefined();
    expect(await audited('role.delete')).toHaveLength(1);
  });

  it('sets the acknowledgement time-outs, refusing a number that is not one', async () => {
    const bad = await post('/console/team/ack', {
      ack_SEV1: 'soon',
      ack_SEV2: '10',
      ack_SEV3: '15',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a whole number of minutes from 1 to 120.');
    const ok = await post('/console/team/ack', { ack_SEV1: '3', ack_SEV2: '10', ack_SEV3: '15' });
    expect(ok.statusCode).toBe(303);
    expect((await getSeverity(app.store.db, 'SEV1'))!.settings.ackTimeoutMinutes).toBe(3);
    // only the severity that changed is written
    expect(await audited('severity.update')).toHaveLength(1);
  });

  it('removes a person after a confirmation that names their rotations', async () => {
    const z = (await zoe())!;
    const confirm = await get(`/console/team/people/${z.id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('They are on call for Incident lead');
    const del = await post(`/console/team/people/${z.id}/delete`, { confirm: 'yes' });
    expect(del.statusCode).toBe(303);
    expect(await zoe()).toBeUndefined();
    expect((await getRole(app.store.db, 'incident_lead'))!.rotation.map((p) => p.id)).toEqual([
      benId,
    ]);
    expect(await audited('person.delete')).toHaveLength(1);
  });

  const sevForm = (over: Record<string, string | string[]> = {}) => ({
    name: 'Major',
    description: 'A key feature is down.',
    roles: ['incident_lead', 'comms_lead'],
    ch_public: ['status_page', 'email', 'webhook'],
    ch_internal: ['email', 'slack'],
    ch_key_accounts: ['outreach'],
    aud: ['affected_customers', 'key_accounts'],
    aud_ch_affected_customers: ['email', 'sms'],
    aud_ch_key_accounts: ['email'],
    aud_out_key_accounts: 'true',
    approval_required: 'true',
    approval_box: '5',
    first_minutes: '15',
    first_window: '120',
    later_minutes: '45',
    reminder_lead: '5',
    interim_after: '75',
    ack_timeout: '10',
    outreach_due: '30',
    ...over,
  });

  it('lists the severities and edits one: the channel matrix, approval and cadence', async () => {
    const list = await get('/console/severities');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('aria-current="page">Severities');
    expect(list.body).toContain('href="/console/severities/SEV2"');
    expect(list.body).toContain('Today a second person must approve');
    const form = await get('/console/severities/SEV2');
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/name="ch_public" value="email"[^>]*checked/);
    expect(form.body).toMatch(/name="first_minutes"[^>]*value="20"/);

    const bad = await post(
      '/console/severities/SEV2',
      sevForm({ first_minutes: '2', later_minutes: 'x', roles: [] }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a whole number of minutes.');
    expect(bad.body).toContain('href="#f-later_minutes">Then every</a>');
    const bad2 = await post('/console/severities/SEV2', sevForm({ first_minutes: '2', roles: [] }));
    expect(bad2.statusCode).toBe(400);
    expect(bad2.body).toContain('Must be at least 5 minutes.');
    expect(bad2.body).toContain('Must call in at least one role');
    expect((await getSeverity(app.store.db, 'SEV2'))!.settings.cadence.firstMinutes).toBe(20);

    const ok = await post('/console/severities/SEV2', sevForm());
    expect(ok.statusCode).toBe(303);
    const s = (await getSeverity(app.store.db, 'SEV2'))!.settings;
    expect(s.audiences.public).toEqual(['status_page', 'email', 'webhook']);
    expect(s.calledRoles).toEqual(['incident_lead', 'comms_lead']);
    expect(s.cadence).toEqual({
      firstMinutes: 15,
      firstWindowMinutes: 120,
      laterMinutes: 45,
      reminderLeadMinutes: 5,
      interimAfterMinutes: 75,
    });
    expect(s.notify).toEqual([
      { audience: 'affected_customers', channels: ['email', 'sms'], outreach: false },
      { audience: 'key_accounts', channels: ['email'], outreach: true },
    ]);
    expect(s.outreachDueMinutes).toBe(30);
    expect((await get('/console/severities?done=saved')).body).toContain('Severity saved.');
  });

  it('adds a severity with escaped text, refuses a taken key, and deletes one after confirming', async () => {
    expect((await get('/console/severities/new')).statusCode).toBe(200);
    const taken = await post('/console/severities', sevForm({ key: 'SEV1' }));
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('SEV1 already exists');
    const badKey = await post('/console/severities', sevForm({ key: 'sev 4!' }));
    expect(badKey.statusCode).toBe(400);
    expect(badKey.body).toContain('Must be capital letters and digits');
    const ok = await post(
      '/console/severities',
      sevForm({ key: 'sev4', name: 'Cosmetic <i>only</i>', approval_required: '' }),
    );
    expect(ok.statusCode).toBe(303);
    expect(await getSeverity(app.store.db, 'SEV4')).toMatchObject({ name: 'Cosmetic <i>only</i>' });
    const list = await get('/console/severities');
    expect(list.body).toContain('Cosmetic &lt;i&gt;only&lt;/i&gt;');
    expect(list.body).not.toContain('<i>only</i>');
    expect(await audited('severity.create')).toHaveLength(1);

    const confirm = await get('/console/severities/SEV4/delete');
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Delete SEV4');
    expect((await post('/console/severities/SEV4/delete', { confirm: 'yes' })).statusCode).toBe(
      303,
    );
    expect(await getSeverity(app.store.db, 'SEV4')).toBeUndefined();
    expect(await audited('severity.delete')).toHaveLength(1);
    expect((await get('/console/severities/SEV4')).statusCode).toBe(404);
  });

  it('refuses to let the requester approve their own message, and says why', async () => {
    const own = app.ctx({ id: 'token:ana', scope: 'admin' });
    await declareIncident(own, {
      severity: 'SEV1',
      name: 'Login fails',
      body: 'We are looking into failed logins.',
    });
    const [approval] = await listApprovals(app.store.db, 'open');
    expect(approval.requested_by).toBe('token:ana');
    const dash = await get('/console');
    expect(dash.body).toContain('You asked for this approval, so another person must approve it');
    const refused = await post(`/console/approvals/${approval.id}`, {
      decision: 'approve',
      body: 'x',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('You cannot approve your own message');
    expect((await listApprovals(app.store.db, 'open')).map((a) => a.id)).toContain(approval.id);
    // a severity with an open incident stays
    const stays = await post('/console/severities/SEV1/delete', { confirm: 'yes' });
    expect(stays.statusCode).toBe(409);
    expect(stays.body).toContain('An incident that is still open has this severity.');

    // a team of one turns the rule off from the console; then the same approval goes through
    const rule = await post('/console/severities/approval-rule', { allow_self_approval: 'true' });
    expect(rule.statusCode).toBe(303);
    expect((await loadPlanSettings(app.store.db)).allow_self_approval).toBe('true');
    expect((await get('/console/severities')).body).toContain('may also approve it');
    expect((await get('/console')).body).not.toContain('so another person must approve it');
    const ok = await post(`/console/approvals/${approval.id}`, { decision: 'approve', body: 'x' });
    expect(ok.statusCode).toBe(303);
    await post('/console/severities/approval-rule', {});
    expect((await loadPlanSettings(app.store.db)).allow_self_approval).toBe('false');
    expect(await audited('plan.setting')).toHaveLength(2);
    expect((await listRoles(app.store.db)).length).toBeGreaterThan(0);
  });
});
