/**
 * The comms lead's declare → update → resolve flow over HTTP, with another incident open at the
 * same time (what a new user's walkthrough on the demo data found): the declare form pre-marks
 * only components no open incident explains, the next update carries what the first one said,
 * every variable has a length limit, and the resolution names only the components that are
 * working normally again.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { createToken } from '../../src/actions/createToken.js';
import { declareIncident } from '../../src/actions/declareIncident.js';
import { postTemplateUpdate } from '../../src/actions/postTemplateUpdate.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updateComponent } from '../../src/actions/updateComponent.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { getIncident } from '../../src/store/queries/incidents.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { type ConsoleSession, FORM, signInConsole } from '../helpers/console.js';

describeEachEngine('console flow: declare, update, resolve', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let secret: string;
  let s: ConsoleSession;
  const ids: Record<string, string> = {};
  /** the incident already open: API partial outage, Webhooks degraded */
  let other: string;

  beforeAll(async () => {
    app = await makeTestApp(engine);
    const ctx = app.ctx();
    await updatePage(ctx, {
      name: 'Acme',
      url: 'https://status.acme.test',
      support_email: 'help@acme.test',
    });
    for (const name of ['API', 'Webhooks', 'Search', 'Billing'])
      ids[name] = (await createComponent(ctx, { name })).id;
    const ana = (await createPerson(ctx, { name: 'Ana Silva', email: 'ana@example.com' })).id;
    await setRotation(ctx, 'incident_lead', { person_ids: [ana] });
    await setRotation(ctx, 'comms_lead', { person_ids: [ana] });
    other = (
      await declareIncident(ctx, {
        severity: 'SEV2',
        vars: { issue: 'API errors', contact: 'help@acme.test' },
        components: { [ids.API]: 'partial_outage', [ids.Webhooks]: 'degraded_performance' },
      })
    ).incident.id;
    secret = (await createToken(ctx, { name: 'ana', scope: 'write' })).secret;
    server = await buildServer(app);
    s = await signInConsole(server, secret);
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  function post(url: string, fields: Record<string, string>) {
    return server.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie: s.cookie },
      payload: new URLSearchParams({ _csrf: s.csrf, ...fields }).toString(),
    });
  }
  const get = (url: string) => server.inject({ url, headers: { cookie: s.cookie } });

  async function declare(fields: Record<string, string>): Promise<string> {
    const r = await post('/console/declare', {
      severity: 'SEV3',
      template: 'investigating',
      locale: 'en',
      contact: 'help@acme.test',
      next_update_in_minutes: '30',
      intent: 'publish',
      ...fields,
    });
    expect(r.statusCode, r.body.slice(0, 500)).toBe(303);
    return String(r.headers.location).split('/')[3].split('?')[0];
  }

  /** The status option a component's select on the form has selected, or '' for none. */
  function selected(body: string, id: string): string {
    const select = new RegExp(`<select id="f-c_${id}"[^>]*>([\\s\\S]*?)</select>`).exec(body);
    expect(select).not.toBeNull();
    return /<option value="(\w+)" selected>/.exec(select![1])?.[1] ?? '';
  }

  it('pre-marks on the declare form only what no open incident explains, and says so at the top', async () => {
    // Billing went degraded by hand: nothing open explains it
    await updateComponent(app.ctx(), ids.Billing, { status: 'degraded_performance' });
    const form = await get('/console/declare');
    expect(form.statusCode).toBe(200);
    expect(selected(form.body, ids.API)).toBe('');
    expect(selected(form.body, ids.Webhooks)).toBe('');
    expect(selected(form.body, ids.Billing)).toBe('degraded_performance');
    const summary = /<p class="affected-summary"[\s\S]*?<\/p>/.exec(form.body)?.[0] ?? '';
    expect(summary).toContain('Billing (Degraded performance)');
    expect(summary).not.toContain('API');
    expect(summary).toContain('href="#f-components"');
    // the summary comes before the message section, the components far below it
    expect(form.body.indexOf('affected-summary')).toBeLessThan(form.body.indexOf('The message'));
    expect(form.body).toContain('id="f-components"');
    await updateComponent(app.ctx(), ids.Billing, { status: 'operational' });
  });

  it('carries the impact, workaround and the rest into the next update form, editable', async () => {
    const id = await declare({
      issue: 'slow search results',
      impact: 'Search takes up to 10 seconds.',
      workaround: 'Filter by project first.',
      regions: 'EU',
      [`c_${ids.Billing}`]: 'degraded_performance',
    });
    const inc = (await getIncident(app.store.db, id))!;
    expect(inc.impact).toBe('minor');
    const page = await get(`/console/incidents/${id}`);
    const update = page.body.slice(
      page.body.indexOf('id="post-update"'),
      page.body.indexOf('id="resolve"'),
    );
    expect(update).toMatch(
      /<textarea id="f-impact"[^>]*>Search takes up to 10 seconds\.<\/textarea>/,
    );
    expect(update).toMatch(
      /<textarea id="f-workaround"[^>]*>Filter by project first\.<\/textarea>/,
    );
    expect(update).toMatch(/<input id="f-regions"[^>]*value="EU"/);
    expect(update).toMatch(/<input id="f-contact"[^>]*value="help@acme.test"/);
    // the preview that comes with the page says them too
    const preview = update.slice(update.indexOf('id="update-preview"'));
    expect(preview).toContain('Search takes up to 10 seconds.');
    expect(preview).toContain('Filter by project first.');
  });

  it('names only the components working normally again when resolving, in plain words', async () => {
    const id = await declare({
      issue: 'webhook and search delays',
      [`c_${ids.API}`]: 'major_outage',
      [`c_${ids.Webhooks}`]: 'degraded_performance',
      [`c_${ids.Search}`]: 'partial_outage',
    });
    const first = (await getIncident(app.store.db, id))!.updates[0].body;
    expect(first).toContain('affecting API, Webhooks and Search.');
    const fields = { issue: 'webhook and search delays', data_loss: 'No events were lost.' };
    const preview = await post(`/console/incidents/${id}/resolve`, {
      ...fields,
      intent: 'preview',
      fragment: '1',
    });
    expect(preview.body).toContain(
      'The problem behind webhook and search delays is fixed, and Search is working normally again.',
    );
    const r = await post(`/console/incidents/${id}/resolve`, { ...fields, intent: 'resolve' });
    expect(r.headers.location).toMatch(/done=resolved$/);
    const done = (await getIncident(app.store.db, id))!;
    const body = done.updates[0].body;
    expect(body).toContain(
      'The problem behind webhook and search delays is fixed, and Search is working normally again.',
    );
    expect(body).not.toContain('API');
    expect(body).toContain('If you need help, contact help@acme.test.');
    expect(body).not.toContain('in the meantime');
    // every channel renders the message again per reader: it keeps the same list
    const row = await app.store.db
      .selectFrom('incident_updates')
      .select('template_vars')
      .where('incident_id', '=', id)
      .where('status', '=', 'resolved')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.template_vars!).components).toEqual(['Search']);
    // the status page agrees: the other incident still holds API and Webhooks
    const comps = await app.store.db
      .selectFrom('components')
      .select(['name', 'status'])
      .where('name', 'in', ['API', 'Webhooks', 'Search'])
      .orderBy('name')
      .execute();
    expect(comps).toEqual([
      { name: 'API', status: 'partial_outage' },
      { name: 'Search', status: 'operational' },
      { name: 'Webhooks', status: 'degraded_performance' },
    ]);
  });

  it('says nothing of components when none is back to normal; two read "A and B"', async () => {
    const id = (
      await declareIncident(app.ctx(), {
        severity: 'SEV3',
        vars: { issue: 'slow webhooks', contact: 'help@acme.test' },
        components: { [ids.API]: 'degraded_performance', [ids.Webhooks]: 'degraded_performance' },
      })
    ).incident.id;
    expect((await getIncident(app.store.db, id))!.updates[0].body).toContain(
      'affecting API and Webhooks.',
    );
    await postTemplateUpdate(app.ctx(), id, {
      template: 'resolved',
      vars: { issue: 'slow webhooks', data_loss: 'Nothing was lost.' },
    });
    const body = (await getIncident(app.store.db, id))!.updates[0].body;
    expect(body.startsWith('The problem behind slow webhooks is fixed.\n')).toBe(true);
    // once the other incident closes too, both are back: plural, joined with "and"
    await postTemplateUpdate(app.ctx(), other, {
      template: 'resolved',
      vars: { issue: 'API errors', data_loss: 'Nothing was lost.' },
    });
    expect((await getIncident(app.store.db, other))!.updates[0].body).toContain(
      'The problem behind API errors is fixed, and API and Webhooks are working normally again.',
    );
  });

  it('hides the Acknowledge buttons once the incident is resolved', async () => {
    const id = await declare({ issue: 'ack test' });
    const open = await get(`/console/incidents/${id}`);
    expect(open.body).toContain(`action="/console/incidents/${id}/ack"`);
    await post(`/console/incidents/${id}/resolve`, {
      issue: 'ack test',
      data_loss: 'None.',
      intent: 'resolve',
    });
    const closed = await get(`/console/incidents/${id}`);
    expect(closed.body).toContain('Not acknowledged');
    expect(closed.body).not.toContain(`action="/console/incidents/${id}/ack"`);
  });

  describe('length limits', () => {
    const long = 'x'.repeat(9200);

    it('refuses a 9,200-character impact on the form, naming the field, and publishes nothing', async () => {
      const before = await app.store.db
        .selectFrom('incidents')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const r = await post('/console/declare', {
        severity: 'SEV3',
        template: 'investigating',
        locale: 'en',
        issue: 'too long',
        impact: long,
        intent: 'publish',
      });
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain(
        'Customer impact is too long: at most 1,000 characters (it has 9,200).',
      );
      expect(r.body).not.toContain('Ready to publish');
      const after = await app.store.db
        .selectFrom('incidents')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
      // the preview says the same, and the linter stops it
      const p = await post('/console/declare', {
        severity: 'SEV3',
        issue: 'too long',
        impact: long,
        intent: 'preview',
      });
      expect(p.body).toContain('Customer impact is too long');
      expect(p.body).toContain('impact is too long: at most 1,000 characters');
      expect(p.body).not.toContain('Ready to publish');
    });

    it('puts maxlength on each field: 1,000 for paragraphs, 200 for a few words', async () => {
      const form = await get('/console/declare');
      expect(form.body).toMatch(/<textarea id="f-impact"[^>]*maxlength="1000"/);
      expect(form.body).toMatch(/<textarea id="f-workaround"[^>]*maxlength="1000"/);
      expect(form.body).toMatch(/<input id="f-issue"[^>]*maxlength="200"/);
      expect(form.body).toMatch(/<input id="f-contact"[^>]*maxlength="200"/);
    });

    it('answers the API with a field error on vars.workaround', async () => {
      const r = await server.inject({
        method: 'POST',
        url: '/api/v1/incidents/declare',
        headers: { authorization: `Bearer ${secret}` },
        payload: {
          severity: 'SEV3',
          vars: { issue: 'x'.repeat(201), workaround: long },
        },
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().error.fields).toEqual({
        'vars.issue': 'is too long: at most 200 characters (it has 201)',
        'vars.workaround': 'is too long: at most 1,000 characters (it has 9,200)',
      });
    });
  });
});
