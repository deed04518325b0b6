/**
 * The real `flare debrief` as a child process on SQLite and PostgreSQL: Markdown by default,
 * JSON, and the standalone HTML file written with --out (three SVG charts, no script, the
 * incident's hostile name escaped); a bad --format is named.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { openApp } from '../../src/app.js';
import { ENGINES } from '../helpers/app.js';
import { flare, flareJson, flareOk, pgSchema } from '../helpers/cli.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

for (const engine of ENGINES) {
  describe(`flare debrief [${engine}]`, { timeout: 600_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'flare-debrief-cli-'));
    const schema = pgSchema('debrief_cli');
    let url = `sqlite:${join(dir, 'flare.db')}`;
    let incident: string;

    beforeAll(async () => {
      if (engine === 'postgres') {
        await schema.create();
        url = schema.url;
      }
      const app = await openApp({ config: { databaseUrl: url, logLevel: 'silent' } });
      try {
        incident = (
          await createIncident(app.ctx(), {
            name: HOSTILE,
            body: 'We are investigating.',
            deliver_notifications: false,
          })
        ).id;
      } finally {
        await app.close();
      }
    });
    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      if (engine === 'postgres') await schema.drop();
    });

    it('prints Markdown and JSON, and writes the HTML file', async () => {
      const md = await flareOk(url, 'debrief', incident);
      expect(md).toContain('# Comms debrief: ');
      const json = await flareJson(url, 'debrief', incident);
      expect(json.incident_id).toBe(incident);
      expect(json.metrics.updates).toBe(1);
      const out = join(dir, 'debrief.html');
      const said = await flareOk(url, 'debrief', incident, '--html', '--out', out);
      expect(said).toMatch(/^Wrote the debrief \(html, \d+ bytes\) to /);
      const file = readFileSync(out, 'utf8');
      expect(file.startsWith('<!doctype html>')).toBe(true);
      expect(file.match(/<svg /g)?.length ?? 0).toBeGreaterThanOrEqual(1);
      expect(file).not.toMatch(/<script|<img/i);
      expect(file).toContain('Comms debrief: &lt;img src=x onerror=alert(1)&gt;');
    });

    it('names --format when it is not one it knows', async () => {
      const r = await flare(url, 'debrief', incident, '--format', 'pdf');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/--format must be one of md, json, html/);
    });
  });
}
