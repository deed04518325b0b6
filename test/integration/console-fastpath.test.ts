/**
 * The console's fast path over real HTTP on SQLite and PostgreSQL: what the declare form fills
 * in (the plan's default severity only when it names one, the components left down, the
 * contact), the preview drawn with the page, Resolve opening in place, people rather than token
 * names in the room, and plain validation messages linked from the summary.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { createToken } from '../../src/actions/createToken.js';
import { setPlanSetting } from '../../src/actions/setPlanSetting.js';
import { updateComponent } from '../../src/actions/updateComponent.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachEngine('console fast path', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let secret: string;
  let loginId: string;

  beforeAll(async () => {
    app = await makeTestApp(engine);
    const ctx = app.ctx();
    await updatePage(ctx, {
      name: 'Acme',
      support_email: 'help@acme.test',
      time_zone: 'America/New_York',
    });
    await createPerson(ctx, { name: 'Ana Silva', email: 'ana@acme.test' });
    await createComponent(ctx, { name: 'API' });
    loginId = (await createComponent(ctx, { name: 'Login' })).id;
    await updateComponent(ctx, loginId, { status: 'partial_outage' });
    secret = (await createToken(ctx, { name: 'ana', scope: 'write' })).secret;
    server = await buildServer(app);
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  async function signIn() {
    const r = await server.inject({
      method: 'POST',
      url: '/console/signin',
      headers: FORM,
      payload: new URLSearchParams({ token: secret }).toString(),
    });
    const cookie = String(r.headers['set-cookie']).split(';')[0];
    const dash = await server.inject({ url: '/console', headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(dash.body)![1];
    return { cookie, csrf };
  }
  const get = (url: string, cookie: string) => server.inject({ url, headers: { cookie } });
  const post = (url: string, cookie: string, fields: Record<string, string>) =>
    server.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie },
      payload: new URLSearchParams(fields).toString(),
    });
  const checkedSeverity = (body: string) =>
    /<input type="radio" name="severity" value="(\w+)"[^>]*checked/.exec(body)?.[1];

  it('fills in what the plan knows and chooses no severity unless the plan names one', async () => {
    const { cookie } = await signIn();
    const form = await get('/console/declare', cookie);
    expect(form.statusCode).toBe(200);
    expect(checkedSeverity(form.body)).toBeUndefined();
    expect(form.body).toContain('Choose how bad it is above, and the preview shows here');
    expect(form.body).toMatch(/name="contact" type="text" value="help@acme\.test"/);
    expect(form.body).toMatch(
      new RegExp(`name="c_${loginId}">[\\s\\S]*?<option value="partial_outage" selected>`),
    );
    expect(form.body).toMatch(/name="issue" type="text" value="" maxlength="200"/);
    expect(form.body).toMatch(/name="name" type="text" value="" maxlength="255"/);

    await setPlanSetting(app.ctx(), { key: 'default_severity', value: 'SEV2' });
    try {
      const chosen = await get('/console/declare', cookie);
      expect(checkedSeverity(chosen.body)).toBe('SEV2');
      // the preview is on the page already, every channel
      expect(chosen.body.match(/<section class="channel /g)?.length).toBe(6);
    } finally {
      await setPlanSetting(app.ctx(), { key: 'default_severity', value: null });
    }
  });

  it('says plainly what is wrong, naming the field, and links the summary to it', async () => {
    const { cookie, csrf } = await signIn();
    const r = await post('/console/declare', cookie, {
      _csrf: csrf,
      severity: 'SEV3',
      template: 'investigating',
      locale: 'en',
      issue: 'slow exports',
      name: 'x'.repeat(300),
      intent: 'publish',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Incident title is too long: at most 255 characters.');
    expect(r.body).not.toContain('Too big');
    expect(r.body).toMatch(/<a href="#f-name">Incident title is too long/);
    const none = await post('/console/declare', cookie, {
      _csrf: csrf,
      issue: 'slow exports',
      intent: 'publish',
    });
    expect(none.body).toMatch(/<a href="#f-severity">Choose how bad it is\.<\/a>/);
    expect(none.body).toMatch(/id="f-severity"/);
  });

  it('opens Resolve in place, with the previews drawn, and names people in the room', async () => {
    const { cookie, csrf } = await signIn();
    const declared = await post('/console/declare', cookie, {
      _csrf: csrf,
      severity: 'SEV3',
      template: 'investigating',
      locale: 'en',
      issue: 'slow exports',
      intent: 'publish',
    });
    expect(declared.statusCode).toBe(303);
    const page = String(declared.headers.location).split('?')[0];
    const screen = await get(page, cookie);
    expect(screen.body).toContain('href="?action=resolve#resolve"');
    expect(screen.body).toMatch(/<details class="card-pad resolve" id="resolve" >/);
    expect(screen.body).toMatch(/id="update-preview"[^>]*><div class="preview-inner">\s*<div/);
    // one format and one zone label on the card: the header, the timeline and the words
    const started =
      /Started <time datetime="[^"]+">(\d{1,2} \w{3}, \d{2}:\d{2}) (\w+)<\/time>/.exec(screen.body);
    expect(started?.[2]).toBe('EST');
    const timeline = /<ol class="timeline">[\s\S]*?<\/ol>/.exec(screen.body)![0];
    expect(timeline).toMatch(/<time datetime="[^"]+">\d{1,2} \w{3}, \d{2}:\d{2} EST<\/time>/);
    expect(timeline).toMatch(/\d{2}:\d{2} EST\./);
    expect(screen.body).not.toMatch(/GMT-5/);
    const room = /<ol class="room">[\s\S]*?<\/ol>/.exec(screen.body)![0];
    expect(room).toContain('Ana Silva declared');
    expect(room).not.toContain('token:');

    expect(screen.body).toMatch(/id="f-note" name="body" rows="2" maxlength="10000"/);
    const long = await post(`${page}/notes`, cookie, { _csrf: csrf, body: 'x'.repeat(10_001) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Note is too long: at most 10,000 characters.');

    const open = await get(`${page}?action=resolve`, cookie);
    expect(open.body).toMatch(/<details class="card-pad resolve" id="resolve" open>/);
    expect(open.body).toMatch(/id="f-r-data_loss" name="data_loss"[^>]*autofocus/);
    expect(open.body).toMatch(/id="resolve-preview"[^>]*><div class="preview-inner">\s*<div/);
  });
});
