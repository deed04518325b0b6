/**
 * Follow the sun, end to end with an injected clock across a full day (Thursday 3 December
 * 2026, UTC) and three regions:
 *   APAC  Asia/Singapore    08:00-17:00 → 00:00-09:00 UTC
 *   EMEA  Europe/London     08:00-17:00 → 08:00-17:00 UTC (GMT in December)
 *   AMER  America/New_York  09:00-19:00 → 14:00-00:00 UTC (EST in December)
 * The comms lead rotation is Asha (APAC), Emil (EMEA), Ana and Abe (AMER); the incident lead
 * is Lee, who has no hours (always on) and so is never prompted. The scheduler's registry line
 * is what the test drives.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ackAssignment } from '../../src/actions/ackAssignment.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { declareIncident } from '../../src/actions/declareIncident.js';
import { setRegion } from '../../src/actions/setRegion.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { jobs } from '../../src/schedule/scheduler.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';

const DAY = '2026-12-03';

describeEachEngine('follow the sun: handovers across a day', (engine) => {
  let h: ApiHarness;
  const clock = new TestClock(Date.parse(`${DAY}T00:10:00Z`));
  const at = (hhmm: string, day = DAY) => clock.set(`${day}T${hhmm}:00Z`);
  const id: Record<string, string> = {};
  let incidentId = '';

  const tick = () => jobs.handovers(h.app);
  const notices = async (who: string) =>
    (
      await h.app.store.db
        .selectFrom('notifications')
        .select(['payload', 'created_at'])
        .where('kind', '=', 'team.notice')
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    )
      .map((r) => JSON.parse(r.payload))
      .filter((p) => p.person_ids.includes(id[who]))
      .map((p) => p.data as { subject: string; text: string; action_url?: string });
  const timeline = async () =>
    (
      await h.app.store.db
        .selectFrom('incident_timeline')
        .select('body')
        .where('incident_id', '=', incidentId)
        .orderBy('at')
        .orderBy('id')
        .execute()
    ).map((r) => r.body);
  const holder = async (role = 'comms_lead') =>
    h.app.store.db
      .selectFrom('incident_roles')
      .select(['person_id', 'acked_at'])
      .where('incident_id', '=', incidentId)
      .where('role_key', '=', role)
      .executeTakeFirstOrThrow();
  const path = (url: string) => url.replace('https://status.acme.test', '');
  const prompts = async (who: string) =>
    (await notices(who)).filter((n) => n.subject.startsWith('Handover: your shift'));

  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock });
    const ctx = h.app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    await setRegion(ctx, 'apac', {
      name: 'APAC',
      time_zone: 'Asia/Singapore',
      hours: '08:00-17:00 Mon-Fri',
    });
    await setRegion(ctx, 'emea', {
      name: 'EMEA',
      time_zone: 'Europe/London',
      hours: '08:00-17:00 Mon-Fri',
    });
    await setRegion(ctx, 'amer', {
      name: 'AMER',
      time_zone: 'America/New_York',
      hours: '09:00-19:00 Mon-Fri',
    });
    for (const [name, region] of [
      ['Asha', 'apac'],
      ['Emil', 'emea'],
      ['Ana', 'amer'],
      ['Abe', 'amer'],
    ])
      id[name] = (
        await createPerson(ctx, { name, email: `${name.toLowerCase()}@acme.test`, region })
      ).id;
    id.Lee = (await createPerson(ctx, { name: 'Lee', email: 'lee@acme.test' })).id;
    await setRotation(ctx, 'comms_lead', { person_ids: [id.Asha, id.Emil, id.Ana, id.Abe] });
    await setRotation(ctx, 'incident_lead', { person_ids: [id.Lee] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('assigns the comms lead from the region whose hours cover the time of declaring', async () => {
    at('00:10');
    const d = await declareIncident(h.app.ctx(), {
      severity: 'SEV1',
      template: 'investigating',
      vars: { issue: 'payments failing', contact: 'help@acme.test' },
    });
    incidentId = d.incident.id;
    expect((await holder()).person_id).toBe(id.Asha); // 08:10 in Singapore; Emil and Ana are asleep
    expect((await holder('incident_lead')).person_id).toBe(id.Lee);
    await ackAssignment(h.app.ctx(), incidentId, 'comms_lead');
    await ackAssignment(h.app.ctx(), incidentId, 'incident_lead');
  });

  it('prompts the outgoing comms lead 30 minutes before their shift ends, once per shift', async () => {
    at('08:00'); // something left open for the next shift: an update waiting for approval, an enquiry
    const upd = await h.call('write', 'POST', `/api/v1/incidents/${incidentId}/updates`, {
      body: 'We are still seeing failed card payments for some banks.',
      status: 'identified',
    });
    expect(upd.status).toBe(202);
    const enq = await h.call('write', 'POST', '/api/v1/enquiries', {
      channel: 'email',
      from: 'cfo@bigco.example',
      subject: 'Refund for failed charges?',
      text: 'Our payments failed this morning.',
      incident_id: incidentId,
    });
    expect(enq.status).toBe(201);
    await jobs.enquiries(h.app);
    at('08:29'); // Asha's shift ends at 09:00 UTC (17:00 in Singapore): 31 minutes away
    await tick();
    expect(await prompts('Asha')).toHaveLength(0);
    at('08:31');
    expect(await tick()).toBe(1);
    at('08:35');
    await tick();
    const mine = await prompts('Asha');
    expect(mine).toHaveLength(1);
    expect(mine[0].text).toContain('State: investigating (SEV1)');
    expect(mine[0].text).toMatch(/Next promised update: 2026-12-03 \d\d:\d\d UTC\./);
    expect(mine[0].text).toContain('Pending approvals: 1.');
    expect(mine[0].text).toContain('Open outreach tasks: 0.');
    expect(mine[0].text).toContain('Open enquiries: 1 (Refund for failed charges?).');
    expect(mine[0].action_url).toMatch(/^https:\/\/status\.acme\.test\/team\/handover\//);
    expect(await prompts('Lee')).toHaveLength(0); // no hours: never at the end of a shift
    expect(await timeline()).toContain(
      "Asha's shift ends at 09:00 UTC (17:00 GMT+8): Flare asked them for a handover note for comms lead.",
    );
  });

  it('refuses the prompt link when it was altered, and writes nothing', async () => {
    const url = path((await prompts('Asha'))[0].action_url!);
    const bad = url.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`);
    expect((await h.server.inject({ method: 'GET', url: bad })).statusCode).toBe(403);
    const post = await h.server.inject({
      method: 'POST',
      url: bad,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'note=forged',
    });
    expect(post.statusCode).toBe(403);
    // the link for another person, with Asha's signature
    const other = url.replace(encodeURIComponent(id.Asha), encodeURIComponent(id.Emil));
    expect((await h.server.inject({ method: 'GET', url: other })).statusCode).toBe(403);
    const list = await h.call('read', 'GET', `/api/v1/incidents/${incidentId}/handovers`);
    expect(list.json.handovers).toEqual([]);
  });

  it('takes the note from the signed link and hands the role to the next region on shift', async () => {
    at('08:40');
    const url = path((await prompts('Asha'))[0].action_url!);
    const page = await h.server.inject({ method: 'GET', url });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Payments failing');
    expect(page.body).toContain('Next promised update');
    expect(page.body).toContain('Refund for failed charges? from cfo@bigco.example');
    const res = await h.server.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `note=${encodeURIComponent('Card payments fail for EU banks; next update due 09:10. Stripe ticket 4411 open.')}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Emil');
    const [ho] = (await h.call('read', 'GET', `/api/v1/incidents/${incidentId}/handovers`)).json
      .handovers;
    expect(ho).toMatchObject({
      role_key: 'comms_lead',
      from_person_id: id.Asha,
      to_person_id: id.Emil, // London is at work; New York is not
      state: 'pending',
    });
    // the outgoing person keeps the role until it is accepted
    expect((await holder()).person_id).toBe(id.Asha);
    const [toEmil] = (await notices('Emil')).filter((n) =>
      n.subject.includes('hands Comms lead to you'),
    );
    expect(toEmil.text).toContain('Stripe ticket 4411');
    expect(toEmil.action_url).toMatch(/\/team\/handovers\//);
    expect(await timeline()).toContain(
      'Asha handed over Comms lead to Emil, waiting for Emil to accept. Handover note: Card payments fail for EU banks; next update due 09:10. Stripe ticket 4411 open.',
    );
  });

  it('moves the role when the incoming person accepts by signed link', async () => {
    at('08:50');
    const [toEmil] = (await notices('Emil')).filter((n) =>
      n.subject.includes('hands Comms lead to you'),
    );
    const url = path(toEmil.action_url!);
    const tampered = url.replace(encodeURIComponent(id.Emil), encodeURIComponent(id.Abe));
    expect((await h.server.inject({ method: 'POST', url: tampered })).statusCode).toBe(403);
    expect((await holder()).person_id).toBe(id.Asha);
    const ask = await h.server.inject({ method: 'GET', url });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Stripe ticket 4411');
    expect((await holder()).person_id).toBe(id.Asha); // a GET never acts (mail scanners)
    const done = await h.server.inject({ method: 'POST', url });
    expect(done.statusCode).toBe(200);
    const now = await holder();
    expect(now.person_id).toBe(id.Emil);
    expect(now.acked_at).toBe(`${DAY}T08:50:00.000Z`);
    expect(await timeline()).toContain(
      'Emil accepted the handover and is now Comms lead (from Asha).',
    );
  });

  it('prompts Emil before 17:00 London, takes the note through the API, and escalates when nobody accepts', async () => {
    at('16:31');
    await tick();
    expect(await prompts('Emil')).toHaveLength(1);
    at('16:40');
    const res = await h.call('write', 'POST', `/api/v1/incidents/${incidentId}/handovers`, {
      role: 'comms_lead',
      note: 'EU fixed; US card issuer still failing. Approve the 17:10 update.',
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      from_person_id: id.Emil,
      to_person_id: id.Ana,
      state: 'pending',
    });
    const handoverId = res.json.id as string;
    at('16:54'); // 14 minutes: not yet
    await tick();
    expect(
      (await h.call('read', 'GET', `/api/v1/incidents/${incidentId}/handovers`)).json.handovers[1]
        .escalated_at,
    ).toBeNull();
    at('16:56');
    expect(await tick()).toBe(1);
    at('17:05');
    await tick(); // once only
    const lee = (await notices('Lee')).filter((n) => n.subject.startsWith('Handover not accepted'));
    expect(lee).toHaveLength(1);
    expect(lee[0].text).toContain('Emil keeps the role until someone takes it');
    const abe = (await notices('Abe')).filter((n) =>
      n.subject.startsWith('Can you take Comms lead'),
    );
    expect(abe).toHaveLength(1); // the next on shift in the rotation after Ana
    expect(await timeline()).toContain(
      'Nobody accepted the handover of Comms lead to Ana within 15 minutes; told Lee (incident lead) and Abe (next on shift). Emil keeps the role until someone accepts.',
    );
    expect((await holder()).person_id).toBe(id.Emil); // 17:05, past Emil's shift: still his
    // Ana accepts in the end, through the API
    at('17:10');
    const ack = await h.call('write', 'POST', `/api/v1/handovers/${handoverId}/ack`, {});
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({ state: 'accepted', accepted_by: id.Ana });
    expect((await holder()).person_id).toBe(id.Ana);
    // Abe's escalation link is now stale: the handover was accepted by someone else
    const stale = await h.server.inject({ method: 'POST', url: path(abe[0].action_url!) });
    expect(stale.statusCode).toBe(409);
    expect((await holder()).person_id).toBe(id.Ana);
  });

  it('prompts the AMER comms lead before midnight UTC once, and the incident lead never', async () => {
    at('23:29');
    await tick();
    expect(await prompts('Ana')).toHaveLength(0);
    at('23:31');
    await tick();
    at('00:20', '2026-12-04'); // her shift has ended, no note yet: not prompted twice
    await tick();
    const ana = await prompts('Ana');
    expect(ana).toHaveLength(1);
    expect(ana[0].text).toContain('Your shift ends at 00:00 UTC (19:00 EST)');
    expect(await prompts('Lee')).toHaveLength(0);
    const log = await timeline();
    const order = [
      "Asha's shift ends",
      'Asha handed over Comms lead to Emil',
      'Emil accepted the handover',
      "Emil's shift ends",
      'Emil handed over Comms lead to Ana',
      'Nobody accepted the handover of Comms lead to Ana',
      'Ana accepted the handover',
      "Ana's shift ends",
    ].map((s) => log.findIndex((l) => l.startsWith(s)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describeEachEngine('handovers API: input checks', (engine) => {
  let h: ApiHarness;
  let incidentId = '';
  let person = '';
  beforeAll(async () => {
    h = await makeApiHarness(engine);
    const ctx = h.app.ctx();
    person = (await createPerson(ctx, { name: 'Pat', email: 'pat@acme.test' })).id;
    await setRotation(ctx, 'comms_lead', { person_ids: [person] });
    incidentId = (
      await declareIncident(ctx, {
        severity: 'SEV2',
        template: 'investigating',
        vars: { issue: 'slow search', contact: 'help@acme.test' },
      })
    ).incident.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('names each field that is wrong', async () => {
    const url = `/api/v1/incidents/${incidentId}/handovers`;
    let r = await h.call('write', 'POST', url, {});
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toMatchObject({ role: 'is required', note: 'is required' });
    r = await h.call('write', 'POST', url, { role: 'comms_lead', note: '   ', extra: 1 });
    expect(r.status).toBe(400);
    expect(r.json.error.fields.note).toMatch(/must not be empty/);
    expect(r.json.error.fields.extra).toBe('is not a known field');
    r = await h.call('write', 'POST', url, { role: 'no_such_role', note: 'x' });
    expect(r.status).toBe(400);
    expect(r.json.error.fields.role).toMatch(/no role "no_such_role"/);
    r = await h.call('write', 'POST', url, {
      role: 'comms_lead',
      note: 'x',
      to_person_id: 'nobody',
    });
    expect(r.status).toBe(400);
    expect(r.json.error.fields.to_person_id).toMatch(/not a known person/);
    r = await h.call('write', 'POST', url, { role: 'comms_lead', note: 'x', to_person_id: person });
    expect(r.status).toBe(400);
    expect(r.json.error.fields.to_person_id).toMatch(/already holds the role/);
    // nobody else in the rotation: the note must name who takes over
    r = await h.call('write', 'POST', url, { role: 'comms_lead', note: 'x' });
    expect(r.status).toBe(400);
    expect(r.json.error.fields.to_person_id).toMatch(/nobody else .* is on shift now/);
    r = await h.call('read', 'POST', url, { role: 'comms_lead', note: 'x' });
    expect(r.status).toBe(403);
    r = await h.call('write', 'POST', '/api/v1/handovers/nope/ack', {});
    expect(r.status).toBe(404);
    r = await h.call('write', 'GET', '/api/v1/incidents/nope/handovers');
    expect(r.status).toBe(404);
  });

  it('checks regions and a person’s region by field', async () => {
    let r = await h.call('admin', 'PUT', '/api/v1/regions/APAC', {
      name: 'APAC',
      time_zone: 'Mars/Base',
      hours: '9 to 5',
    });
    expect(r.status).toBe(400);
    expect(Object.keys(r.json.error.fields).sort()).toEqual(['key']);
    r = await h.call('admin', 'PUT', '/api/v1/regions/apac', {
      name: 'APAC',
      time_zone: 'Mars/Base',
      hours: '9 to 5',
    });
    expect(r.status).toBe(400);
    expect(r.json.error.fields.time_zone).toMatch(/IANA time zone/);
    expect(r.json.error.fields.hours).toMatch(/09:00-17:30 Mon-Fri/);
    r = await h.call('admin', 'PUT', '/api/v1/regions/apac', {
      name: 'APAC',
      time_zone: 'Asia/Singapore',
      hours: '8:00-17:00 mon-fri',
    });
    expect(r.status).toBe(201);
    expect(r.json.hours).toBe('08:00-17:00 Mon-Fri');
    r = await h.call('admin', 'PATCH', `/api/v1/people/${person}`, { region: 'emea' });
    expect(r.status).toBe(400);
    expect(r.json.error.fields.region).toMatch(/no region "emea"/);
    r = await h.call('admin', 'PATCH', `/api/v1/people/${person}`, { region: 'apac' });
    expect(r.status).toBe(200);
    expect(r.json.region).toBe('apac');
    r = await h.call('admin', 'DELETE', '/api/v1/regions/apac');
    expect(r.status).toBe(409);
  });
});
