/**
 * Declaring through the admin API: a SEV1 from the built-in templates in three calls, shown on
 * /api/v2; drafts and publishing; the team notice's signed ack link (GET asks, POST acts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPerson } from '../../src/actions/createPerson.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { Worker } from '../../src/dispatch/worker.js';
import { declaredOut, incidentRoleOut, planIncidentOut } from '../../src/http/planSchemas.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import { type SmtpReceiver, startSmtp } from '../helpers/receivers.js';

describeEachEngine('declaring through the admin API', (engine) => {
  let h: ApiHarness;
  let smtp: SmtpReceiver;
  let worker: Worker;
  let channels: Channels;
  const clock = new TestClock(Date.parse('2026-11-20T12:00:00Z'));
  const people: Record<string, string> = {};
  let api = '';

  const mailTo = (who: string) =>
    smtp.messages.filter((m) => (m.to as { text: string }).text.includes(who));
  const v2 = async (path: string) => {
    h.app.site.invalidate();
    return (await h.server.inject({ url: path })).body;
  };

  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock });
    smtp = await startSmtp();
    channels = testChannels(h.app, { FLARE_SMTP_URL: smtp.url });
    worker = new Worker(h.app, channels, { flushMs: 5 });
    const ctx = h.app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    api = (await h.call('write', 'POST', '/api/v1/components', { name: 'API' })).json.id;
    for (const name of ['alice', 'bob', 'carol']) {
      people[name] = (
        await createPerson(ctx, { name, email: `${name}@acme.test`, time_zone: 'Europe/London' })
      ).id;
    }
    await setRotation(ctx, 'incident_lead', { person_ids: [people.alice] });
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
    await h.close();
  });

  it('declares, updates and resolves a SEV1 from the built-in templates in three calls', async () => {
    const vars = { issue: 'failed logins for some customers', contact: 'help@acme.test' };
    const d = await h.call('write', 'POST', '/api/v1/incidents/declare', {
      severity: 'SEV1',
      template: 'investigating',
      vars,
      components: { [api]: 'major_outage' },
    });
    expect(d.status, d.body).toBe(201);
    expect(declaredOut.safeParse(d.json).error).toBeUndefined();
    const id = d.json.incident.id;
    expect(d.json.incident).toMatchObject({ severity: 'SEV1', draft: false, drill: false });
    expect(d.json.approval_id).toBeNull();
    expect(d.json.incident.next_update_at).toBe('2026-11-20T12:20:00.000Z');
    expect(d.json.assignments.map((a: { role_key: string }) => a.role_key)).toEqual(
      expect.arrayContaining(['incident_lead', 'comms_lead']),
    );

    clock.advanceMinutes(15);
    const u = await h.call('write', 'POST', `/api/v1/incidents/${id}/updates/from-template`, {
      template: 'identified',
      vars: { ...vars, cause: 'an expired certificate' },
    });
    expect(u.status, u.body).toBe(201);
    expect(planIncidentOut.safeParse(u.json.incident).error).toBeUndefined();
    expect(u.json.incident.status).toBe('identified');
    // the severity's cadence: every 20 minutes in the first two hours
    expect(u.json.incident.next_update_at).toBe('2026-11-20T12:35:00.000Z');
    expect(u.json.incident.incident_updates[0].body).toContain(
      'We will post the next update by 12:35 UTC.',
    );

    clock.advanceMinutes(10);
    const r = await h.call('write', 'POST', `/api/v1/incidents/${id}/updates/from-template`, {
      template: 'resolved',
      vars,
    });
    expect(r.status, r.body).toBe(201);
    expect(r.json.incident).toMatchObject({ status: 'resolved', next_update_at: null });
    expect(r.json.incident.components[0].status).toBe('operational');

    const pub = JSON.parse(await v2('/api/v2/incidents.json'));
    const shown = pub.incidents.find((i: { id: string }) => i.id === id);
    expect(shown.status).toBe('resolved');
    const bodies = shown.incident_updates.map((x: { body: string }) => x.body);
    expect(bodies[0]).toContain('The problem behind failed logins for some customers is fixed');
    expect(bodies[1]).toContain('We have identified the cause of failed logins');
    expect(bodies[2]).toContain('We are investigating failed logins for some customers');

    // the updates reached the subscriber, the roles reached the team
    await worker.drain();
    expect(mailTo('customer@').map((m) => m.subject)).toEqual(
      expect.arrayContaining(['[Acme] Failed logins for some customers: Resolved']),
    );
    expect(mailTo('alice@').map((m) => m.subject)).toContain(
      '[Acme] SEV1: Failed logins for some customers — you are Incident lead',
    );
  });

  it('acknowledges through the signed link: GET asks and changes nothing, POST acknowledges, a bad signature is 403', async () => {
    const d = await h.call('write', 'POST', '/api/v1/incidents/declare', {
      severity: 'SEV1',
      vars: { issue: 'slow search', contact: 'help@acme.test' },
    });
    const id = d.json.incident.id;
    await worker.drain();
    const mail = mailTo('alice@').find((m) => m.subject?.includes('Slow search'))!;
    const link = /https:\/\/status\.acme\.test(\/team\/ack\/[^\s"<]+)/.exec(mail.text ?? '')![1];
    expect(link).toContain(`/team/ack/${id}/incident_lead/${people.alice}?sig=`);
    const acked = async () =>
      (await h.call('read', 'GET', `/api/v1/incidents/${id}/roles`)).json.roles.find(
        (x: { role_key: string }) => x.role_key === 'incident_lead',
      ).acked_at;

    const page = await h.server.inject({ url: link });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('<form method="post"');
    expect(page.body).toContain('Slow search');
    expect(await acked()).toBeNull();

    const bad = link.replace(/sig=.{4}/, 'sig=AAAA');
    expect((await h.server.inject({ url: bad })).statusCode).toBe(403);
    const badPost = await h.server.inject({ method: 'POST', url: bad });
    expect(badPost.statusCode).toBe(403);
    expect(badPost.body).toContain('This link does not work');
    // a link signed for one role does not acknowledge another
    const other = link.replace('/incident_lead/', '/comms_lead/');
    expect((await h.server.inject({ method: 'POST', url: other })).statusCode).toBe(403);
    expect(await acked()).toBeNull();

    const done = await h.server.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.body).toContain('Acknowledged');
    expect(await acked()).toBe(clock.now().toISOString());
  });

  it('hands a role over by hand, tells the new holder, and acknowledges through the API', async () => {
    const d = await h.call('write', 'POST', '/api/v1/incidents/declare', {
      severity: 'SEV2',
      vars: { issue: 'delayed exports', contact: 'help@acme.test' },
    });
    const id = d.json.incident.id;
    const put = await h.call('write', 'PUT', `/api/v1/incidents/${id}/roles/comms_lead`, {
      person_id: people.carol,
    });
    expect(put.status, put.body).toBe(200);
    expect(incidentRoleOut.parse(put.json)).toMatchObject({
      person_id: people.carol,
      person_name: 'carol',
      acked_at: null,
    });
    await worker.drain();
    const mail = mailTo('carol@').find((m) => m.subject?.includes('Delayed exports'));
    expect(mail?.subject).toBe('[Acme] SEV2: Delayed exports — you are Comms lead');
    expect(mail?.text).toContain(`/team/ack/${id}/comms_lead/${people.carol}?sig=`);

    const stale = await h.call('write', 'POST', `/api/v1/incidents/${id}/roles/comms_lead/ack`, {
      person_id: people.bob,
    });
    expect(stale.status).toBe(409);
    const ack = await h.call('write', 'POST', `/api/v1/incidents/${id}/roles/comms_lead/ack`, {});
    expect(ack.status, ack.body).toBe(200);
    expect(ack.json.acked_at).toBe(clock.now().toISOString());
    const read = await h.call('read', 'POST', `/api/v1/incidents/${id}/roles/comms_lead/ack`, {});
    expect(read.status).toBe(403);
  });

  it('keeps a draft off the public site until it is published, and never publishes a drill', async () => {
    const d = await h.call('write', 'POST', '/api/v1/incidents/declare', {
      severity: 'SEV3',
      name: 'Quiet draft',
      vars: { issue: 'quiet draft', contact: 'help@acme.test' },
      publish: false,
    });
    expect(d.json.incident.draft).toBe(true);
    expect(await v2('/api/v2/incidents.json')).not.toContain('Quiet draft');
    const p = await h.call('write', 'POST', `/api/v1/incidents/${d.json.incident.id}/publish`);
    expect(p.status, p.body).toBe(200);
    expect(p.json.draft).toBe(false);
    expect(await v2('/api/v2/incidents.json')).toContain('Quiet draft');
    const again = await h.call(
      'write',
      'POST',
      `/api/v1/incidents/${d.json.incident.id}/publish`,
      {},
    );
    expect(again.status).toBe(200);

    const drill = await h.call('write', 'POST', '/api/v1/incidents/declare', {
      severity: 'SEV1',
      name: 'Fire drill',
      vars: { issue: 'fire drill', contact: 'help@acme.test' },
      drill: true,
    });
    expect(drill.json.incident).toMatchObject({ draft: true, drill: true });
    const refused = await h.call(
      'write',
      'POST',
      `/api/v1/incidents/${drill.json.incident.id}/publish`,
    );
    expect(refused.status).toBe(409);
    expect(await v2('/api/v2/incidents.json')).not.toContain('Fire drill');
  });
});
