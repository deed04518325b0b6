/**
 * /api/v1/plan over real HTTP handling (server.inject) on both engines: the document as YAML or
 * JSON, a YAML import with line-numbered errors, versions, settings, and readiness whose gaps
 * go away as the plan is fixed.
 */

import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BASE } from '../fixtures/plan.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine } from '../helpers/app.js';

const YAML = { 'content-type': 'application/yaml' };

describeEachEngine('the plan API', (engine) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await makeApiHarness(engine);
  });
  afterAll(() => h.close());

  it('serves the plan as YAML by default and as JSON by Accept', async () => {
    const y = await h.call('read', 'GET', '/api/v1/plan');
    expect(y.status).toBe(200);
    expect(y.headers['content-type']).toMatch(/^application\/yaml/);
    expect(y.body).toMatch(/^# Flare comms plan/);
    expect(parse(y.body).severities.SEV1.settings.cadence.firstMinutes).toBe(20);
    const j = await h.call('read', 'GET', '/api/v1/plan', undefined, {
      accept: 'application/json',
    });
    expect(j.headers['content-type']).toMatch(/^application\/json/);
    expect(j.json).toEqual(parse(y.body));
  });

  it('imports YAML (admin only), answering 400 with each problem by line and field', async () => {
    const bad = BASE.replace('firstMinutes: 20', 'firstMinutes: 3').replace(
      'time_zone: Europe/London',
      'time_zone: Atlantis/Capital',
    );
    expect((await h.call('write', 'PUT', '/api/v1/plan', BASE, YAML)).status).toBe(403);
    const res = await h.call('admin', 'PUT', '/api/v1/plan', bad, YAML);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.fields).toEqual({
      'team.0.time_zone': 'line 7: must be an IANA time zone such as Europe/London',
      'severities.SEV1.settings.cadence.firstMinutes': 'line 30: must be at least 5 minutes',
    });
    expect(res.json.error.message).toContain(
      'plan.yaml:30: severities.SEV1.settings.cadence.firstMinutes must be at least 5 minutes',
    );
    const json = await h.call('admin', 'PUT', '/api/v1/plan', { team: [] });
    expect(json.status).toBe(400);
    expect(json.json.error.fields['(body)']).toMatch(/YAML/);

    const dry = await h.call('admin', 'PUT', '/api/v1/plan?dry_run=true', BASE, YAML);
    expect(dry.json).toMatchObject({ dry_run: true, version: null });
    expect((await h.call('read', 'GET', '/api/v1/plan/versions')).json.versions).toEqual([]);

    const ok = await h.call('admin', 'PUT', '/api/v1/plan', BASE, { 'content-type': 'text/yaml' });
    expect(ok.status).toBe(200);
    expect(ok.json.version).toBe(1);
    expect(ok.json.changes).toEqual(expect.arrayContaining(['+2 people', '-SEV2', '-SEV3']));
  });

  it('lists versions and serves each one whole', async () => {
    const set = await h.call('admin', 'PUT', '/api/v1/plan/settings/debrief_owner', {
      value: 'bob@acme.test',
    });
    expect(set.status).toBe(200);
    expect(set.json.key).toBe('debrief_owner');
    const nobody = await h.call('admin', 'PUT', '/api/v1/plan/settings/debrief_owner', {
      value: 'zed@acme.test',
    });
    expect(nobody.status).toBe(400);
    expect(nobody.json.error.fields.value).toMatch(/not on the team/);
    const unknown = await h.call('admin', 'PUT', '/api/v1/plan/settings/colour', { value: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields.key).toMatch(/must be one of/);

    const list = (await h.call('read', 'GET', '/api/v1/plan/versions')).json.versions;
    expect(list.map((v: { version: number; summary: string }) => [v.version, v.summary])).toEqual([
      [2, 'debrief_owner set'],
      [1, expect.stringContaining('+2 people')],
    ]);
    expect(list[0].changed_by).toMatch(/^token:/);
    const v2 = await h.call('write', 'GET', '/api/v1/plan/versions/2');
    expect(parse(v2.json.document).settings).toEqual({
      briefing_owner: 'ana@acme.test',
      debrief_owner: 'bob@acme.test',
    });
    expect((await h.call('read', 'GET', '/api/v1/plan/versions/9')).status).toBe(404);
    expect((await h.call('read', 'GET', '/api/v1/plan/versions/x')).status).toBe(400);
  });

  it('scores readiness, and a gap goes away once fixed', async () => {
    const r1 = (await h.call('read', 'GET', '/api/v1/plan/readiness')).json;
    expect(r1.areas.map((a: { key: string }) => a.key)).toEqual([
      'team',
      'channels',
      'templates',
      'approvals',
      'backup',
      'customer_prep',
      'cadence',
      'debrief',
    ]);
    const messages = (r: { gaps: { message: string }[] }) => r.gaps.map((g) => g.message);
    expect(messages(r1)).toContain(
      'Only Bob is on the comms lead rotation, so nobody covers when they are away.',
    );
    expect(messages(r1)).toContain(
      'There is no static-export target: if Flare itself is down, there is no copy of the status page to send people to.',
    );
    expect(messages(r1).some((m) => m.startsWith('Nobody owns the debrief'))).toBe(false);
    await h.call('admin', 'PUT', '/api/v1/plan/settings/static_export_target', {
      value: '/srv/status-mirror',
    });
    const r2 = (await h.call('read', 'GET', '/api/v1/plan/readiness')).json;
    expect(messages(r2).some((m) => m.includes('static-export target'))).toBe(false);
    expect(r2.score).toBeGreaterThan(r1.score);
    const backup = r2.areas.find((a: { key: string }) => a.key === 'backup');
    expect(backup.score).toBe(50); // the fallback provider is still missing
  });
});
