/** A page name with CR/LF cannot add lines to the maintenance calendar (/maintenances.ics). */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scheduleMaintenance } from '../../src/actions/scheduleMaintenance.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';

/** Content lines as a calendar reader sees them (RFC 5545 §3.1): any line break ends one. */
function contentLines(ics: string): string[] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split(/\r\n|\r|\n/)
    .filter((l) => l !== '');
}

/** A TEXT value as a reader decodes it. */
const decode = (v: string) =>
  v.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

describeEachEngine('iCalendar and a page name with line breaks', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  const clock = new TestClock();
  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    server = await buildServer(app);
    await updatePage(app.ctx(), {
      name: 'Acme\r\nX-EVIL:1\nBEGIN:VEVENT\rX-EVIL:2, Inc; Ltd\\',
      url: 'https://status.acme.test/',
    });
    await scheduleMaintenance(app.ctx(), {
      name: 'Database upgrade',
      body: 'Writes may pause.',
      scheduled_for: '2026-11-28T02:00:00Z',
      scheduled_until: '2026-11-28T04:00:00Z',
    });
  });
  afterAll(async () => {
    await server.close();
    await app.cleanup();
  });

  it('keeps the name inside its own properties, escaped', async () => {
    const res = await server.inject({ method: 'GET', url: '/maintenances.ics' });
    expect(res.statusCode).toBe(200);
    const lines = contentLines(res.body);
    // every line is a property of the calendar or its one event, none injected
    expect(lines.filter((l) => l.startsWith('X-EVIL'))).toEqual([]);
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    for (const l of lines) expect(l).toMatch(/^[A-Z][A-Z0-9-]*[;:]/);
    const prop = (name: string) =>
      lines.find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1);
    expect(decode(prop('X-WR-CALNAME') ?? '')).toBe(
      'Acme X-EVIL:1 BEGIN:VEVENT X-EVIL:2, Inc; Ltd\\ maintenance',
    );
    expect(decode(prop('X-WR-CALDESC') ?? '')).toContain('Acme X-EVIL:1 BEGIN:VEVENT');
  });
});
