import { afterAll, beforeAll, expect, it } from 'vitest';
import { ackAssignment } from '../../src/actions/ackAssignment.js';
import { createComponent } from '../../src/actions/createComponent.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { createToken } from '../../src/actions/createToken.js';
import { decideApproval } from '../../src/actions/decideApproval.js';
import { declareIncident } from '../../src/actions/declareIncident.js';
import { escalateAssignments } from '../../src/actions/escalateAssignments.js';
import { expireApprovals } from '../../src/actions/expireApprovals.js';
import { postTemplateUpdate } from '../../src/actions/postTemplateUpdate.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { publishIncident } from '../../src/actions/publishIncident.js';
import { runCadence } from '../../src/actions/runCadence.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { Worker } from '../../src/dispatch/worker.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import { type SmtpReceiver, startSmtp } from '../helpers/receivers.js';

describeEachEngine('declaring an incident from the plan', (engine) => {
  let app: TestApp;
  let smtp: SmtpReceiver;
  let worker: Worker;
  let channels: Channels;
  const clock = new TestClock(Date.parse('2026-11-20T12:00:00Z'));
  const people: Record<string, string> = {};
  let api = '';

  const inbox = (who: string) =>
    smtp.messages
      .filter((m) => (m.to as { text: string }).text.includes(who))
      .map((m) => m.subject ?? '');
  const timeline = (id: string) =>
    app.store.db
      .selectFrom('incident_timeline')
      .select(['kind', 'body'])
      .where('incident_id', '=', id)
      .orderBy('at')
      .execute();

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    smtp = await startSmtp();
    channels = testChannels(app, { FLARE_SMTP_URL: smtp.url });
    worker = new Worker(app, channels, { flushMs: 5 });
    const ctx = app.ctx();
    await updatePage(ctx, {
      name: 'Acme',
      url: 'https://status.acme.test',
      support_email: 'help@acme.test',
    });
    api = (await createComponent(ctx, { name: 'API' })).id;
    for (const name of ['alice', 'bob', 'carol']) {
      people[name] = (
        await createPerson(ctx, { name, email: `${name}@acme.test`, time_zone: 'Europe/London' })
      ).id;
    }
    await setRotation(ctx, 'incident_lead', { person_ids: [people.alice, people.carol] });
    await setRotation(ctx, 'comms_lead', { person_ids: [people.bob] });
    await createSubscriber(ctx, {
      channel: 'email',
      email: 'customer@example.com',
      confirmed: true,
    });
  });
  afterAll(async () => {
    await closeChannels(channels);
    await smtp.close();
    await app.cleanup();
  });

  it('declares a SEV1 from the built-in template in one call: roles, team notice, public post, next update', async () => {
    const d = await declareIncident(app.ctx(), {
      severity: 'SEV1',
      template: 'investigating',
      vars: { issue: 'failed logins for some customers', contact: 'help@acme.test' },
      components: { [api]: 'major_outage' },
    });
    expect(d.incident.draft).toBe(false);
    expect(d.incident.severity).toBe('SEV1');
    expect(d.incident.name).toBe('Failed logins for some customers');
    expect(d.incident.next_update_at).toBe('2026-11-20T12:20:00.000Z');
    expect(d.incident.updates[0].body).toContain(
      'We are investigating failed logins for some customers affecting API.',
    );
    expect(d.incident.updates[0].body).toContain('We will post the next update by 12:20 UTC.');
    expect(d.assignments.map((a) => [a.role_key, a.person_id])).toEqual(
      expect.arrayContaining([
        ['incident_lead', people.alice],
        ['comms_lead', people.bob],
      ]),
    );
    const notes = await timeline(d.incident.id);
    expect(notes.some((n) => /declared SEV1/.test(n.body))).toBe(true);
    expect(
      notes.some((n) => /Nobody is on call as Support lead: assign someone by hand\./.test(n.body)),
    ).toBe(true);

    await worker.drain();
    expect(inbox('alice@')).toEqual([
      '[Acme] SEV1: Failed logins for some customers — you are Incident lead',
    ]);
    expect(inbox('bob@')).toEqual([
      '[Acme] SEV1: Failed logins for some customers — you are Comms lead',
    ]);
    expect(inbox('customer@')).toEqual(['[Acme] Failed logins for some customers: Investigating']);
    expect(inbox('carol@')).toEqual([]);

    // cadence: one reminder to the comms lead 5 minutes before, then overdue to the incident lead
    await ackAssignment(app.ctx(), d.incident.id, 'incident_lead');
    clock.advanceMinutes(15);
    expect(await runCadence(app.ctx())).toEqual([{ kind: 'reminder', incident_id: d.incident.id }]);
    expect(await runCadence(app.ctx())).toEqual([]);
    clock.advanceMinutes(6);
    expect(await runCadence(app.ctx())).toEqual([{ kind: 'overdue', incident_id: d.incident.id }]);
    await worker.drain();
    expect(inbox('bob@').slice(-1)[0]).toBe('[Acme] Update due: Failed logins for some customers');
    expect(inbox('alice@').slice(-1)[0]).toBe(
      '[Acme] OVERDUE: Update due: Failed logins for some customers',
    );

    // a long incident prompts for an interim update, once
    clock.advanceMinutes(40);
    const prompted = await runCadence(app.ctx());
    expect(prompted.filter((p) => p.kind === 'interim')).toHaveLength(1);
    expect((await runCadence(app.ctx())).filter((p) => p.kind === 'interim')).toHaveLength(0);
  });

  it('escalates an assignment nobody acknowledged to the next person in the rotation', async () => {
    const d = await declareIncident(app.ctx(), {
      severity: 'SEV1',
      template: 'investigating',
      vars: { issue: 'slow dashboard', contact: 'help@acme.test' },
    });
    expect(d.incident.impact).toBe('critical'); // no component marked yet: the severity says how bad
    expect(await escalateAssignments(app.ctx())).toBe(0);
    clock.advanceMinutes(6);
    expect(await escalateAssignments(app.ctx())).toBeGreaterThanOrEqual(1);
    const lead = await app.store.db
      .selectFrom('incident_roles')
      .selectAll()
      .where('incident_id', '=', d.incident.id)
      .where('role_key', '=', 'incident_lead')
      .executeTakeFirstOrThrow();
    expect(lead.person_id).toBe(people.carol);
    expect(lead.escalation_level).toBe(1);
    await worker.drain();
    expect(inbox('carol@'), JSON.stringify(inbox('carol@'))).toContain(
      '[Acme] Escalated to you: Slow dashboard',
    );
  });

  it('holds free text for approval, and publishes it by itself when the time box runs out (SEV1)', async () => {
    const d = await declareIncident(app.ctx(), {
      severity: 'SEV1',
      name: 'Payments failing',
      body: 'Card payments are failing. We are on it.',
    });
    expect(d.incident.draft).toBe(true);
    expect(d.approvalId).toBeTruthy();
    const site = async () =>
      (await app.site.get('/api/v2/incidents/unresolved.json'))!.body.toString();
    app.site.invalidate();
    expect(await site()).not.toContain('Payments failing');
    clock.advanceMinutes(4);
    expect(await expireApprovals(app.ctx())).toEqual({ escalated: [], published: [] });
    clock.advanceMinutes(2);
    expect(await expireApprovals(app.ctx())).toEqual({ escalated: [], published: [d.approvalId] });
    expect(await site()).toContain('Payments failing');
  });

  it('lets the approver edit and approve in one step, and refuses a second decision', async () => {
    const d = await declareIncident(app.ctx(), {
      severity: 'SEV2',
      name: 'Exports delayed',
      body: 'Exports are slow.',
    });
    expect(d.incident.draft).toBe(true);
    // the approver is a second person: the requester may not approve their own message
    const r = await decideApproval(
      app.ctx({ id: 'token:approver', scope: 'write' }),
      d.approvalId!,
      {
        decision: 'edit',
        body: 'CSV exports are delayed by up to an hour. No data is lost.',
      },
    );
    expect(r.state).toBe('approved');
    const row = await app.store.db
      .selectFrom('incident_updates')
      .select('body')
      .where('incident_id', '=', d.incident.id)
      .executeTakeFirstOrThrow();
    expect(row.body).toBe('CSV exports are delayed by up to an hour. No data is lost.');
    await expect(
      decideApproval(app.ctx(), d.approvalId!, { decision: 'reject' }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('keeps a draft quiet until it is published, then tells subscribers its latest update once', async () => {
    const d = await declareIncident(app.ctx(), {
      severity: 'SEV1',
      name: 'Search down',
      body: 'Search is failing.',
    });
    await postUpdate(app.ctx(), 'incident', d.incident.id, {
      status: 'identified',
      body: 'A full disk on the search cluster.',
    });
    const sent = () =>
      app.store.db
        .selectFrom('notifications')
        .select(['kind', 'update_id'])
        .where('incident_id', '=', d.incident.id)
        .execute();
    expect(await sent()).toEqual([]);
    const published = await publishIncident(app.ctx(), d.incident.id);
    const latest = published.updates[0].id;
    expect(published.updates[0].status).toBe('identified');
    expect(await sent()).toEqual([{ kind: 'incident.created', update_id: latest }]);
    const approval = await app.store.db
      .selectFrom('approvals')
      .select('state')
      .where('id', '=', d.approvalId!)
      .executeTakeFirstOrThrow();
    expect(approval.state).toBe('superseded');
  });

  it('drops a message still waiting for approval once a newer update is out, so a time-out never reopens a resolved incident', async () => {
    const d = await declareIncident(app.ctx(), {
      severity: 'SEV1',
      template: 'investigating',
      vars: { issue: 'queue delays', contact: 'help@acme.test' },
    });
    const waiting = await postTemplateUpdate(app.ctx(), d.incident.id, {
      status: 'identified',
      body: 'Free text that waits for the approver.',
    });
    expect(waiting.approvalId).toBeTruthy();
    const resolved = await postTemplateUpdate(app.ctx(), d.incident.id, {
      template: 'resolved',
      vars: { issue: 'queue delays', data_loss: 'No data was lost.' },
    });
    expect(resolved.incident?.status).toBe('resolved');
    const state = async () =>
      (
        await app.store.db
          .selectFrom('approvals')
          .select('state')
          .where('id', '=', waiting.approvalId!)
          .executeTakeFirstOrThrow()
      ).state;
    expect(await state()).toBe('superseded');
    clock.advanceMinutes(10);
    expect((await expireApprovals(app.ctx())).published).not.toContain(waiting.approvalId);
    const after = await app.store.db
      .selectFrom('incidents')
      .select(['status', 'next_update_at'])
      .where('id', '=', d.incident.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'resolved', next_update_at: null });
  });

  it('applies the severity to the plain update route too: free text waits for approval, and the next update follows the cadence', async () => {
    const d = await declareIncident(app.ctx(), {
      severity: 'SEV1',
      template: 'investigating',
      vars: { issue: 'billing errors', contact: 'help@acme.test' },
    });
    const server = await buildServer(app);
    const { secret } = await createToken(app.ctx(), { name: 'ops', scope: 'write' });
    const post = (body: unknown) =>
      server.inject({
        method: 'POST',
        url: `/api/v1/incidents/${d.incident.id}/updates`,
        headers: { authorization: `Bearer ${secret}` },
        payload: body as object,
      });
    const res = await post({ status: 'identified', body: 'Unreviewed free text.' });
    expect(res.statusCode).toBe(202);
    expect(res.json().approval_id).toBeTruthy();
    const sev3 = await declareIncident(app.ctx(), {
      severity: 'SEV3',
      template: 'investigating',
      vars: { issue: 'slow search', contact: 'help@acme.test' },
    });
    const ok = await server.inject({
      method: 'POST',
      url: `/api/v1/incidents/${sev3.incident.id}/updates`,
      headers: { authorization: `Bearer ${secret}` },
      payload: { status: 'identified', body: 'Found it.' },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().next_update_at).toBe(new Date(clock.t + 30 * 60_000).toISOString());
    await server.close();
  });

  it('refuses a template whose variables are missing, naming the problem', async () => {
    await expect(
      declareIncident(app.ctx(), {
        severity: 'SEV1',
        template: 'investigating',
        name: 'x',
        vars: {},
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { 'vars (unresolved_variables)': expect.stringContaining('issue') },
    });
    await expect(
      declareIncident(app.ctx(), {
        severity: 'SEV9',
        template: 'investigating',
        vars: { issue: 'x' },
      }),
    ).rejects.toMatchObject({ fields: { severity: expect.any(String) } });
    await expect(
      declareIncident(app.ctx(), { severity: 'SEV1', vars: { issue: 'x', estimate: '15:00' } }),
    ).rejects.toMatchObject({ fields: { 'vars (unconfirmed_estimate)': expect.any(String) } });
  });
});
