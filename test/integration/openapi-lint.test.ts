/**
 * The admin API's OpenAPI document passes third-party linters without an error or a warning:
 * `redocly lint` (its recommended rules, redocly.yaml) and Spectral's `spectral:oas` ruleset
 * (.spectral.yaml). The document is fetched from a real server and written to a temp file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

describe('OpenAPI document under third-party linters', () => {
  let h: ApiHarness;
  let dir: string;
  let file: string;
  let text: string;
  beforeAll(async () => {
    h = await makeApiHarness('sqlite');
    const res = await h.call(null, 'GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    dir = mkdtempSync(join(tmpdir(), 'flare-openapi-'));
    file = join(dir, 'openapi.json');
    text = JSON.stringify(res.json, null, 2);
    writeFileSync(file, text);
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('declares servers, a license, described tags and the YAML answer of GET /api/v1/plan', () => {
    const doc = JSON.parse(text);
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.info.license).toEqual({ name: 'MIT', identifier: 'MIT' });
    const used = new Set<string>();
    for (const item of Object.values(doc.paths) as Record<string, { tags: string[] }>[])
      for (const op of Object.values(item)) for (const t of op.tags) used.add(t);
    expect(doc.tags.map((t: { name: string }) => t.name)).toEqual([...used].sort());
    for (const t of doc.tags) expect(t.description, t.name).toBeTruthy();
    const content = doc.paths['/api/v1/plan'].get.responses['200'].content;
    expect(Object.keys(content)).toEqual(['application/yaml', 'application/json']);
  });

  it('passes `redocly lint` with no error and no warning', { timeout: 60_000 }, async () => {
    const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
    const out = await run(
      process.execPath,
      [cli, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'],
      {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        maxBuffer: 64 * 1024 * 1024,
      },
    ).catch((e: { stdout: string; stderr: string }) => e);
    const report = JSON.parse(out.stdout.slice(out.stdout.indexOf('{')));
    const problems = report.problems.map(
      (p: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }) =>
        `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`,
    );
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("passes Spectral's spectral:oas ruleset with no error and no warning", async () => {
    const config = parse(readFileSync(join(ROOT, '.spectral.yaml'), 'utf8'));
    expect(config.extends).toEqual(['spectral:oas']);
    const spectral = new spectralCore.Spectral();
    spectral.setRuleset({ extends: [[oas, 'recommended']], rules: config.rules ?? {} } as never);
    const doc = new spectralCore.Document(text, spectralParsers.Json, file);
    const results = await spectral.run(doc);
    // severity 0 is an error, 1 a warning; 2 and 3 are information and hints
    const found = results
      .filter((r) => r.severity <= 1)
      .map(
        (r) => `${r.severity ? 'warning' : 'error'} ${r.code} ${r.path.join('.')}: ${r.message}`,
      );
    expect(found).toEqual([]);
  });
});
