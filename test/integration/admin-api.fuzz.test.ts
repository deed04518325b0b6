/**
 * Bad input on every admin write route: generated bodies never cause a 500, and input that is
 * not an object, or has the right keys with the wrong types, answers 400 naming the fields.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { type ApiRoute, routesOf } from '../../src/http/api.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine } from '../helpers/app.js';

const RUNS = 60;

/** Strings that have broken parsers and databases before. */
const oddString = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\udfff\ud800',
    '\u202e\u2066',
    '🏳️‍🌈'.repeat(50),
    "'; drop table incidents; --",
    '<script>alert(1)</script>',
    ' ',
    '',
    'x'.repeat(30_000),
  ),
);

/** Any value, including the odd strings, as a JSON-able value. */
const anyValue = fc.oneof(fc.jsonValue(), oddString, fc.array(oddString, { maxLength: 3 }));

function keysOf(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Objects with the route's own keys, each holding a value of a (most likely) wrong type. */
function wrongTypes(r: ApiRoute) {
  const keys = keysOf(r.body);
  return fc.record(Object.fromEntries(keys.map((k) => [k, anyValue])), { requiredKeys: [] });
}

const notAnObject = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  oddString,
  fc.array(fc.jsonValue(), { maxLength: 4 }),
);

/** Strings that can travel in a URL (encodeURIComponent refuses lone surrogates). */
const urlString = fc.string({ unit: 'binary', minLength: 1 }).filter((s) => {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
});

describeEachEngine('admin API fuzzed bodies', (engine) => {
  let h: ApiHarness;
  let ids: Record<string, string>;
  // JSON-object bodies; a streamed bulk import (a CSV, or a JSON array) has its own test below
  const writes = () =>
    routesOf(h.server).filter((r) => (r.method === 'POST' || r.method === 'PATCH') && !r.stream);

  beforeAll(async () => {
    h = await makeApiHarness(engine);
    const comp = await h.call('write', 'POST', '/api/v1/components', { name: 'API' });
    const inc = await h.call('write', 'POST', '/api/v1/incidents', {
      name: 'Fuzzed',
      body: 'x',
      components: { [comp.json.id]: 'partial_outage' },
    });
    const m = await h.call('write', 'POST', '/api/v1/maintenances', {
      name: 'Fuzzed window',
      body: 'x',
      scheduled_for: '2030-01-01T00:00:00Z',
      scheduled_until: '2030-01-01T01:00:00Z',
      components: [comp.json.id],
    });
    const enq = await h.call('write', 'POST', '/api/v1/enquiries', {
      channel: 'email',
      from: 'fuzz@example.com',
      text: 'Is the API down?',
    });
    ids = {
      component: comp.json.id,
      incident: inc.json.id,
      maintenance: m.json.id,
      enquiry: enq.json.id,
    };
  });
  afterAll(() => h.close());

  const urlOf = (r: ApiRoute) => r.url.replace(':id', ids[r.tag] ?? 'none');

  /** Sends `payload` (raw text with a JSON content type) and checks the answer's status and shape. */
  async function send(r: ApiRoute, raw: string | undefined, allowed: number[]) {
    const res = await h.call(
      'admin',
      r.method,
      urlOf(r),
      raw,
      raw === undefined ? {} : { 'content-type': 'application/json' },
    );
    const where = `${r.method} ${r.url} with ${raw?.slice(0, 200)}`;
    // a route of another module may have no fixture here: its id is then unknown, and 404 is right
    if (r.url.includes(':id') && !ids[r.tag]) allowed = [...allowed, 404];
    expect(res.status, where).toBeLessThan(500);
    expect(allowed, `${where} → ${res.status} ${res.body.slice(0, 300)}`).toContain(res.status);
    if (res.status >= 400) {
      expect(typeof res.json?.error?.code, where).toBe('string');
      expect(typeof res.json?.error?.message, where).toBe('string');
      expect(res.json.error.fields, where).toBeTypeOf('object');
    }
    return res;
  }

  it('covers every POST and PATCH route, and knows the keys of each body', () => {
    for (const r of writes()) expect(keysOf(r.body).length, r.url).toBeGreaterThan(0);
    expect(writes().map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/components',
        'PATCH /api/v1/components/:id',
        'POST /api/v1/incidents',
        'PATCH /api/v1/incidents/:id',
        'POST /api/v1/incidents/:id/updates',
        'POST /api/v1/maintenances',
        'POST /api/v1/maintenances/:id/updates',
        'PATCH /api/v1/page',
        'POST /api/v1/tokens',
      ]),
    );
  });

  it('answers 400 naming the body for anything that is not a JSON object', async () => {
    for (const r of writes()) {
      await fc.assert(
        fc.asyncProperty(notAnObject, async (v) => {
          const res = await send(r, JSON.stringify(v), [400]);
          expect(res.json.error.fields).toHaveProperty('(body)');
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('never fails on arbitrary JSON or arbitrary values', async () => {
    for (const r of writes()) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.anything()), async (v) => {
          const raw = JSON.stringify(v);
          // an empty object is a valid edit; anything else generated here is not valid input
          await send(r, raw, [200, 201, 400, 404, 409]);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('answers 400 with field errors for the right keys with wrong types', async () => {
    for (const r of writes()) {
      await fc.assert(
        fc.asyncProperty(wrongTypes(r), async (v) => {
          const res = await send(r, JSON.stringify(v), [200, 201, 400, 404, 409]);
          if (res.status === 400)
            expect(Object.keys(res.json.error.fields).length).toBeGreaterThan(0);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('answers 400 for bodies that are not JSON at all', async () => {
    for (const r of writes()) {
      await fc.assert(
        fc.asyncProperty(oddString, async (s) => {
          const raw = `{${s}`;
          await send(r, raw, [400]);
        }),
        { numRuns: 20 },
      );
    }
  });

  it('answers a streamed import of nasty bodies with 400 naming the body, never a 500', async () => {
    const imports = routesOf(h.server).filter((r) => r.stream);
    expect(imports.map((r) => r.url)).toContain('/api/v1/accounts/import');
    const bodies: [string, string][] = [
      ['application/json', ''],
      ['application/json', '{"not":"an array"}'],
      ['application/json', `${'['.repeat(50_000)}${']'.repeat(50_000)}`],
      ['application/json', '[{"external_id": "x", "name": "a\\u0000b"'],
      ['application/json', '"text"'],
      ['text/csv', 'external_id,name\n"unterminated,quote\n'],
      ['text/csv', 'not,a,header\n1,2,3\n'],
    ];
    for (const r of imports)
      for (const [type, body] of bodies) {
        const res = await h.server.inject({
          method: 'POST',
          url: r.url,
          headers: { authorization: `Bearer ${h.secrets.write}`, 'content-type': type },
          payload: body,
        });
        const where = `${r.url} ${type} ${body.slice(0, 40)}`;
        expect(res.statusCode, where).toBeLessThan(500);
        if (res.statusCode === 400) expect(res.json().error.fields, where).toBeTypeOf('object');
      }
  });

  it('survives hand-picked nasty bodies on every route', async () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const deepObject = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const manyComponents = JSON.stringify({
      name: 'x',
      status: 'identified',
      body: 'x',
      components: Object.fromEntries(
        Array.from({ length: 40_000 }, (_, i) => [`c${i}`, 'operational']),
      ),
    });
    const bodies: [string | undefined, number[]][] = [
      [undefined, [200, 400]],
      ['', [400]],
      ['null', [400]],
      ['[]', [400]],
      ['"text"', [400]],
      ['1e400', [400]],
      [deep, [400]],
      [deepObject, [400]],
      ['{"__proto__": {"admin": true}}', [400]],
      ['{"constructor": {"prototype": {"admin": true}}}', [400]],
      ['{"name": "a\\u0000b", "body": "x"}', [400]],
      ['{"a\\u0000": 1}', [400]],
      [JSON.stringify({ name: 'x'.repeat(2_000_000) }), [413]],
      [manyComponents, [400]],
      ['{"name": 1e400, "status": -0, "body": [], "components": {"": "operational"}}', [400]],
      [
        '{"scheduled_for": "2026-02-30T00:00:00Z", "next_update_at": "0000-00-00T00:00:00Z"}',
        [400],
      ],
    ];
    for (const r of writes()) {
      for (const [raw, allowed] of bodies) await send(r, raw, allowed);
      // a body in another media type
      const xml = await h.call('admin', r.method, urlOf(r), '<a/>', {
        'content-type': 'application/xml',
      });
      expect(xml.status).toBe(415);
      expect(xml.json.error.code).toBe('unsupported_media_type');
    }
  });

  it('validates query parameters and ids without failing', async () => {
    const urls = [
      '/api/v1/incidents?limit=0',
      '/api/v1/incidents?limit=501',
      '/api/v1/incidents?limit=abc&offset=-1',
      '/api/v1/incidents?status=open',
      '/api/v1/incidents?unknown=1',
      '/api/v1/incidents?limit=1&limit=2',
      '/api/v1/maintenances?offset=1.5',
      '/api/v1/audit?entity_id=%00',
      `/api/v1/audit?before=${'x'.repeat(500)}`,
    ];
    for (const url of urls) {
      const res = await h.call('admin', 'GET', url);
      expect(res.status, url).toBe(400);
      expect(Object.keys(res.json.error.fields).length, url).toBeGreaterThan(0);
    }
    await fc.assert(
      fc.asyncProperty(urlString, async (s) => {
        const res = await h.call('read', 'GET', `/api/v1/incidents/${encodeURIComponent(s)}`);
        expect([400, 404]).toContain(res.status);
        const q = await h.call('admin', 'GET', `/api/v1/audit?action=${encodeURIComponent(s)}`);
        expect([200, 400]).toContain(q.status);
      }),
      { numRuns: RUNS },
    );
    const badEscape = await h.call('read', 'GET', '/api/v1/incidents/%E0%A4%A');
    expect(badEscape.status).toBe(400);
    expect(badEscape.json.error.code).toBe('bad_request');
  });
});
