/**
 * Correctness in an outage, through the admin API: a component shows the worst status an open,
 * published incident holds it at; a template declares at its own stage; drafts and messages
 * waiting for approval change nothing public; every public update promises the next one, and
 * a promise that has passed reads as overdue on the pages.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';

describeEachEngine('component status in an outage', (engine) => {
  let h: ApiHarness;
  const clock = new TestClock(Date.parse('2026-11-20T12:00:00Z'));
  let api = '';
  let web = '';

  const status = async (id: string) =>
    (await h.call('read', 'GET', `/api/v1/components/${id}`)).json.status;
  const page = async (path: string) => {
    h.app.site.invalidate();
    return (await h.server.inject({ url: path })).body;
  };
  const history = (id: string) =>
    h.app.store.db
      .selectFrom('component_status_history')
      .select(['status', 'cause_type'])
      .where('component_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute();
  const open = async (name: string, components: Record<string, string>) => {
    const r = await h.call('write', 'POST', '/api/v1/incidents', {
      name,
      status: 'investigating',
      body: `${name}: we are looking into it.`,
      components,
    });
    expect(r.status, r.body).toBe(201);
    return r.json.id as string;
  };
  const resolve = async (id: string, components?: Record<string, string>) => {
    const r = await h.call('write', 'POST', `/api/v1/incidents/${id}/updates`, {
      status: 'resolved',
      body: 'Fixed.',
      ...(components ? { components } : {}),
    });
    expect(r.status, r.body).toBe(201);
    return r.json;
  };
  /** a declared incident resolves from its template (free text would wait for approval) */
  const resolveDeclared = async (id: string) => {
    const r = await h.call('write', 'POST', `/api/v1/incidents/${id}/updates/from-template`, {
      template: 'resolved',
      vars: { issue: 'failed logins', contact: 'help@acme.test' },
    });
    expect(r.status, r.body).toBe(201);
  };

  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock });
    await h.call('admin', 'PATCH', '/api/v1/page', {
      name: 'Acme',
      url: 'https://status.acme.test',
    });
  });
  beforeEach(async () => {
    // each test starts on fresh components, with nothing open on them
    api = (await h.call('write', 'POST', '/api/v1/components', { name: `API ${clock.t}` })).json.id;
    web = (await h.call('write', 'POST', '/api/v1/components', { name: `Web ${clock.t}` })).json.id;
    clock.advanceMinutes(1);
  });
  afterAll(async () => {
    await h.close();
  });

  it('puts a component back to the worst status another open incident still holds', async () => {
    const a = await open('Logins fail', { [api]: 'major_outage' });
    const b = await open('Slow API', { [api]: 'degraded_performance', [web]: 'partial_outage' });
    expect(await status(api)).toBe('major_outage');
    expect(await page('/api/v2/status.json')).toContain('Major System Outage');

    clock.advanceMinutes(5);
    await resolve(a);
    expect(await status(api)).toBe('degraded_performance');
    expect(await status(web)).toBe('partial_outage');
    expect(await page('/api/v2/status.json')).not.toContain('Major System Outage');

    clock.advanceMinutes(5);
    await resolve(b);
    expect(await status(api)).toBe('operational');
    expect(await status(web)).toBe('operational');
    // the uptime bars read each public change once, in order
    expect((await history(api)).map((r) => r.status)).toEqual([
      'operational',
      'major_outage',
      'degraded_performance',
      'operational',
    ]);
  });

  it('keeps an incident at major outage even when a resolving update says operational', async () => {
    const a = await open('Database down', { [api]: 'major_outage' });
    const b = await open('Partial API errors', { [api]: 'partial_outage' });
    const r = await resolve(b, { [api]: 'operational' });
    expect(r.status).toBe('resolved');
    expect(await status(api)).toBe('major_outage');
    await resolve(a);
    expect(await status(api)).toBe('operational');
  });

  it('a manual status stays under the incidents and comes back when they close', async () => {
    await h.call('write', 'PATCH', `/api/v1/components/${api}`, { status: 'degraded_performance' });
    const a = await open('Outage', { [api]: 'major_outage' });
    expect(await status(api)).toBe('major_outage');
    await resolve(a);
    expect(await status(api)).toBe('degraded_performance');
    await h.call('write', 'PATCH', `/api/v1/components/${api}`, { status: 'operational' });
    expect(await status(api)).toBe('operational');
  });

  it('a draft changes no public status, page indicator or history until it is published', async () => {
    const d = await h.call('write', 'POST', '/api/v1/incidents/declare', {
      severity: 'SEV2',
      template: 'investigating',
      vars: { issue: 'failed logins', contact: 'help@acme.test' },
      components: { [api]: 'major_outage' },
      publish: false,
    });
    expect(d.status, d.body).toBe(201);
    expect(d.json.incident.draft).toBe(true);
    expect(await status(api)).toBe('operational');
    const summary = JSON.parse(await page('/api/v2/summary.json'));
    expect(summary.components.find((c: { id: string }) => c.id === api).status).toBe('operational');
    expect(summary.status.description).toBe('All Systems Operational');
    expect((await history(api)).map((r) => r.status)).toEqual(['operational']);

    const p = await h.call('write', 'POST', `/api/v1/incidents/${d.json.incident.id}/publish`, {});
    expect(p.status, p.body).toBe(200);
    expect(await status(api)).toBe('major_outage');
    expect((await history(api)).map((r) => r.status)).toEqual(['operational', 'major_outage']);
    await resolveDeclared(d.json.incident.id);
    expect(await status(api)).toBe('operational');
  });

  it('free text waiting for approval changes no public status until it is approved', async () => {
    const d = await h.call('write', 'POST', '/api/v1/incidents/declare', {
      severity: 'SEV1',
      name: 'Payments fail',
      body: 'Payments fail for some customers; we are on it. Next update by 12:30 UTC.',
      components: { [web]: 'major_outage' },
    });
    expect(d.status, d.body).toBe(201);
    expect(d.json.approval_id).toBeTruthy();
    expect(await status(web)).toBe('operational');
    expect(await page('/api/v2/status.json')).toContain('All Systems Operational');
    expect((await history(web)).map((r) => r.status)).toEqual(['operational']);
    const decided = await h.call(
      'write',
      'POST',
      `/api/v1/approvals/${d.json.approval_id}/decision`,
      {
        decision: 'reject',
      },
    );
    expect(decided.status, decided.body).toBe(200);
  });

  it('declares at the stage of its template', async () => {
    for (const stage of ['identified', 'monitoring'] as const) {
      const d = await h.call('write', 'POST', '/api/v1/incidents/declare', {
        severity: 'SEV3',
        template: stage,
        vars: {
          issue: 'slow search',
          cause: 'a bad index',
          contact: 'help@acme.test',
        },
        components: { [api]: 'degraded_performance' },
      });
      expect(d.status, d.body).toBe(201);
      expect(d.json.incident.status).toBe(stage);
      expect(d.json.incident.incident_updates[0].status).toBe(stage);
      await resolveDeclared(d.json.incident.id);
    }
  });

  it('promises the next update on a plain incident and update, and shows it overdue once passed', async () => {
    const id = await open('Search is slow', { [api]: 'degraded_performance' });
    const inc = (await h.call('read', 'GET', `/api/v1/incidents/${id}`)).json;
    const due = new Date(clock.t + 20 * 60_000).toISOString();
    expect(inc.next_update_at).toBe(due);
    const promised = await h.app.store.db
      .selectFrom('incident_updates')
      .select('next_update_at')
      .where('incident_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(promised.next_update_at).toBe(due);

    clock.advanceMinutes(10);
    const u = await h.call('write', 'POST', `/api/v1/incidents/${id}/updates`, {
      status: 'identified',
      body: 'We found it.',
    });
    expect(u.status, u.body).toBe(201);
    const due2 = new Date(clock.t + 20 * 60_000).toISOString();
    expect(u.json.next_update_at).toBe(due2);
    expect(u.json.incident_updates[0].status).toBe('identified');
    const hhmm = due2.slice(11, 16);
    expect(await page(`/incidents/${id}`)).toContain(`Next update by`);

    clock.advanceMinutes(21);
    const overdue = `Next update was due <time datetime="${due2}" data-local="time">${hhmm} UTC</time> — overdue`;
    expect(await page('/')).toContain(overdue);
    expect(await page(`/incidents/${id}`)).toContain(overdue);

    const r = await resolve(id);
    expect(r.next_update_at).toBeNull();
    expect(await page(`/incidents/${id}`)).not.toContain('Next update');
  });
});

describeEachEngine('who may approve a message', (engine) => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await makeApiHarness(engine);
  });
  afterAll(async () => {
    await h.close();
  });

  const waiting = async () => {
    const d = await h.call('write', 'POST', '/api/v1/incidents/declare', {
      severity: 'SEV1',
      name: 'Payments fail',
      body: 'Payments fail for some customers; we are on it. Next update by 12:30 UTC.',
    });
    expect(d.status, d.body).toBe(201);
    expect(d.json.approval_id).toBeTruthy();
    return d.json.approval_id as string;
  };
  const decide = (who: 'write' | 'admin', id: string) =>
    h.call(who, 'POST', `/api/v1/approvals/${id}/decision`, { decision: 'approve' });

  it('refuses the requester as approver unless the plan allows self-approval', async () => {
    const id = await waiting();
    const self = await decide('write', id);
    expect(self.status, self.body).toBe(403);
    expect(self.json.error.message).toMatch(/asked for this approval and may not approve it too/);
    expect(self.json.error.fields.decision).toBe(
      'the approver may not be the requester (the plan setting allow_self_approval is off)',
    );
    const other = await decide('admin', id);
    expect(other.status, other.body).toBe(200);
    expect(other.json.state).toBe('approved');

    const set = await h.call('admin', 'PUT', '/api/v1/plan/settings/allow_self_approval', {
      value: true,
    });
    expect(set.status, set.body).toBe(200);
    const plan = await h.call('read', 'GET', '/api/v1/plan');
    expect(plan.body).toMatch(/allow_self_approval: true/);
    const second = await waiting();
    expect((await decide('write', second)).status).toBe(200);

    const bad = await h.call('admin', 'PUT', '/api/v1/plan/settings/allow_self_approval', {
      value: 'maybe',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.value).toBe('must be true or false');
  });
});
