/**
 * The console's handover screen over HTTP on real SQLite and PostgreSQL: it needs a session and
 * the CSRF token, starts the note from the incident's state, refuses an empty note with a plain
 * message naming the field and keeps what was typed, hands over once however often the form is
 * sent (its one-time token), and the incident screen's Accept button moves the role.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPerson } from '../../src/actions/createPerson.js';
import { createToken } from '../../src/actions/createToken.js';
import { declareIncident } from '../../src/actions/declareIncident.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { signInConsole } from '../helpers/console.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachEngine('console handover screen', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  let cookie: string;
  let csrf: string;
  let id: string;
  const people: Record<string, string> = {};

  beforeAll(async () => {
    app = await makeTestApp(engine);
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    for (const name of ['Kim', 'Raj'])
      people[name] = (
        await createPerson(ctx, { name, email: `${name.toLowerCase()}@acme.test` })
      ).id;
    await setRotation(ctx, 'comms_lead', { person_ids: [people.Kim, people.Raj] });
    id = (
      await declareIncident(ctx, {
        severity: 'SEV2',
        template: 'investigating',
        vars: { issue: 'login <errors>', contact: 'help@acme.test' },
      })
    ).incident.id;
    const secret = (await createToken(ctx, { name: 'ana', scope: 'write' })).secret;
    server = await buildServer(app);
    ({ cookie, csrf } = await signInConsole(server, secret, `/console/incidents/${id}/handover`));
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  const url = () => `/console/incidents/${id}/handover`;
  const post = (path: string, fields: Record<string, string>, token = csrf) =>
    server.inject({
      method: 'POST',
      url: path,
      headers: { ...FORM, cookie },
      payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
    });
  const holder = async () =>
    (
      await app.store.db
        .selectFrom('incident_roles')
        .select('person_id')
        .where('incident_id', '=', id)
        .where('role_key', '=', 'comms_lead')
        .executeTakeFirstOrThrow()
    ).person_id;

  it('needs a session, and starts the note from the incident’s state', async () => {
    expect((await server.inject({ url: url() })).statusCode).toBe(303);
    const r = await server.inject({ url: url(), headers: { cookie } });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Login &lt;errors&gt;');
    expect(r.body).toContain('Next promised update');
    expect(r.body).toMatch(/<textarea id="f-note" name="note"[^>]*>State: investigating \(SEV2\)/);
    expect(r.body).toContain('name="_once"');
    expect(r.body).toContain('Comms lead (now Kim)');
  });

  it('refuses a forged form and an empty note, naming the field and keeping the choice', async () => {
    expect((await post(url(), { role: 'comms_lead', note: 'x' }, 'forged')).statusCode).toBe(403);
    const r = await post(url(), { role: 'comms_lead', to_person_id: people.Raj, note: '  ' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Nothing was handed over');
    expect(r.body).toMatch(/Handover note must not be empty/);
    expect(r.body).toMatch(new RegExp(`<option value="${people.Raj}"\\s+selected`));
    expect((await app.store.db.selectFrom('handovers').select('id').execute()).length).toBe(0);
  });

  it('hands over once however often the form is sent, and the Accept button moves the role', async () => {
    const fields = {
      role: 'comms_lead',
      to_person_id: '',
      note: 'DB failover at 10:05; watch replicas.',
      _once: 'once-0123456789',
    };
    const first = await post(url(), fields);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toContain('done=handover');
    const again = await post(url(), fields);
    expect(again.statusCode).toBe(303);
    const rows = await app.store.db.selectFrom('handovers').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].to_person_id).toBe(people.Raj);
    expect(await holder()).toBe(people.Kim);
    const screen = await server.inject({ url: `/console/incidents/${id}`, headers: { cookie } });
    expect(screen.body).toContain('1 waiting');
    expect(screen.body).toContain('DB failover at 10:05; watch replicas.');
    expect(screen.body).toContain(`action="/console/handovers/${rows[0].id}/ack"`);
    const ack = await post(`/console/handovers/${rows[0].id}/ack`, { person_id: people.Raj });
    expect(ack.statusCode).toBe(303);
    expect(ack.headers.location).toContain('done=handed');
    expect(await holder()).toBe(people.Raj);
    const after = await server.inject({ url: `/console/incidents/${id}`, headers: { cookie } });
    expect(after.body).toContain('Raj accepted the handover and is now Comms lead (from Kim).');
    expect(after.body).toContain('No handover is waiting.');
  });
});
