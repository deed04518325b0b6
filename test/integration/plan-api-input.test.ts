/** Bad input on every comms-plan route answers 400 (or 404 / 409) naming the field to fix. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPerson } from '../../src/actions/createPerson.js';
import type { TokenScope } from '../../src/domain/types.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine } from '../helpers/app.js';

describeEachEngine('comms-plan routes refuse bad input by name', (engine) => {
  let h: ApiHarness;
  let incident = '';
  let approval = '';
  let person = '';

  beforeAll(async () => {
    h = await makeApiHarness(engine);
    person = (await createPerson(h.app.ctx(), { name: 'Ada', email: 'ada@acme.test' })).id;
    const d = await h.call('write', 'POST', '/api/v1/incidents/declare', {
      severity: 'SEV2',
      name: 'Held',
      body: 'Free text waits for approval.',
    });
    incident = d.json.incident.id;
    approval = d.json.approval_id;
  });
  afterAll(() => h.close());

  /** Sends the request and expects a 400 whose fields are exactly `fields`. */
  async function refuses(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    body: unknown,
    fields: string[],
    who: TokenScope = 'admin',
  ) {
    const r = await h.call(who, method, url, body);
    expect(r.status, `${method} ${url} ${JSON.stringify(body)} → ${r.body}`).toBe(400);
    expect(r.json.error.code).toBe('validation_failed');
    expect(Object.keys(r.json.error.fields).sort(), `${method} ${url}`).toEqual([...fields].sort());
    for (const f of fields) expect(r.json.error.fields[f]).toBeTruthy();
  }

  it('declare', async () => {
    const url = '/api/v1/incidents/declare';
    await refuses('POST', url, {}, ['severity']);
    await refuses('POST', url, { severity: 'SEV9', vars: { issue: 'x' } }, ['severity']);
    await refuses('POST', url, { severity: 'SEV1', vars: { Issue: 'x' } }, ['vars.Issue']);
    await refuses('POST', url, { severity: 'SEV1', template: 'nope', vars: { issue: 'x' } }, [
      'template',
    ]);
    await refuses(
      'POST',
      url,
      { severity: 'SEV1', next_update_in_minutes: 0, vars: { issue: 'x' } },
      ['next_update_in_minutes'],
    );
    await refuses(
      'POST',
      url,
      { severity: 'SEV1', vars: { issue: 'x' }, components: { nope: 'major_outage' } },
      ['components.nope'],
    );
    await refuses('POST', url, { severity: 'SEV1', vars: { issue: 'x' }, colour: 'red' }, [
      'colour',
    ]);
  });

  it('updates from a template and publishing', async () => {
    const url = `/api/v1/incidents/${incident}/updates/from-template`;
    await refuses('POST', url, {}, ['template']);
    await refuses('POST', url, { template: 'nope' }, ['template']);
    await refuses('POST', url, { template: 'identified', status: 'sleeping' }, ['status']);
    await refuses('POST', url, { body: 'free text' }, ['status']);
    await refuses('POST', url, { template: 'identified', vars: { issue: '' } }, [
      'vars (unresolved_variables)',
    ]);
    await refuses('POST', url, { template: 'identified', vars: { issue: 'x', estimate: 'soon' } }, [
      'vars (unconfirmed_estimate)',
    ]);
    await refuses('POST', url, { template: 'maintenance_started' }, ['template']);
    await refuses('POST', `/api/v1/incidents/${incident}/publish`, { note: 5 }, ['note']);
    expect((await h.call('write', 'POST', '/api/v1/incidents/nope/publish', {})).status).toBe(404);
    expect(
      (await h.call('write', 'POST', '/api/v1/incidents/nope/updates/from-template', { body: 'x' }))
        .status,
    ).toBe(404);
  });

  it('templates', async () => {
    await refuses('GET', '/api/v1/templates?stage=later', undefined, ['stage']);
    await refuses('GET', '/api/v1/templates?locale=French', undefined, ['locale']);
    await refuses('POST', '/api/v1/templates', {}, ['key', 'stage', 'name', 'renderings']);
    await refuses(
      'POST',
      '/api/v1/templates',
      { key: 'Bad Key', stage: 'investigating', name: 'x', renderings: { page: 'x', sms: 'x' } },
      ['key', 'renderings.social'],
    );
    await refuses('PATCH', '/api/v1/templates/investigating', { stage: 'later' }, ['stage']);
    await refuses('PATCH', '/api/v1/templates/investigating', { renderings: { fax: 'x' } }, [
      'renderings.fax',
    ]);
    await refuses('PATCH', '/api/v1/templates/investigating', { renderings: { page: null } }, [
      'renderings.page',
    ]);
    const preview = '/api/v1/templates/investigating/preview';
    await refuses('POST', preview, { channel: 'fax' }, ['channel'], 'read');
    await refuses('POST', preview, { time_zone: 'Mars/Olympus' }, ['time_zone'], 'read');
    await refuses('POST', preview, { sample_recipient: { time_zone: 'Nowhere' } }, [
      'sample_recipient.time_zone',
    ]);
    await refuses('POST', preview, { incident_id: 'nope' }, ['incident_id']);
    await refuses('POST', preview, { vars: { 'not-snake': 'x' } }, ['vars.not-snake']);
    expect((await h.call('read', 'POST', '/api/v1/templates/nope/preview', {})).status).toBe(404);
    expect((await h.call('admin', 'PATCH', '/api/v1/templates/nope', {})).status).toBe(404);
  });

  it('approvals', async () => {
    await refuses('GET', '/api/v1/approvals?state=maybe', undefined, ['state']);
    const url = `/api/v1/approvals/${approval}/decision`;
    await refuses('POST', url, {}, ['decision']);
    await refuses('POST', url, { decision: 'maybe' }, ['decision']);
    await refuses('POST', url, { decision: 'edit' }, ['body']);
    const none = await h.call('write', 'POST', '/api/v1/approvals/nope/decision', {
      decision: 'approve',
    });
    expect(none.status).toBe(404);
  });

  it('the incident room', async () => {
    const tl = `/api/v1/incidents/${incident}/timeline`;
    await refuses('POST', tl, {}, ['body']);
    await refuses('POST', tl, { kind: 'gossip', body: 'x' }, ['kind']);
    await refuses('POST', tl, { body: '   ' }, ['body']);
    expect(
      (await h.call('write', 'POST', '/api/v1/incidents/nope/timeline', { body: 'x' })).status,
    ).toBe(404);
    expect((await h.call('read', 'GET', '/api/v1/incidents/nope/timeline')).status).toBe(404);
    expect((await h.call('read', 'GET', '/api/v1/incidents/nope/roles')).status).toBe(404);

    const role = `/api/v1/incidents/${incident}/roles/comms_lead`;
    await refuses('PUT', role, {}, ['person_id']);
    await refuses('PUT', role, { person_id: 'nobody' }, ['person_id']);
    await refuses('PUT', `/api/v1/incidents/${incident}/roles/juggler`, { person_id: person }, [
      'role',
    ]);
    await refuses('POST', `${role}/ack`, { person_id: 5 }, ['person_id']);
    const assigned = await h.call('write', 'PUT', role, { person_id: person });
    expect(assigned.status, assigned.body).toBe(200);
    expect(
      (await h.call('write', 'POST', `/api/v1/incidents/${incident}/roles/juggler/ack`, {})).status,
    ).toBe(404);
  });
});
