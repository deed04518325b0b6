/**
 * The briefing pack (issue #11 part 1) on real SQLite and PostgreSQL, through the API, the
 * signed link and the scheduler's job with a clock the test moves: versions follow the public
 * updates and edits, edits are validated, reading is recorded by signed link only, and the
 * reminder and the comms lead's escalation each fire once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { briefingOut } from '../../src/http/routes/v1/briefing.js';
import { jobs } from '../../src/schedule/scheduler.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';

describeEachEngine('briefing pack', (engine) => {
  let h: ApiHarness;
  const clock = new TestClock();
  const people: Record<string, string> = {};
  let api: string;
  let incident: string;
  const db = () => h.app.store.db;

  const briefing = async () => {
    const res = await h.call('read', 'GET', `/api/v1/incidents/${incident}/briefing`);
    expect(res.status, res.body).toBe(200);
    briefingOut.strict().parse(res.json); // the answer is what the OpenAPI document says
    return res.json;
  };
  /** team notices about briefings, as [person, subject, link] */
  const notices = async () =>
    (
      await db()
        .selectFrom('notifications')
        .select('payload')
        .where('kind', '=', 'team.notice')
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    )
      .map((n) => JSON.parse(n.payload))
      .filter((p) => /briefing/i.test(p.data.subject))
      .map((p) => [p.person_ids.join(','), p.data.subject, p.data.action_url as string]);
  const tick = () => jobs.briefings(h.app);
  const update = async (status: string, body: string) => {
    const res = await h.call('write', 'POST', `/api/v1/incidents/${incident}/updates`, {
      status,
      body,
    });
    expect(res.status, res.body).toBe(201);
  };

  async function account(id: string, tier: string, criticality = 'normal') {
    const at = clock.now().toISOString();
    await db()
      .insertInto('accounts')
      .values({
        id,
        name: id,
        external_id: null,
        tier,
        criticality,
        region: null,
        time_zone: null,
        locale: null,
        account_manager_id: null,
        tags: '[]',
        mrr: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db()
      .insertInto('account_components')
      .values({ account_id: id, component_id: api })
      .execute();
  }

  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock });
    const ctx = h.app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    for (const name of ['bob', 'carol', 'dave', 'erin', 'zed'])
      people[name] = (
        await createPerson(ctx, { name, email: `${name}@acme.test`, time_zone: 'UTC' })
      ).id;
    await setRotation(ctx, 'incident_lead', { person_ids: [people.erin] });
    await setRotation(ctx, 'comms_lead', { person_ids: [people.dave] });
    await setRotation(ctx, 'account_manager', { person_ids: [people.bob] });
    await setRotation(ctx, 'customer_liaison', { person_ids: [people.carol] });
    api = (await createComponent(ctx, { name: 'API' })).id;
    await createComponent(ctx, { name: 'Web' });
    await account('Zeta', 'enterprise');
    await account('Beta', 'business', 'critical');
    await account('Free1', 'free');
    await account('Free2', 'free');
    const res = await h.call('write', 'POST', '/api/v1/incidents/declare', {
      severity: 'SEV3',
      template: 'investigating',
      vars: { issue: 'api errors', contact: 'help@acme.test' },
      components: { [api]: 'major_outage' },
    });
    expect(res.status, res.body).toBe(201);
    incident = res.json.incident.id;
  }, 60_000);
  afterAll(() => h.close());

  it('builds the first version from the public statement, the defaults and who is affected', async () => {
    const b = await briefing();
    const [first] = await db()
      .selectFrom('incident_updates')
      .select('body')
      .where('incident_id', '=', incident)
      .execute();
    expect(b.version).toBe(1);
    expect(b.statement).toBe(first.body);
    expect(b.say.length).toBeGreaterThan(0);
    expect(b.avoid.join(' ')).toMatch(/guessed fix times/);
    expect(b.avoid.join(' ')).toMatch(/blame/i);
    expect(b.faq.map((f: { q: string }) => f.q)).toContain('What is the cause?');
    expect(b.next_update_at).toMatch(/^2026-11-20T12:/);
    expect(b.affected).toEqual({
      components: ['API'],
      accounts_by_tier: { enterprise: 1, business: 1, free: 2 },
      key_accounts: [
        { id: 'Beta', name: 'Beta', tier: 'business' },
        { id: 'Zeta', name: 'Zeta', tier: 'enterprise' },
      ],
    });
    expect(b.acknowledgements).toEqual([]);
    // declaring assigned the roles: they are whom to escalate to
    expect(
      b.escalation_contacts.map((c: { role_key: string; name: string }) => [c.role_key, c.name]),
    ).toEqual([
      ['incident_lead', 'erin'],
      ['comms_lead', 'dave'],
    ]);
  });

  it('makes a new version for each public update, with that stage’s answers', async () => {
    clock.advanceMinutes(1);
    await update('identified', 'We found the fault in the API gateway.');
    const b = await briefing();
    expect(b.version).toBe(2);
    expect(b.stage).toBe('identified');
    expect(b.statement).toBe('We found the fault in the API gateway.');
    expect(b.faq.map((f: { q: string }) => f.q)).not.toContain('What is the cause?');
  });

  it('validates an edit naming each bad field, refuses a read token, and bumps the version', async () => {
    const url = `/api/v1/incidents/${incident}/briefing`;
    const bad = await h.call('write', 'PUT', url, { say: ['ok', ' '], faq: [{ q: 'Q?' }], x: 1 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual({
      'say[1]': 'must be non-empty text',
      'faq[0].a': 'must be an answer',
      x: 'is not a briefing field (say, avoid, faq)',
    });
    expect((await h.call('write', 'PUT', url, {})).json.error.fields).toEqual({
      body: 'give at least one of say, avoid or faq',
    });
    const long = await h.call('write', 'PUT', url, { avoid: ['x'.repeat(501)] });
    expect(long.json.error.fields).toEqual({ 'avoid[0]': 'must be at most 500 characters' });
    expect((await h.call('read', 'PUT', url, { say: ['x'] })).status).toBe(403);
    expect((await briefing()).version).toBe(2);
    const ok = await h.call('write', 'PUT', url, {
      say: ['Only the gateway is affected.'],
      faq: [{ q: 'Is my data safe?', a: 'Yes.' }],
    });
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json).toMatchObject({
      version: 3,
      say: ['Only the gateway is affected.'],
      faq: [{ q: 'Is my data safe?', a: 'Yes.' }],
    });
    const audit = await db()
      .selectFrom('audit_log')
      .select(['actor', 'after'])
      .where('action', '=', 'briefing.edit')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].after!).version).toBe(3);
    // a later update keeps the edited lists and takes the new statement
    clock.advanceMinutes(1);
    await update('monitoring', 'A fix is out; we are watching.');
    const b = await briefing();
    expect(b).toMatchObject({
      version: 4,
      statement: 'A fix is out; we are watching.',
      say: ['Only the gateway is affected.'],
      faq: [{ q: 'Is my data safe?', a: 'Yes.' }],
    });
    const v = await h.call('read', 'GET', `${url}/versions/4`);
    expect(v.status, v.body).toBe(200);
    expect(v.json.changes).toContainEqual({ op: 'ins', text: 'A fix is out; we are watching.' });
    expect(v.json.changes).toContainEqual({
      op: 'del',
      text: 'We found the fault in the API gateway.',
    });
    expect((await h.call('read', 'GET', `${url}/versions/9`)).status).toBe(404);
  });

  let links: Record<string, string>;
  it('pushes the latest version once to the customer-facing team, each with a signed link', async () => {
    await tick();
    await tick();
    const sent = await notices();
    expect(sent.map(([who, subject]) => [who, subject])).toEqual([
      [people.bob, 'Briefing v4: Api errors'],
      [people.carol, 'Briefing v4: Api errors'],
    ]);
    links = Object.fromEntries(
      sent.map(([who, , link]) => [who, link.replace('https://status.acme.test', '')]),
    );
    expect(links[people.bob]).toMatch(new RegExp(`^/briefing/${incident}/4/${people.bob}\\?sig=`));
  });

  it('records a reading by signed link only, and refuses a bad signature', async () => {
    const link = links[people.bob];
    const page = await h.server.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('A fix is out; we are watching.');
    expect(page.body).toContain('I have read version 4');
    expect((await briefing()).acknowledgements).toEqual([]); // opening it records nothing
    const forged = link.replace(people.bob, people.carol);
    for (const url of [forged, link.replace(/sig=.*/, 'sig=x'), link.replace(/\?.*/, '')]) {
      const res = await h.server.inject({ method: 'POST', url });
      expect(res.statusCode, url).toBe(403);
      expect(res.body).toContain('This link does not work');
    }
    clock.advanceMinutes(1);
    const done = await h.server.inject({ method: 'POST', url: link });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('You confirmed reading this version');
    const at = clock.now().toISOString();
    expect((await briefing()).acknowledgements).toEqual([
      { person_id: people.bob, version: 4, at },
    ]);
    clock.advanceMinutes(1);
    await h.server.inject({ method: 'POST', url: link }); // again: the first time stays
    expect((await briefing()).acknowledgements).toEqual([
      { person_id: people.bob, version: 4, at },
    ]);
  });

  it('reminds whoever has not read it once, then tells the comms lead once', async () => {
    const before = (await notices()).length;
    clock.set('2026-11-20T12:11:59Z'); // version 4 was made at 12:02
    await tick();
    expect((await notices()).length).toBe(before);
    clock.set('2026-11-20T12:12:00Z');
    await tick();
    await tick();
    let sent = (await notices()).slice(before);
    expect(sent.map(([who, subject]) => [who, subject])).toEqual([
      [people.carol, 'Reminder — please read briefing v4: Api errors'],
    ]);
    clock.set('2026-11-20T12:21:59Z');
    await tick();
    expect((await notices()).length).toBe(before + 1);
    clock.set('2026-11-20T12:22:00Z');
    await Promise.all([tick(), tick()]);
    clock.advanceMinutes(30);
    await tick();
    sent = (await notices()).slice(before);
    expect(sent.map(([who, subject]) => [who, subject])).toEqual([
      [people.carol, 'Reminder — please read briefing v4: Api errors'],
      [people.dave, 'Briefing v4 unread: Api errors'],
    ]);
    const timeline = await db()
      .selectFrom('incident_timeline')
      .select('body')
      .where('incident_id', '=', incident)
      .execute();
    expect(timeline.map((t) => t.body)).toContain(
      'Briefing version 4 is still unread by carol; the comms lead was told.',
    );
  });

  it('pushes the closing version but chases nobody once the incident is resolved', async () => {
    const set = await h.call('admin', 'PUT', '/api/v1/plan/settings/briefing_read_minutes', {
      value: 5,
    });
    expect(set.status, set.body).toBe(200);
    const bad = await h.call('admin', 'PUT', '/api/v1/plan/settings/briefing_read_minutes', {
      value: 0,
    });
    expect(bad.json.error.fields).toEqual({ value: 'must be at least 1 minutes' });
    const before = (await notices()).length;
    await update('resolved', 'All fixed.');
    expect((await briefing()).version).toBe(5);
    await tick();
    clock.advanceMinutes(11);
    await tick();
    const sent = (await notices()).slice(before);
    expect(sent.map(([who, subject]) => [who, subject])).toEqual([
      [people.bob, 'Briefing v5: Api errors'],
      [people.carol, 'Briefing v5: Api errors'],
    ]);
  });
});
