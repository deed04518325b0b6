/**
 * Account-manager outreach on real SQLite and PostgreSQL, through the public API and the
 * scheduler's job, with a clock the test moves: which accounts get a task, who it goes to, the
 * notices (rendered by the real email channel into a real SMTP server), completion and
 * escalation when overdue.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { createComponent } from '../../src/actions/createComponent.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { Worker } from '../../src/dispatch/worker.js';
import { outreachTaskOut } from '../../src/http/routes/v1/outreach.js';
import { jobs } from '../../src/schedule/scheduler.js';
import { getKeyRule } from '../../src/store/queries/audiences.js';
import { listOutreach } from '../../src/store/queries/outreach.js';
import { createOutreachTasks } from '../../src/store/writes/outreach.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import { type SmtpReceiver, startSmtp } from '../helpers/receivers.js';

describeEachEngine('account-manager outreach', (engine) => {
  let h: ApiHarness;
  let smtp: SmtpReceiver;
  let channels: Channels;
  let worker: Worker;
  const clock = new TestClock();
  const people: Record<string, string> = {};
  const comp: Record<string, string> = {};
  const acct: Record<string, string> = {};

  const db = () => h.app.store.db;
  const notices = async (kind: string) =>
    (
      await db()
        .selectFrom('notifications')
        .select(['payload', 'incident_id'])
        .where('kind', '=', kind)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    ).map((n) => ({ incident_id: n.incident_id, ...JSON.parse(n.payload) }));
  const timeline = async (id: string) =>
    (
      await db()
        .selectFrom('incident_timeline')
        .select('body')
        .where('incident_id', '=', id)
        .orderBy('at')
        .orderBy('id')
        .execute()
    ).map((r) => r.body);
  const mailTo = (who: string) =>
    smtp.messages.filter((m) => JSON.stringify(m.to).includes(`${who}@`));

  async function account(
    key: string,
    f: { tier: string; criticality?: string; manager?: string; uses: string[] },
  ) {
    const at = clock.now().toISOString();
    await db()
      .insertInto('accounts')
      .values({
        id: `acct_${key}`,
        name: key[0].toUpperCase() + key.slice(1),
        external_id: null,
        tier: f.tier,
        criticality: f.criticality ?? 'normal',
        region: null,
        time_zone: null,
        locale: null,
        account_manager_id: f.manager ?? null,
        tags: '[]',
        mrr: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    if (f.uses.length)
      await db()
        .insertInto('account_components')
        .values(f.uses.map((component_id) => ({ account_id: `acct_${key}`, component_id })))
        .execute();
    acct[key] = `acct_${key}`;
  }

  async function contact(
    accountKey: string,
    name: string,
    role: string,
    sub: { channel: 'email'; email: string } | { channel: 'sms'; phone: string },
  ) {
    const s = await createSubscriber(h.app.ctx(), { ...sub, confirmed: true });
    await db()
      .updateTable('subscribers')
      .set({ account_id: acct[accountKey], contact_name: name, contact_role: role })
      .where('id', '=', s.subscriber.id)
      .execute();
  }

  async function declare(issue: string, components: Record<string, string>) {
    const res = await h.call('write', 'POST', '/api/v1/incidents/declare', {
      severity: 'SEV1',
      template: 'investigating',
      vars: { issue, contact: 'help@acme.test' },
      components,
    });
    expect(res.status, res.body).toBe(201);
    return res.json.incident.id as string;
  }

  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock });
    smtp = await startSmtp();
    channels = testChannels(h.app, { FLARE_SMTP_URL: smtp.url });
    worker = new Worker(h.app, channels, { flushMs: 5 });
    const ctx = h.app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    for (const name of ['alice', 'bob', 'carol', 'dave', 'erin'])
      people[name] = (
        await createPerson(ctx, { name, email: `${name}@acme.test`, time_zone: 'UTC' })
      ).id;
    await setRotation(ctx, 'incident_lead', { person_ids: [people.erin] });
    await setRotation(ctx, 'comms_lead', { person_ids: [people.dave] });
    await setRotation(ctx, 'account_manager', { person_ids: [people.bob] });
    await setRotation(ctx, 'customer_liaison', { person_ids: [people.carol] });
    comp.api = (await createComponent(ctx, { name: 'API' })).id;
    comp.web = (await createComponent(ctx, { name: 'Web' })).id;
    // the default audiences (affected_customers, and key_accounts with outreach) are seeded
    // key by tier (enterprise, the top tier) or by criticality; affected when they use the API
    await account('acme', { tier: 'enterprise', manager: people.alice, uses: [comp.api] });
    await account('beta', { tier: 'business', criticality: 'critical', uses: [comp.api] });
    await account('gamma', { tier: 'enterprise', manager: people.alice, uses: [comp.web] });
    await account('delta', { tier: 'free', manager: people.alice, uses: [comp.api] });
    await account('epsilon', { tier: 'enterprise', uses: [comp.api] }); // no contacts at all
    await contact('acme', 'Ann Archer', 'technical', {
      channel: 'email',
      email: 'ann@acme.example',
    });
    await contact('acme', 'Ann Archer', 'technical', { channel: 'sms', phone: '+14155550101' });
    await contact('beta', 'Ben Bell', 'executive', { channel: 'email', email: 'ben@beta.example' });
    await contact('gamma', 'Gus', 'technical', { channel: 'email', email: 'gus@gamma.example' });
    await contact('delta', 'Dee', 'technical', { channel: 'email', email: 'dee@delta.example' });
  }, 60_000);
  afterAll(async () => {
    await closeChannels(channels);
    await smtp.close();
    await h.close();
  });

  let incident: string;
  const tasksOf = async (id: string) => {
    const res = await h.call('read', 'GET', `/api/v1/incidents/${id}/outreach`);
    expect(res.status, res.body).toBe(200);
    // the answer is what the OpenAPI document says it is
    z.object({ outreach: z.array(outreachTaskOut) })
      .strict()
      .parse(res.json);
    return res.json.outreach as any[];
  };

  it('gives each affected key account one task, for its manager or the account_manager on rotation', async () => {
    incident = await declare('api errors', { [comp.api]: 'major_outage' });
    const tasks = await tasksOf(incident);
    // not gamma (key, not affected), not delta (affected, not key); epsilon has no contacts
    expect(tasks.map((t) => t.account_name).sort()).toEqual(['Acme', 'Beta', 'Epsilon']);
    const by = Object.fromEntries(tasks.map((t) => [t.account_name, t]));
    expect(by.Acme).toMatchObject({
      account_id: acct.acme,
      assignee_id: people.alice,
      assignee_role: null,
      status: 'open',
      audience_key: 'key_accounts',
      due_at: '2026-11-20T12:15:00.000Z', // SEV1: 15 minutes
      outcome: null,
      contacts: [
        { name: 'Ann Archer', role: 'technical', email: 'ann@acme.example', phone: '+14155550101' },
      ],
    });
    expect(by.Acme.talking_points.status).toBe('investigating');
    expect(by.Acme.talking_points.body.length).toBeGreaterThan(10);
    expect(by.Acme.talking_points.components).toEqual([
      { id: comp.api, name: 'API', status: 'major_outage' },
    ]);
    expect(by.Beta).toMatchObject({ assignee_id: people.bob, assignee_role: 'account_manager' });
    expect(by.Epsilon).toMatchObject({ assignee_id: people.bob, contacts: [] });
    const notes = await timeline(incident);
    expect(notes).toContain('Outreach to Acme assigned to alice (account manager), due 12:15 UTC.');
    expect(notes).toContain(
      'Outreach to Beta assigned to bob (account manager on rotation), due 12:15 UTC.',
    );
  });

  it('tells each assignee once on their internal channels, naming the accounts, the due time and the board', async () => {
    const sent = (await notices('outreach.assigned')).filter((n) => n.incident_ref === incident);
    expect(sent.map((n) => n.person_ids)).toEqual([[people.alice], [people.bob]]);
    expect(sent[0]).toMatchObject({ audience: 'internal', incident_id: null });
    expect(sent[1].data.subject).toBe('Call Beta and Epsilon by 12:15 UTC (Api errors)');
    await worker.drain();
    const [mail] = mailTo('alice').filter((m) => m.subject?.includes('Call Acme'));
    expect(mail.subject).toBe('[Acme] Call Acme by 12:15 UTC (Api errors)');
    expect(mail.text).toContain(
      `Open the outreach board: https://status.acme.test/console/incidents/${incident}#outreach`,
    );
    expect(mail.text).not.toMatch(/unsubscribe/i);
    expect(mailTo('bob').some((m) => m.subject?.includes('Call Beta and Epsilon'))).toBe(true);
  });

  it('refreshes the talking points of tasks not done on a later update, without new tasks or notices', async () => {
    clock.advanceMinutes(2);
    const before = await tasksOf(incident);
    const res = await h.call(
      'write',
      'POST',
      `/api/v1/incidents/${incident}/updates/from-template`,
      {
        template: 'identified',
        vars: { issue: 'api errors', contact: 'help@acme.test', cause: 'a bad deploy' },
      },
    );
    expect([200, 201], res.body).toContain(res.status);
    const after = await tasksOf(incident);
    expect(after.map((t) => t.id)).toEqual(before.map((t) => t.id));
    for (const t of after) {
      expect(t.talking_points.status).toBe('identified');
      expect(t.talking_points.body).not.toBe(before[0].talking_points.body);
      expect(t.due_at).toBe('2026-11-20T12:15:00.000Z');
    }
    const sent = (await notices('outreach.assigned')).filter((n) => n.incident_ref === incident);
    expect(sent).toHaveLength(2);
  });

  it('completes a task with its outcome, audited and in the room; a second time is 409', async () => {
    const acme = (await tasksOf(incident)).find((t) => t.account_name === 'Acme');
    const res = await h.call('write', 'POST', `/api/v1/outreach/${acme.id}`, {
      outcome: 'reached',
      note: 'CTO knows; wants a call at 14:00.',
    });
    expect(res.status, res.body).toBe(200);
    expect(res.json).toMatchObject({
      id: acme.id,
      status: 'done',
      outcome: 'reached',
      note: 'CTO knows; wants a call at 14:00.',
      completed_by: 'token:write-bot',
      completed_at: clock.now().toISOString(),
    });
    const again = await h.call('write', 'POST', `/api/v1/outreach/${acme.id}`, {
      outcome: 'no_answer',
    });
    expect(again.status).toBe(409);
    expect(again.json.error.fields.outcome).toBe('already recorded as reached');
    expect((await tasksOf(incident)).find((t) => t.id === acme.id).outcome).toBe('reached');
    expect(await timeline(incident)).toContain(
      'Outreach to Acme: reached (recorded by token:write-bot). CTO knows; wants a call at 14:00.',
    );
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'outreach.complete')
      .where('entity_id', '=', acme.id)
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a bad outcome naming the field, an unknown task with 404, and a read token with 403', async () => {
    const beta = (await tasksOf(incident)).find((t) => t.account_name === 'Beta');
    const bad = await h.call('write', 'POST', `/api/v1/outreach/${beta.id}`, {
      outcome: 'emailed',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.outcome).toBe('must be one of reached, left_message, no_answer');
    const extra = await h.call('write', 'POST', `/api/v1/outreach/${beta.id}`, {
      outcome: 'reached',
      mood: 'fine',
    });
    expect(extra.status).toBe(400);
    expect(extra.json.error.fields.mood).toBe('is not a known field');
    const missing = await h.call('write', 'POST', '/api/v1/outreach/nope', { outcome: 'reached' });
    expect(missing.status).toBe(404);
    const read = await h.call('read', 'POST', `/api/v1/outreach/${beta.id}`, {
      outcome: 'reached',
    });
    expect(read.status).toBe(403);
    expect((await tasksOf(incident)).find((t) => t.id === beta.id).status).toBe('open');
  });

  it('escalates open tasks to the comms lead once they are overdue, and not before', async () => {
    clock.set('2026-11-20T12:14:59Z');
    expect(await jobs.outreach(h.app)).toBe(0);
    expect((await tasksOf(incident)).filter((t) => t.status === 'escalated')).toHaveLength(0);
    clock.set('2026-11-20T12:15:00Z');
    expect(await jobs.outreach(h.app)).toBe(2); // Beta and Epsilon; Acme is done
    const tasks = await tasksOf(incident);
    expect(Object.fromEntries(tasks.map((t) => [t.account_name, t.status]))).toEqual({
      Acme: 'done',
      Beta: 'escalated',
      Epsilon: 'escalated',
    });
    expect(tasks.find((t) => t.account_name === 'Beta').escalated_at).toBe(
      '2026-11-20T12:15:00.000Z',
    );
    const esc = (await notices('outreach.escalated')).filter((n) => n.incident_ref === incident);
    expect(esc.map((n) => n.person_ids)).toEqual([[people.dave]]);
    expect(esc[0].data.subject).toBe('Overdue outreach: Beta and Epsilon (Api errors)');
    expect(await timeline(incident)).toContain(
      'Outreach to Beta is overdue (due 2026-11-20T12:15:00.000Z) and escalated to dave (comms lead).',
    );
    // once: a later tick does nothing more
    clock.advanceMinutes(10);
    expect(await jobs.outreach(h.app)).toBe(0);
    expect(
      (await notices('outreach.escalated')).filter((n) => n.incident_ref === incident),
    ).toHaveLength(1);
    await worker.drain();
    expect(
      mailTo('dave').some(
        (m) => m.subject === '[Acme] Overdue outreach: Beta and Epsilon (Api errors)',
      ),
    ).toBe(true);
    // an escalated task can still be completed
    const beta = tasks.find((t) => t.account_name === 'Beta');
    const res = await h.call('write', 'POST', `/api/v1/outreach/${beta.id}`, {
      outcome: 'left_message',
    });
    expect(res.status, res.body).toBe(200);
    expect(res.json.status).toBe('done');
  });

  it('on resolution refreshes what open tasks say but starts no new call; maintenance starts none', async () => {
    await account('zeta', { tier: 'enterprise', manager: people.alice, uses: [comp.api] });
    const before = await tasksOf(incident);
    const res = await h.call(
      'write',
      'POST',
      `/api/v1/incidents/${incident}/updates/from-template`,
      { template: 'resolved', vars: { issue: 'api errors', contact: 'help@acme.test' } },
    );
    expect([200, 201], res.body).toContain(res.status);
    const after = await tasksOf(incident);
    expect(after.map((t) => t.account_name)).toEqual(before.map((t) => t.account_name));
    const by = Object.fromEntries(after.map((t) => [t.account_name, t]));
    expect(by.Epsilon.talking_points.status).toBe('resolved'); // escalated, not done: refreshed
    expect(by.Beta.talking_points.status).toBe('identified'); // done: kept as it was
    const m = await h.call('write', 'POST', '/api/v1/maintenances', {
      name: 'API upgrade',
      body: 'We upgrade the API.',
      scheduled_for: '2026-11-21T02:00:00Z',
      scheduled_until: '2026-11-21T03:00:00Z',
      components: [comp.api],
    });
    expect(m.status, m.body).toBe(201);
    const rows = await db()
      .selectFrom('outreach_tasks')
      .select('id')
      .where('incident_id', '=', m.json.id)
      .execute();
    expect(rows).toHaveLength(0);
    await db().deleteFrom('account_components').where('account_id', '=', acct.zeta).execute();
    await db().deleteFrom('accounts').where('id', '=', acct.zeta).execute();
  });

  it('falls back to the customer liaison when nobody is on the account_manager rotation', async () => {
    await setRotation(h.app.ctx(), 'account_manager', { person_ids: [] });
    const id = await declare('web slow', { [comp.web]: 'degraded_performance' });
    const tasks = await tasksOf(id);
    // only Gamma uses the web; it has its own manager
    expect(tasks.map((t) => [t.account_name, t.assignee_id, t.assignee_role])).toEqual([
      ['Gamma', people.alice, null],
    ]);
    const id2 = await declare('api down again', { [comp.api]: 'major_outage' });
    const by = Object.fromEntries((await tasksOf(id2)).map((t) => [t.account_name, t]));
    expect(by.Beta).toMatchObject({ assignee_id: people.carol, assignee_role: 'customer_liaison' });
    expect(by.Epsilon).toMatchObject({ assignee_id: people.carol });
    // the clock stands at 12:25 since the escalation test
    expect(await timeline(id2)).toContain(
      'Outreach to Beta assigned to carol (customer liaison on rotation), due 12:40 UTC.',
    );
    await setRotation(h.app.ctx(), 'account_manager', { person_ids: [people.bob] });
  });

  it('gives a draft its tasks only once it is approved and published', async () => {
    const res = await h.call('write', 'POST', '/api/v1/incidents/declare', {
      severity: 'SEV1',
      name: 'Payments failing',
      body: 'Card payments fail for some customers.',
      components: { [comp.api]: 'partial_outage' },
    });
    expect(res.status, res.body).toBe(201);
    const id = res.json.incident.id as string;
    expect(res.json.approval_id).toBeTruthy();
    expect(await tasksOf(id)).toEqual([]);
    const ok = await h.call('admin', 'POST', `/api/v1/approvals/${res.json.approval_id}/decision`, {
      decision: 'approve',
    });
    expect(ok.status, ok.body).toBe(200);
    const tasks = await tasksOf(id);
    expect(tasks.map((t) => t.account_name).sort()).toEqual(['Acme', 'Beta', 'Epsilon']);
    expect(tasks[0].talking_points.body).toBe('Card payments fail for some customers.');
  });

  it('starts no task for an update told only to an audience without outreach', async () => {
    const res = await h.call('write', 'POST', '/api/v1/incidents/declare', {
      severity: 'SEV1',
      template: 'investigating',
      vars: { issue: 'slow exports', contact: 'help@acme.test' },
      components: { [comp.api]: 'degraded_performance' },
      audiences: ['affected_customers'],
    });
    expect(res.status, res.body).toBe(201);
    expect(await tasksOf(res.json.incident.id)).toEqual([]);
  });

  it('creates nothing for a target without outreach, and exactly one task per account across targets', async () => {
    const keyRule = await getKeyRule(db());
    const id = await declare('queue backlog', {});
    const before = (await listOutreach(db(), id)).length;
    const match = { key_only: true, affected_only: true };
    const n0 = await createOutreachTasks(db(), {
      incidentId: id,
      updateId: null,
      body: 'x',
      targets: [{ key: 'plain', match, channels: ['email'], outreach: false }],
      componentIds: [comp.api],
      keyRule,
      severity: 'SEV1',
      at: clock.now().toISOString(),
    });
    expect(n0).toBe(0);
    // page-wide (no component) the declare touched every key account once
    expect(before).toBe(4); // Acme, Beta, Epsilon and Gamma
    const n1 = await createOutreachTasks(db(), {
      incidentId: id,
      updateId: null,
      body: 'refreshed',
      targets: [
        { key: 'a', match, channels: ['email'], outreach: true },
        { key: 'b', match: { tiers: ['enterprise'] }, channels: ['sms'], outreach: true },
      ],
      componentIds: [comp.api],
      keyRule,
      severity: 'SEV1',
      at: clock.now().toISOString(),
    });
    expect(n1).toBe(0);
    const after = await listOutreach(db(), id);
    expect(after).toHaveLength(4);
    expect(
      after.filter((t) => t.talking_points.body === 'refreshed').map((t) => t.account_name),
    ).toEqual(['Acme', 'Beta', 'Epsilon']);
  });

  it('skips contacts of the wrong role but still reaches an account with no contacts', async () => {
    const keyRule = await getKeyRule(db());
    const id = await declare('billing broken', { [comp.web]: 'partial_outage' });
    await db().deleteFrom('outreach_tasks').where('incident_id', '=', id).execute();
    const n = await createOutreachTasks(db(), {
      incidentId: id,
      updateId: null,
      body: 'Billing is down.',
      targets: [
        { key: 'billing', match: { roles: ['billing'] }, channels: ['email'], outreach: true },
      ],
      componentIds: [comp.api],
      keyRule,
      severity: { key: 'CUSTOM', settings: { outreachDueMinutes: 45 } as never },
      at: clock.now().toISOString(),
    });
    expect(n).toBe(1);
    const [t] = await listOutreach(db(), id);
    expect(t.account_name).toBe('Epsilon');
    expect(Date.parse(t.due_at) - clock.now().getTime()).toBe(45 * 60_000);
  });
});
