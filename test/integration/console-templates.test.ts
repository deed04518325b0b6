/**
 * The console's template editor over real HTTP (server.inject) on SQLite and PostgreSQL: the
 * list by stage and language, the editor, the preview (full page and the live fragment) with
 * the linter's findings, saving as a new version (audited), a bad input named on its field,
 * adding a language, the versions and the line diff between two of them. User text is escaped.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTemplate } from '../../src/actions/createTemplate.js';
import { createToken } from '../../src/actions/createToken.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { lineDiff } from '../../src/lib/lineDiff.js';
import { listAudit } from '../../src/store/queries/audit.js';
import { getTemplateById, listTemplates } from '../../src/store/queries/templates.js';
import { listTemplateVersions } from '../../src/store/queries/templateVersions.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { signInConsole } from '../helpers/console.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachEngine('console templates', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let cookie: string;
  let csrf: string;
  let ownId: string;
  const clock = new TestClock();

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', support_email: 'help@acme.test' });
    ownId = (
      await createTemplate(ctx, {
        key: 'payments_down',
        stage: 'investigating',
        name: 'Payments <b>down</b>',
        renderings: {
          page: 'We are investigating {{ issue }}.\nNext update at {{ next_update_at | local_time }}.\nContact {{ contact }}.',
          sms: '{{ page_name }}: {{ issue }}. We are on it. Next update at {{ next_update_at | local_time }}. {{ contact }}',
          social:
            'We are investigating {{ issue }}. Next update {{ next_update_at | local_time }}: {{ status_url }}',
        },
      })
    ).id;
    const secret = (await createToken(ctx, { name: 'ana', scope: 'admin' })).secret;
    server = await buildServer(app);
    ({ cookie, csrf } = await signInConsole(server, secret, '/console/templates'));
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  const get = (url: string) => server.inject({ url, headers: { cookie } });
  const post = (url: string, fields: Record<string, string>) =>
    server.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie },
      payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    });
  const formOf = async (id: string) => {
    const body = (await get(`/console/templates/${id}`)).body;
    const v: Record<string, string> = { name: '', stage: '', pre_approved: '' };
    v.name = /name="name" type="text" value="([^"]*)"/.exec(body)![1];
    v.stage = /<option value="([a-z_]+)" selected>/.exec(body)![1];
    if (/name="pre_approved" value="true" checked/.test(body)) v.pre_approved = 'true';
    for (const ch of ['page', 'email_subject', 'email', 'sms', 'slack', 'teams', 'social'])
      v[ch] = new RegExp(`name="${ch}"[^>]*>([^<]*)</textarea>`)
        .exec(body)![1]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
    return v;
  };

  it('lists the templates by stage, with their languages, in the menu; signed out it redirects', async () => {
    const r = await get('/console/templates');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('href="/console/templates" aria-current="page">Templates</a>');
    expect(r.body).toContain('First notice: we are investigating');
    expect(r.body).toContain('Resolved');
    expect(r.body).toContain('Payments &lt;b&gt;down&lt;/b&gt;');
    expect(r.body).not.toContain('Payments <b>down</b>');
    const builtin = (await listTemplates(app.store.db)).find((t) => t.builtin)!;
    expect(r.body).toContain(`href="/console/templates/${builtin.id}"`);
    const out = await server.inject({ url: '/console/templates' });
    expect(out.statusCode).toBe(303);
  });

  it('opens the editor with each channel, its languages and no versions yet', async () => {
    const r = await get(`/console/templates/${ownId}`);
    expect(r.statusCode).toBe(200);
    for (const label of ['Status page', 'Email subject', 'SMS', 'Slack', 'Teams', 'Social post'])
      expect(r.body).toContain(label);
    expect(r.body).toContain('data-preview="preview"');
    expect(r.body).toContain('maxlength="20000"');
    expect(r.body).toContain('<h1 dir="auto">Payments &lt;b&gt;down&lt;/b&gt;</h1>');
    expect(r.body).toContain('Version 1');
    expect((await get('/console/templates/nope')).statusCode).toBe(404);
  });

  it('previews the typed wording per channel with the linter’s findings, as a page and as a fragment', async () => {
    const v = await formOf(ownId);
    const page = await post(`/console/templates/${ownId}`, {
      ...v,
      page: 'Something <script>alert(1)</script> is off with {{ issue }}.',
      intent: 'preview',
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Preview: what each channel will say');
    expect(page.body).toContain('failed logins for some customers');
    expect(page.body).not.toContain('<script>alert(1)</script>');
    // the page wording no longer says the next update time: the linter says so
    expect(page.body).toContain('no next update time');
    expect(page.body).toContain('does not say it is being worked on');
    expect(page.body).toContain('problems to fix before publishing');
    const frag = await post(`/console/templates/${ownId}`, {
      ...v,
      intent: 'preview',
      fragment: '1',
    });
    expect(frag.statusCode).toBe(200);
    expect(frag.body).not.toContain('<html');
    expect(frag.body).toContain('class="preview-inner"');
    expect(frag.body).toContain('help@acme.test');
    expect(frag.body).toContain('Ready to publish');
    const broken = await post(`/console/templates/${ownId}`, {
      ...v,
      sms: '{% if %}',
      intent: 'preview',
      fragment: '1',
    });
    expect(broken.body).toContain('The SMS wording is not valid Liquid');
    expect((await getTemplateById(app.store.db, ownId))!.sms).toBe(v.sms);
  });

  it('refuses a bad input, naming the field, and saves nothing', async () => {
    const v = await formOf(ownId);
    const empty = await post(`/console/templates/${ownId}`, { ...v, sms: '  ', intent: 'save' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Write the SMS wording: it cannot be empty.');
    expect(empty.body).toContain('aria-invalid="true"');
    expect(empty.body).toContain('Nothing was saved.');
    expect(empty.body).toContain('<a href="#f-sms">Write the SMS wording');
    const liquid = await post(`/console/templates/${ownId}`, {
      ...v,
      page: 'Hello {{ issue ',
      intent: 'save',
    });
    expect(liquid.statusCode).toBe(400);
    expect(liquid.body).toContain('The Status page wording is not valid Liquid');
    // what was typed stays on the form, escaped
    expect(liquid.body).toContain('>Hello {{ issue</textarea>');
    expect(await listTemplateVersions(app.store.db, ownId)).toHaveLength(1);
  });

  it('saves a new version each time, audited, and shows a diff between two', async () => {
    const v = await formOf(ownId);
    const first = await post(`/console/templates/${ownId}`, {
      ...v,
      name: 'Payments down',
      page: 'We are investigating {{ issue }}.\nWe are <em>on it</em>.\nNext update at {{ next_update_at | local_time }}.\nContact {{ contact }}.',
      email_subject: 'Payments: {{ issue }}',
      intent: 'save',
    });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/console/templates/${ownId}?done=saved`);
    expect((await get(first.headers.location as string)).body).toContain('Saved as a new version');
    const saved = (await getTemplateById(app.store.db, ownId))!;
    expect(saved.email_subject).toBe('Payments: {{ issue }}');
    expect(saved.page).toContain('<em>on it</em>');
    clock.advance(60_000);
    const again = await post(`/console/templates/${ownId}`, {
      ...(await formOf(ownId)),
      email_subject: '',
      intent: 'save',
    });
    expect(again.statusCode).toBe(303);
    expect((await getTemplateById(app.store.db, ownId))!.email_subject).toBeUndefined();
    const same = await post(`/console/templates/${ownId}`, {
      ...(await formOf(ownId)),
      intent: 'save',
    });
    expect(same.headers.location).toContain('done=unchanged');
    const versions = await listTemplateVersions(app.store.db, ownId);
    expect(versions.map((x) => x.version)).toEqual([3, 2, 1]);
    expect(versions[0].changed_by).toBe('token:ana');
    const audit = await listAudit(app.store.db, { entityId: ownId });
    expect(audit.filter((a) => a.action === 'template.update')).toHaveLength(2);

    const editor = await get(`/console/templates/${ownId}`);
    expect(editor.body).toContain('Version 3');
    expect(editor.body).toContain(`action="/console/templates/${ownId}/diff"`);
    const diff = await get(`/console/templates/${ownId}/diff?from=1&to=2`);
    expect(diff.statusCode).toBe(200);
    expect(diff.body).toContain('Changes from version 1 to 2');
    expect(diff.body).toContain(
      '<ins><span class="sr-only">Added: </span>We are &lt;em&gt;on it&lt;/em&gt;.</ins>',
    );
    expect(diff.body).toContain(
      '<del><span class="sr-only">Removed: </span>Payments &lt;b&gt;down&lt;/b&gt;</del>',
    );
    expect(diff.body).toContain('Email subject (had no wording of its own)');
    expect(diff.body).toContain('<span class="same">Contact {{ contact }}.</span>');
    expect((await get(`/console/templates/${ownId}/diff?from=1&to=9`)).statusCode).toBe(404);
    expect((await get(`/console/templates/${ownId}/diff?from=x&to=2`)).statusCode).toBe(400);
  });

  it('keeps a built-in template’s first wording as version 1 at its first save', async () => {
    const builtin = (await listTemplates(app.store.db, { key: 'resolved', locale: 'en' }))[0];
    const v = await formOf(builtin.id);
    const r = await post(`/console/templates/${builtin.id}`, {
      ...v,
      sms: `${v.sms} Thanks.`,
      intent: 'save',
    });
    expect(r.statusCode).toBe(303);
    const versions = await listTemplateVersions(app.store.db, builtin.id);
    expect(versions.map((x) => [x.version, x.changed_by])).toEqual([
      [2, 'token:ana'],
      [1, 'built-in'],
    ]);
    expect(versions[1].renderings.sms).toBe(v.sms);
    // the box was left ticked as it was: a new wording waits for the approver again
    expect(builtin.pre_approved).toBe(true);
    expect((await getTemplateById(app.store.db, builtin.id))!.pre_approved).toBe(false);
    const tick = await post(`/console/templates/${builtin.id}`, {
      ...(await formOf(builtin.id)),
      pre_approved: 'true',
      intent: 'save',
    });
    expect(tick.statusCode).toBe(303);
    expect((await getTemplateById(app.store.db, builtin.id))!.pre_approved).toBe(true);
    expect(await listTemplateVersions(app.store.db, builtin.id)).toHaveLength(3);
  });

  it('adds a language starting from the same wording, and refuses a bad one', async () => {
    const r = await post(`/console/templates/${ownId}/locales`, { locale: 'de' });
    expect(r.statusCode).toBe(303);
    const de = (await listTemplates(app.store.db, { key: 'payments_down', locale: 'de' }))[0];
    expect(de.page).toBe((await getTemplateById(app.store.db, ownId))!.page);
    expect(r.headers.location).toBe(`/console/templates/${de.id}?done=locale`);
    expect((await get(`/console/templates/${ownId}`)).body).toContain(
      `href="/console/templates/${de.id}" lang="de"`,
    );
    const bad = await post(`/console/templates/${ownId}/locales`, { locale: 'Deutsch<' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Locale must be a language code such as fr or de.');
    const twice = await post(`/console/templates/${ownId}/locales`, { locale: 'de' });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('already exists in that language');
  });

  it('tells a token that may not change the plan that saving needs an admin, and saves nothing', async () => {
    const secret = (await createToken(app.ctx(), { name: 'viewer', scope: 'write' })).secret;
    const signin = await server.inject({
      method: 'POST',
      url: '/console/signin',
      headers: FORM,
      payload: new URLSearchParams({ token: secret }).toString(),
    });
    const theirs = String(signin.headers['set-cookie']).split(';')[0];
    const page = await server.inject({
      url: `/console/templates/${ownId}`,
      headers: { cookie: theirs },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('saving needs a sign-in with an admin token');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const before = (await getTemplateById(app.store.db, ownId))!;
    const r = await server.inject({
      method: 'POST',
      url: `/console/templates/${ownId}`,
      headers: { ...FORM, cookie: theirs },
      payload: new URLSearchParams({
        _csrf: token,
        ...(await formOf(ownId)),
        sms: 'Changed {{ issue }}',
        intent: 'save',
      }).toString(),
    });
    expect(r.statusCode).toBe(403);
    expect((await getTemplateById(app.store.db, ownId))!.sms).toBe(before.sms);
  });

  it('keeps a wording changed outside the editor (a plan import) as its own version at the next save', async () => {
    await app.store.db
      .updateTable('templates')
      .set({ name: 'Payments down (imported)' })
      .where('id', '=', ownId)
      .execute();
    const v = await formOf(ownId);
    expect(v.name).toBe('Payments down (imported)');
    await post(`/console/templates/${ownId}`, { ...v, sms: `${v.sms} Sorry.`, intent: 'save' });
    const versions = await listTemplateVersions(app.store.db, ownId);
    expect(versions.slice(0, 3).map((x) => [x.version, x.changed_by, x.name])).toEqual([
      [5, 'token:ana', 'Payments down (imported)'],
      [4, 'changed outside the editor (plan import)', 'Payments down (imported)'],
      [3, 'token:ana', 'Payments down'],
    ]);
  });

  it('refuses a form without its CSRF field', async () => {
    const r = await server.inject({
      method: 'POST',
      url: `/console/templates/${ownId}`,
      headers: { ...FORM, cookie },
      payload: 'intent=save&name=x',
    });
    expect(r.statusCode).toBe(403);
  });
});

it('diffs lines: common head and tail kept, changes in order, bounded on large inputs', () => {
  expect(lineDiff('a\nb\nc', 'a\nx\nc')).toEqual([
    { op: 'same', text: 'a' },
    { op: 'del', text: 'b' },
    { op: 'ins', text: 'x' },
    { op: 'same', text: 'c' },
  ]);
  expect(lineDiff('', 'a')).toEqual([{ op: 'ins', text: 'a' }]);
  expect(
    lineDiff('a\nb\nc\nd', 'b\nd\ne')
      .filter((l) => l.op === 'same')
      .map((l) => l.text),
  ).toEqual(['b', 'd']);
  const big = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n');
  const started = Date.now();
  const out = lineDiff(big, big.replace('line 1\n', '').replace('line 4990', 'changed'));
  expect(Date.now() - started).toBeLessThan(3000);
  expect(out.filter((l) => l.op !== 'same').length).toBeGreaterThan(0);
});
