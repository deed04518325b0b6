/** The admin API's tokens and scopes, and 404s on every :id route. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { routesOf } from '../../src/http/api.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine } from '../helpers/app.js';

const UNKNOWN = '01890000-0000-7000-8000-000000000000';

/** A body each write route accepts, so that only the id decides the answer. */
const VALID_BODY: Record<string, unknown> = {
  createComponent: { name: 'Scoped' },
  updateComponent: { name: 'Renamed' },
  createIncident: { name: 'Scoped incident', body: 'x' },
  patchIncident: { name: 'Renamed' },
  postIncidentUpdate: { status: 'identified', body: 'x' },
  scheduleMaintenance: {
    name: 'Window',
    body: 'x',
    scheduled_for: '2030-01-01T00:00:00Z',
    scheduled_until: '2030-01-01T01:00:00Z',
  },
  postMaintenanceUpdate: { status: 'in_progress', body: 'x' },
  updatePage: { name: 'Renamed page' },
  createToken: { name: 'made-by-test', scope: 'read' },
  updateAccount: { name: 'Renamed' },
  createAccountContact: { email: 'someone@example.com' },
  completeOutreach: { outcome: 'reached' },
  editBriefing: { say: ['Read the statement as written.'] },
  receiveEnquiry: { channel: 'email', from: 'a@example.com', text: 'Is the API down?' },
  updateEnquiry: { status: 'closed' },
  replyEnquiry: { body: 'It is back.' },
  createDebriefAction: { text: 'x', owner_id: 'someone', due_at: '2030-01-01T00:00:00Z' },
};

describeEachEngine('admin API tokens and scopes', (engine) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await makeApiHarness(engine);
  });
  afterAll(() => h.close());

  it('refuses a request without a valid token with 401 and WWW-Authenticate', async () => {
    for (const who of [null, { secret: 'flare_not-a-real-token' }]) {
      const res = await h.call(who, 'GET', '/api/v1/incidents');
      expect(res.status).toBe(401);
      expect(res.json.error).toMatchObject({ code: 'unauthorized', fields: {} });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
    }
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'token abc', '']) {
      const res = await h.server.inject({
        method: 'GET',
        url: '/api/v1/components',
        headers: { authorization: header },
      });
      expect(res.statusCode, header).toBe(401);
    }
    // the token is checked before the body, so no input rules leak to strangers
    const res = await h.call(null, 'POST', '/api/v1/incidents', '{not json', {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(401);
  });

  it('lets a read token read everything but tokens, and write nothing (403)', async () => {
    for (const r of routesOf(h.server)) {
      // every path parameter gets a well-formed value that names nothing (numbers for :n)
      const url = r.url.replace(/:([a-z_]+)/g, (_m, p: string) => (p === 'n' ? '999999' : UNKNOWN));
      const res = await h.call('read', r.method, url, VALID_BODY[r.id]);
      if (r.access === 'read' || r.access === 'public') {
        expect([200, 404], `${r.method} ${r.url}`).toContain(res.status);
      } else {
        expect(res.status, `${r.method} ${r.url}`).toBe(403);
        expect(res.json.error.code).toBe('forbidden');
      }
    }
    // scope comes before input checks: even a bad body is a 403 for a read token
    const bad = await h.call('read', 'POST', '/api/v1/incidents', { nonsense: 1 });
    expect(bad.status).toBe(403);
  });

  it('lets a write token change incidents but not tokens or page settings', async () => {
    expect(
      (await h.call('write', 'POST', '/api/v1/incidents', VALID_BODY.createIncident)).status,
    ).toBe(201);
    expect((await h.call('write', 'GET', '/api/v1/tokens')).status).toBe(403);
    expect((await h.call('write', 'POST', '/api/v1/tokens', VALID_BODY.createToken)).status).toBe(
      403,
    );
    expect((await h.call('write', 'PATCH', '/api/v1/page', { name: 'x' })).status).toBe(403);
    expect((await h.call('write', 'GET', '/api/v1/page')).status).toBe(200);
  });

  it('lets an admin create, list and revoke tokens; a secret is shown once and never listed', async () => {
    const made = await h.call('admin', 'POST', '/api/v1/tokens', {
      name: 'deploy-bot',
      scope: 'write',
    });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ name: 'deploy-bot', scope: 'write', revoked_at: null });
    const secret: string = made.json.secret;
    expect(secret).toMatch(/^flare_/);

    const fresh = await h.call({ secret }, 'POST', '/api/v1/components', { name: 'By deploy-bot' });
    expect(fresh.status).toBe(201);
    const audit = await h.call('admin', 'GET', `/api/v1/audit?entity_id=${fresh.json.id}`);
    expect(audit.json.entries[0].actor).toBe('token:deploy-bot');

    const list = await h.call('admin', 'GET', '/api/v1/tokens');
    expect(list.status).toBe(200);
    expect(list.json.tokens.map((t: { name: string }) => t.name)).toContain('deploy-bot');
    expect(list.body).not.toContain(secret);
    expect(list.body).not.toMatch(/hash|secret/);
    // nor does the audit log hold it
    const tokenAudit = await h.call('admin', 'GET', `/api/v1/audit?entity_id=${made.json.id}`);
    expect(tokenAudit.body).not.toContain(secret);

    const revoked = await h.call('admin', 'DELETE', `/api/v1/tokens/${made.json.id}`);
    expect(revoked.status).toBe(204);
    const after = await h.call({ secret }, 'GET', '/api/v1/components');
    expect(after.status).toBe(401);
    expect(after.json.error.message).toMatch(/revoked/);
    expect(after.headers['www-authenticate']).toContain('invalid_token');
  });

  it('answers 404 for an unknown id on every :id route', async () => {
    const idRoutes = routesOf(h.server).filter((r) => r.url.includes(':id'));
    expect(idRoutes.length).toBeGreaterThanOrEqual(9);
    for (const r of idRoutes) {
      for (const id of [UNKNOWN, 'nope', encodeURIComponent('ünïcödé ✓')]) {
        const res = await h.call(
          'admin',
          r.method,
          r.url.replace(':id', id).replace(':n', '1'),
          VALID_BODY[r.id],
        );
        expect(res.status, `${r.method} ${r.url} ${id}`).toBe(404);
        expect(res.json.error.code).toBe('not_found');
      }
    }
  });

  it('serves the OpenAPI document without a token', async () => {
    const res = await h.call(null, 'GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toMatch(/^3\.1\./);
  });
});
