/** The OpenAPI 3.1 document lists every admin route, with the schemas that validate its input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesOf } from '../../src/http/api.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';

type Json = Record<string, any>;

/** Every $ref in the document, with where it was found. */
function refs(node: unknown, path = '#', out: [string, string][] = []): [string, string][] {
  if (Array.isArray(node)) {
    for (const [i, v] of node.entries()) refs(v, `${path}/${i}`, out);
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push([path, v]);
      else refs(v, `${path}/${k}`, out);
    }
  }
  return out;
}

describe('admin API OpenAPI document', () => {
  let h: ApiHarness;
  let doc: Json;
  beforeAll(async () => {
    h = await makeApiHarness('sqlite');
    const res = await h.call(null, 'GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    doc = res.json;
  });
  afterAll(() => h.close());

  const schema = (ref: { $ref: string }): Json =>
    doc.components.schemas[ref.$ref.replace('#/components/schemas/', '')];

  it('is OpenAPI 3.1 with a bearer security scheme', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.components.securitySchemes.bearer).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    expect(doc.security).toEqual([{ bearer: [] }]);
  });

  it('lists every registered route, and only those', () => {
    const registered = routesOf(h.server).map(
      (r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`,
    );
    const documented = Object.entries(doc.paths as Json).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(registered.sort());
    for (const op of documented) {
      const [method, path] = op.split(' ');
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      expect(h.server.hasRoute({ method, url }), op).toBe(true);
    }
    // the routes the issue asks for
    expect(documented).toEqual(
      expect.arrayContaining([
        'GET /api/v1/components',
        'POST /api/v1/components',
        'PATCH /api/v1/components/{id}',
        'DELETE /api/v1/components/{id}',
        'GET /api/v1/incidents',
        'POST /api/v1/incidents',
        'GET /api/v1/incidents/{id}',
        'PATCH /api/v1/incidents/{id}',
        'POST /api/v1/incidents/{id}/updates',
        'GET /api/v1/maintenances',
        'POST /api/v1/maintenances',
        'POST /api/v1/maintenances/{id}/updates',
        'GET /api/v1/audit',
        'GET /api/v1/openapi.json',
      ]),
    );
  });

  it('documents the incident body with the fields the action validates', () => {
    const op = doc.paths['/api/v1/incidents'].post;
    expect(op.requestBody.required).toBe(true);
    const body = schema(op.requestBody.content['application/json'].schema);
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining([
        'name',
        'status',
        'impact',
        'body',
        'components',
        'next_update_in_minutes',
        'deliver_notifications',
      ]),
    );
    expect(body.required).toEqual(expect.arrayContaining(['name', 'body']));
    expect(body.required).not.toContain('status'); // it has a default
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.impact.enum).toEqual(['none', 'minor', 'major', 'critical']);
    expect(body.properties.components.additionalProperties.enum).toContain('major_outage');
    expect(op.responses['201'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/Incident',
    );
    const incident = doc.components.schemas.Incident;
    expect(Object.keys(incident.properties)).toEqual(
      expect.arrayContaining(['next_update_at', 'incident_updates', 'shortlink', 'kind']),
    );
    const upd = schema(
      doc.paths['/api/v1/incidents/{id}/updates'].post.requestBody.content['application/json']
        .schema,
    );
    expect(upd.required).toEqual(expect.arrayContaining(['status', 'body']));
    const m = schema(
      doc.paths['/api/v1/maintenances'].post.requestBody.content['application/json'].schema,
    );
    expect(m.required).toEqual(
      expect.arrayContaining(['name', 'body', 'scheduled_for', 'scheduled_until']),
    );
    expect(m.properties.scheduled_for.format).toBe('date-time');
  });

  it('documents parameters, scopes and the error shape on every operation', () => {
    for (const [path, ops] of Object.entries(doc.paths as Json)) {
      for (const [method, op] of Object.entries(ops as Json)) {
        const where = `${method} ${path}`;
        expect(op.operationId, where).toBeTruthy();
        expect(op.responses.default.content['application/json'].schema.$ref, where).toBe(
          '#/components/schemas/Error',
        );
        for (const name of path.match(/\{(\w+)\}/g) ?? []) {
          const p = op.parameters.find((x: Json) => `{${x.name}}` === name);
          expect(p, where).toMatchObject({ in: 'path', required: true });
        }
        if (op['x-flare-scope'] === 'public') expect(op.security).toEqual([]);
        else {
          expect(op.security, where).toEqual([{ bearer: [] }]);
          expect(op.responses['401'], where).toBeDefined();
          expect(op.responses['403'], where).toBeDefined();
        }
      }
    }
    const list = doc.paths['/api/v1/incidents'].get.parameters;
    expect(list.find((p: Json) => p.name === 'limit')).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 500 },
    });
    expect(doc.components.schemas.Error.properties.error.required).toEqual([
      'code',
      'message',
      'fields',
    ]);
  });

  it('has no $ref that points nowhere', () => {
    for (const [at, ref] of refs(doc)) {
      expect(ref, at).toMatch(/^#\/components\/schemas\//);
      expect(schema({ $ref: ref }), `${at} → ${ref}`).toBeDefined();
    }
  });
});
