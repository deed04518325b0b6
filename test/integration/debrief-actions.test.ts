/**
 * The debrief's action items (issue #14) on real SQLite and PostgreSQL: added with an owner and
 * a due time (the owner told once), listed per incident and across incidents, changed, marked
 * done, told once when overdue (the scheduler's job, moved on by the test clock), removed; in
 * the debrief JSON and its Markdown; and the console's add and mark-done forms.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { debriefOut } from '../../src/http/routes/v1/debrief.js';
import { debriefActionOut } from '../../src/http/routes/v1/debriefActions.js';
import { jobs } from '../../src/schedule/scheduler.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';
import { FORM, signInConsole } from '../helpers/console.js';

describeEachEngine('debrief action items', (engine) => {
  const clock = new TestClock(Date.parse('2026-11-20T12:00:00Z'));
  let h: ApiHarness;
  let incident: string;
  let other: string;
  let ada: string;
  let bo: string;
  const db = () => h.app.store.db;

  /** team notices about action items, as [person, subject] */
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
      .filter((p) => /debrief action/i.test(p.data.subject))
      .map((p) => [p.person_ids.join(','), p.data.subject as string]);

  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock });
    const ctx = h.app.ctx();
    ada = (await createPerson(ctx, { name: 'Ada Lovelace', email: 'ada@example.com' })).id;
    bo = (
      await createPerson(ctx, {
        name: 'Bo Chen',
        email: 'bo@example.com',
        time_zone: 'Europe/Paris',
      })
    ).id;
    incident = (
      await createIncident(ctx, {
        name: 'Checkout down',
        body: 'Payments fail.',
        deliver_notifications: false,
      })
    ).id;
    other = (
      await createIncident(ctx, {
        name: 'Search slow',
        body: 'Slow.',
        deliver_notifications: false,
      })
    ).id;
  });

  afterAll(async () => {
    await h?.close();
  });

  const url = (id = incident) => `/api/v1/incidents/${id}/debrief/actions`;

  it('adds an item with an owner and due time, and tells the owner once', async () => {
    const res = await h.call('write', 'POST', url(), {
      text: 'Pre-approve the investigating template',
      owner_id: 'ada@example.com', // by email: stored as the person's id
      due_at: '2026-11-27T17:00:00+01:00',
    });
    expect(res.status, res.body).toBe(201);
    const a = debriefActionOut.strict().parse(res.json);
    expect(a).toMatchObject({
      incident_id: incident,
      incident_name: 'Checkout down',
      owner_id: ada,
      owner_name: 'Ada Lovelace',
      due_at: '2026-11-27T16:00:00.000Z',
      status: 'open',
      overdue: false,
      done_at: null,
      created_at: '2026-11-20T12:00:00.000Z',
      created_by: 'token:write-bot',
    });
    expect(await notices()).toEqual([
      [
        ada,
        'Debrief action for you, due 27 Nov 2026, 16:00 UTC: Pre-approve the investigating template',
      ],
    ]);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('entity_id', '=', a.id)
      .execute();
    expect(audit).toEqual([{ action: 'debrief.action.create', actor: 'token:write-bot' }]);
  });

  it('names the field of each bad input', async () => {
    const bad = async (body: unknown, scope: 'write' | 'read' = 'write') =>
      h.call(scope, 'POST', url(), body);
    const r1 = await bad({ text: ' ', owner_id: 'nobody@example.com', due_at: 'tomorrow' });
    expect(r1.status).toBe(400);
    expect(Object.keys(r1.json.error.fields).sort()).toEqual(['due_at', 'text']);
    const r2 = await bad({
      text: 'x',
      owner_id: 'nobody@example.com',
      due_at: '2026-12-01T00:00:00Z',
    });
    expect(r2.status).toBe(400);
    expect(r2.json.error.fields.owner_id).toMatch(/not on the team/);
    const r3 = await bad({ text: 'x', owner_id: ada, due_at: '2026-11-20T11:00:00Z' });
    expect(r3.json.error.fields).toEqual({ due_at: 'must be in the future' });
    const r4 = await bad({ text: 'x', owner_id: ada, due_at: '2026-12-01T00:00:00Z', extra: 1 });
    expect(r4.json.error.fields).toEqual({ extra: 'is not a known field' });
    const r5 = await bad({
      text: 'x',
      owner_id: ada,
      due_at: '2026-12-01T00:00:00Z',
      suggestion_id: 'nope',
    });
    expect(r5.json.error.fields.suggestion_id).toMatch(/not one of this debrief's suggestions/);
    expect(
      (await bad({ text: 'x', owner_id: ada, due_at: '2026-12-01T00:00:00Z' }, 'read')).status,
    ).toBe(403);
    expect(
      (
        await h.call('write', 'POST', url('inc_nope'), {
          text: 'x',
          owner_id: ada,
          due_at: '2026-12-01T00:00:00Z',
        })
      ).status,
    ).toBe(404);
  });

  it('lists per incident and across incidents, soonest due first', async () => {
    const second = await h.call('write', 'POST', url(), {
      text: 'Add SMS for the support team',
      owner_id: bo,
      due_at: '2026-11-23T09:00:00Z',
    });
    expect(second.status).toBe(201);
    const third = await h.call('write', 'POST', url(other), {
      text: 'Check the SMS provider',
      owner_id: 'Bo Chen',
      due_at: '2026-11-25T09:00:00Z',
    });
    expect(third.status).toBe(201);
    const mine = await h.call('read', 'GET', url());
    expect(mine.json.action_items.map((a: { text: string }) => a.text)).toEqual([
      'Add SMS for the support team',
      'Pre-approve the investigating template',
    ]);
    const all = await h.call('read', 'GET', '/api/v1/debrief/actions?status=open');
    expect(
      all.json.action_items.map((a: { incident_name: string; due_at: string }) => [
        a.incident_name,
        a.due_at,
      ]),
    ).toEqual([
      ['Checkout down', '2026-11-23T09:00:00.000Z'],
      ['Search slow', '2026-11-25T09:00:00.000Z'],
      ['Checkout down', '2026-11-27T16:00:00.000Z'],
    ]);
    const bos = await h.call('read', 'GET', `/api/v1/debrief/actions?owner_id=${bo}`);
    expect(bos.json.action_items).toHaveLength(2);
    expect(
      (await h.call('read', 'GET', '/api/v1/debrief/actions?status=late')).json.error.fields,
    ).toHaveProperty('status');
    // Bo in Paris reads the due time in his own zone
    expect((await notices()).slice(1)).toEqual([
      [bo, 'Debrief action for you, due 23 Nov 2026, 10:00 CET: Add SMS for the support team'],
      [bo, 'Debrief action for you, due 25 Nov 2026, 10:00 CET: Check the SMS provider'],
    ]);
  });

  it('tells the owner once when an item is overdue', async () => {
    expect(await jobs.debriefActions(h.app)).toBe(0);
    clock.set('2026-11-23T09:00:00Z'); // the first falls due
    expect(await jobs.debriefActions(h.app)).toBe(1);
    expect(await jobs.debriefActions(h.app)).toBe(0); // once
    clock.set('2026-11-26T00:00:00Z'); // the second too
    expect(await jobs.debriefActions(h.app)).toBe(1);
    expect((await notices()).slice(3)).toEqual([
      [bo, 'Overdue debrief action (due 23 Nov 2026, 10:00 CET): Add SMS for the support team'],
      [bo, 'Overdue debrief action (due 25 Nov 2026, 10:00 CET): Check the SMS provider'],
    ]);
    const open = await h.call('read', 'GET', '/api/v1/debrief/actions?status=open');
    expect(open.json.action_items.map((a: { overdue: boolean }) => a.overdue)).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('changes an item, reassigns it (telling the new owner) and marks it done', async () => {
    const [first] = (await h.call('read', 'GET', url())).json.action_items;
    const patch = (body: unknown) =>
      h.call('write', 'PATCH', `/api/v1/debrief/actions/${first.id}`, body);
    const moved = await patch({
      owner_id: ada,
      due_at: '2026-11-30T12:00:00Z',
      note: 'Bo is away',
    });
    expect(moved.status, moved.body).toBe(200);
    expect(moved.json).toMatchObject({
      owner_id: ada,
      due_at: '2026-11-30T12:00:00.000Z',
      overdue: false,
      note: 'Bo is away',
    });
    expect((await notices()).slice(5)).toEqual([
      [ada, 'Debrief action for you, due 30 Nov 2026, 12:00 UTC: Add SMS for the support team'],
    ]);
    expect((await patch({ status: 'closed' })).json.error.fields.status).toMatch(/open, done/);
    expect((await patch({ due_at: '2026-11-01T00:00:00Z' })).json.error.fields).toEqual({
      due_at: 'must be in the future',
    });
    clock.set('2026-11-26T10:00:00Z');
    const done = await patch({ status: 'done' });
    expect(done.json).toMatchObject({
      status: 'done',
      done_at: '2026-11-26T10:00:00.000Z',
      done_by: 'token:write-bot',
      overdue: false,
    });
    // a done item is never told it is overdue
    clock.set('2026-12-01T00:00:00Z');
    expect(await jobs.debriefActions(h.app)).toBe(1); // only Ada's Pre-approve item, due 27 Nov
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', first.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'debrief.action.create',
      'debrief.action.overdue',
      'debrief.action.update',
      'debrief.action.done',
    ]);
    expect(
      (await h.call('write', 'PATCH', '/api/v1/debrief/actions/nope', { status: 'done' })).status,
    ).toBe(404);
  });

  it('shows the items in the debrief JSON and Markdown', async () => {
    const d = debriefOut.parse(
      (await h.call('read', 'GET', `/api/v1/incidents/${incident}/debrief`)).json,
    );
    expect(d.action_items.map((a) => [a.text, a.status, a.overdue])).toEqual([
      ['Pre-approve the investigating template', 'open', true],
      ['Add SMS for the support team', 'done', false],
    ]);
    const md = (await h.call('read', 'GET', `/api/v1/incidents/${incident}/debrief.md`)).body;
    expect(md).toContain(
      '## Action items\n\n- [ ] Pre-approve the investigating template (owner: Ada Lovelace; **overdue**, due 2026-11-27T16:00:00.000Z)\n- [x] Add SMS for the support team (owner: Ada Lovelace; done 2026-11-26T10:00:00.000Z) Bo is away\n',
    );
  });

  it('adds and marks done through the console forms', async () => {
    const { cookie, csrf } = await signInConsole(h.server, h.secrets.write);
    const add = (fields: Record<string, string>) =>
      h.server.inject({
        method: 'POST',
        url: `/console/incidents/${incident}/debrief/actions`,
        headers: { cookie, ...FORM },
        payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
    const missing = await add({
      _once: 'action-once-1',
      text: 'Write the runbook',
      owner_id: '',
      due_at: '',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Due: enter a date and a time');
    const form = {
      _once: 'action-once-2',
      text: 'Write the runbook',
      owner_id: bo,
      due_at: '2026-12-04T18:00',
    };
    const first = await add(form);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(
      `/console/incidents/${incident}/debrief?done=action-added#action-items`,
    );
    expect((await add(form)).statusCode).toBe(303); // Back and resend: one item
    const items = (await h.call('read', 'GET', url())).json.action_items;
    const runbook = items.filter((a: { text: string }) => a.text === 'Write the runbook');
    expect(runbook).toHaveLength(1);
    expect(runbook[0].due_at).toBe('2026-12-04T18:00:00.000Z'); // the page's zone is UTC
    const page = await h.server.inject({
      url: String(first.headers.location).split('#')[0],
      headers: { cookie },
    });
    expect(page.body).toContain('Action item added');
    expect(page.body).toContain('Overdue');
    const doneUrl = `/console/debrief/actions/${runbook[0].id}/done`;
    expect(page.body).toContain(`action="${doneUrl}"`);
    const done = await h.server.inject({
      method: 'POST',
      url: doneUrl,
      headers: { cookie, ...FORM },
      payload: new URLSearchParams({ _csrf: csrf, _once: 'done-once-1' }).toString(),
    });
    expect(done.statusCode).toBe(303);
    expect(
      (await h.call('read', 'GET', url())).json.action_items.find(
        (a: { id: string }) => a.id === runbook[0].id,
      ).status,
    ).toBe('done');
    const noCsrf = await h.server.inject({
      method: 'POST',
      url: doneUrl,
      headers: { cookie, ...FORM },
      payload: new URLSearchParams({ _once: 'done-once-2' }).toString(),
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('removes an item', async () => {
    const [only] = (await h.call('read', 'GET', url(other))).json.action_items;
    expect((await h.call('write', 'DELETE', `/api/v1/debrief/actions/${only.id}`)).status).toBe(
      204,
    );
    expect((await h.call('read', 'GET', url(other))).json.action_items).toEqual([]);
    expect((await h.call('write', 'DELETE', `/api/v1/debrief/actions/${only.id}`)).status).toBe(
      404,
    );
  });
});
