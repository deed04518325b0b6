/**
 * The console's briefing screen over HTTP on real SQLite and PostgreSQL: it needs a session and
 * the CSRF token, shows the pack escaped, refuses a bad edit with plain messages and keeps what
 * was typed, saves a good one as a new version (only the lists that changed count as edited),
 * compares versions and prints.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createToken } from '../../src/actions/createToken.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { latestBriefing } from '../../src/store/queries/briefings.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { signInConsole } from '../helpers/console.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachEngine('console briefing screen', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let cookie: string;
  let csrf: string;
  let id: string;

  beforeAll(async () => {
    app = await makeTestApp(engine);
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    const api = await createComponent(ctx, { name: 'API <v2>' });
    id = (
      await createIncident(ctx, {
        name: 'Errors <script>',
        body: 'Requests fail. <b>Not bold</b>',
        components: { [api.id]: 'major_outage' },
      })
    ).id;
    const secret = (await createToken(ctx, { name: 'ana', scope: 'write' })).secret;
    server = await buildServer(app);
    ({ cookie, csrf } = await signInConsole(server, secret, `/console/incidents/${id}/briefing`));
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  const url = () => `/console/incidents/${id}/briefing`;
  const post = (fields: Record<string, string | string[]>, token = csrf) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries({ _csrf: token, ...fields }))
      for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return server.inject({
      method: 'POST',
      url: url(),
      headers: { ...FORM, cookie },
      payload: body.toString(),
    });
  };

  it('needs a session, and shows the pack escaped with its edit form', async () => {
    expect((await server.inject({ url: url() })).statusCode).toBe(303);
    const r = await server.inject({ url: url(), headers: { cookie } });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Briefing: Errors &lt;script&gt;');
    expect(r.body).toContain('Requests fail. &lt;b&gt;Not bold&lt;/b&gt;');
    expect(r.body).toContain('API &lt;v2&gt;');
    expect(r.body).not.toContain('<b>Not bold</b>');
    expect(r.body).toContain('maxlength="15030"');
    expect(r.body).toContain('Save as version 2');
  });

  it('refuses a form without the CSRF token', async () => {
    const r = await post({ say: 'x' }, 'wrong');
    expect(r.statusCode).toBe(403);
    expect((await latestBriefing(app.store.db, id))!.version).toBe(1);
  });

  it('refuses a bad edit with plain messages, keeping what was typed', async () => {
    const pack = (await latestBriefing(app.store.db, id))!.pack;
    const r = await post({
      say: pack.say.join('\n'),
      avoid: pack.avoid.join('\n'),
      faq_q: [...pack.faq.map((f) => f.q), 'Orphan <question>?', ''],
      faq_a: [...pack.faq.map((f) => f.a), '', ''],
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('<a href="#f-faq">Approved answers</a>');
    expect(r.body).toMatch(/Approved answers must be an answer/);
    expect(r.body).toContain('value="Orphan &lt;question&gt;?"');
    expect((await latestBriefing(app.store.db, id))!.version).toBe(1);
  });

  it('saves a changed list as a new version, edited alone, and says when nothing changed', async () => {
    const pack = (await latestBriefing(app.store.db, id))!.pack;
    const same = {
      say: pack.say.join('\r\n'),
      avoid: pack.avoid.join('\n'),
      faq_q: [...pack.faq.map((f) => f.q), ''],
      faq_a: [...pack.faq.map((f) => f.a), ''],
    };
    const none = await post(same);
    expect(none.statusCode).toBe(303);
    expect(none.headers.location).toContain('done=unchanged');
    const r = await post({ ...same, avoid: 'No blame.\n\n  No dates.  ' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`${url()}?done=briefing`);
    const b = (await latestBriefing(app.store.db, id))!;
    expect(b.version).toBe(2);
    expect(b.pack.avoid).toEqual(['No blame.', 'No dates.']);
    expect(b.pack.edited).toEqual(['avoid']);
    expect(b.actor).toBe('token:ana');
    const page = await server.inject({ url: r.headers.location as string, headers: { cookie } });
    expect(page.body).toContain('Briefing saved as a new version');
    expect(page.body).toContain('Changes from version 1');
    const old = await server.inject({ url: `${url()}?v=1`, headers: { cookie } });
    expect(old.body).toContain('Back to the current version');
    expect(old.body).not.toContain('Save as version');
    expect((await server.inject({ url: `${url()}?v=7`, headers: { cookie } })).statusCode).toBe(
      404,
    );
    const print = await server.inject({ url: `${url()}/print`, headers: { cookie } });
    expect(print.statusCode).toBe(200);
    expect(print.body).toContain('Briefing v2: Errors &lt;script&gt;');
    expect(print.body).toContain('No dates.');
  });
});
