/**
 * Drills with a real SMTP receiver and a real worker: the team hears of it by email, the report
 * gives the time to the first internal notice and to the simulated first public update, who was
 * assigned and who acknowledged; and nothing of it ever reaches the public site, feeds or
 * /api/v2, nor any public subscriber.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ackAssignment } from '../../src/actions/ackAssignment.js';
import { CLI } from '../../src/actions/context.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { createToken } from '../../src/actions/createToken.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { drillReport, runDrill } from '../../src/main/drill.js';
import { type RunningWorker, startWorker } from '../../src/main/worker.js';
import { siteFiles } from '../../src/pages/site.js';
import { listIncidents } from '../../src/store/queries/incidents.js';
import { loadSnapshot } from '../../src/store/queries/snapshot.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { type SmtpReceiver, startSmtp, waitFor } from '../helpers/receivers.js';

describeEachEngine('drills', (engine) => {
  let app: TestApp;
  let smtp: SmtpReceiver;
  let worker: RunningWorker;
  let server: FastifyInstance;
  let env: Record<string, string>;
  const drills: string[] = [];
  const to = (who: string) =>
    smtp.messages.filter((m) => (m.to as { text: string }).text.includes(who));

  beforeAll(async () => {
    app = await makeTestApp(engine);
    smtp = await startSmtp();
    env = { FLARE_SMTP_URL: smtp.url };
    worker = startWorker(app, { env, flushMs: 5 });
    server = await buildServer(app);
    const ctx = app.ctx();
    await updatePage(ctx, {
      name: 'Acme',
      url: 'https://status.acme.test',
      support_email: 'help@acme.test',
    });
    const ana = await createPerson(ctx, { name: 'Ana', email: 'ana@acme.test' });
    const bob = await createPerson(ctx, { name: 'Bob', email: 'bob@acme.test' });
    await setRotation(ctx, 'incident_lead', { person_ids: [ana.id] });
    await setRotation(ctx, 'comms_lead', { person_ids: [bob.id] });
    await createSubscriber(ctx, {
      channel: 'email',
      email: 'customer@example.com',
      confirmed: true,
    });
  });
  afterAll(async () => {
    await worker.stop();
    await server.close();
    await smtp.close();
    await app.cleanup();
  });

  it('rehearses a SEV1 with the team only and reports both times', async () => {
    const r = await runDrill(app, CLI, { severity: 'SEV1' }, { waitMs: 30_000, pollMs: 20, env });
    drills.push(r.id);
    expect(r.state).toBe('finished');
    expect(r.severity).toBe('SEV1');
    expect(r.first_internal_notice).not.toBeNull();
    expect(r.first_internal_notice!.channel).toBe('email');
    expect(r.first_internal_notice!.ms).toBeGreaterThanOrEqual(0);
    expect(r.first_internal_notice!.ms).toBeLessThan(30_000);
    expect(Date.parse(r.first_internal_notice!.at)).toBeGreaterThanOrEqual(
      Date.parse(r.declared_at),
    );
    const u = r.simulated_public_update!;
    expect(u.template).toBe('investigating');
    expect(u.ms).toBeGreaterThanOrEqual(0);
    expect(u.ms).toBeLessThan(r.first_internal_notice!.ms + 5_000);
    expect(u.would_need_approval).toBe(false);
    expect(u.page).toContain('We are investigating a simulated outage (this is a drill).');
    expect(u.page).toContain('contact help@acme.test');
    expect(r.assignments.map((a) => [a.role_key, a.person_name, a.acknowledged])).toEqual([
      ['incident_lead', 'Ana', false],
      ['comms_lead', 'Bob', false],
    ]);
    expect(r.unassigned_roles).toEqual(
      expect.arrayContaining(['support_lead', 'executive_sponsor']),
    );
    expect(r.readiness.gaps.map((g) => g.message)).toContain(
      'Nobody is on the support lead rotation (called in by SEV1, SEV2).',
    );

    // the team heard of it on its internal channel; the public subscriber did not
    await waitFor(() => to('ana@').length > 0 && to('bob@').length > 0, 10_000, 'team emails');
    expect(to('ana@')[0].subject).toBe(
      '[Acme] [DRILL] SEV1: Drill: simulated SEV1 incident — you are Incident lead',
    );
    expect(to('bob@')[0].subject).toMatch(/\[DRILL\] SEV1: .* — you are Comms lead$/);
    expect(to('customer@')).toEqual([]);

    // an acknowledgement shows in the report
    await ackAssignment(app.ctx(), r.id, 'comms_lead');
    const again = await drillReport(app, r.id, env);
    expect(again.assignments.find((a) => a.role_key === 'comms_lead')!.acknowledged).toBe(true);
  });

  it('runs through the API: POST starts it, GET reports it once finished', async () => {
    const { secret } = await createToken(app.ctx(), { name: 'drill-bot', scope: 'write' });
    const headers = { authorization: `Bearer ${secret}` };
    const started = await server.inject({
      method: 'POST',
      url: '/api/v1/drills',
      headers,
      payload: { severity: 'SEV2', template: 'identified' },
    });
    expect(started.statusCode).toBe(200);
    const { id, state, url } = started.json();
    drills.push(id);
    expect(state).toBe('running');
    let report: Awaited<ReturnType<typeof drillReport>> | undefined;
    for (let i = 0; i < 300 && report?.state !== 'finished'; i++) {
      report = (await server.inject({ url, headers })).json();
      if (report?.state !== 'finished') await new Promise((d) => setTimeout(d, 100));
    }
    expect(report!.state).toBe('finished');
    expect(report!.severity).toBe('SEV2');
    expect(report!.first_internal_notice!.ms).toBeGreaterThanOrEqual(0);
    expect(report!.simulated_public_update!.template).toBe('identified');
    const bad = await server.inject({
      method: 'POST',
      url: '/api/v1/drills',
      headers,
      payload: { severity: 'SEV9' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.severity).toMatch(/no severity named "SEV9"/);
    expect((await server.inject({ url: '/api/v1/drills/nope', headers })).statusCode).toBe(404);
  });

  it('never shows a drill in public: site, feeds, /api/v2 — even if it lost its draft flag', async () => {
    expect(drills).toHaveLength(2);
    // a drill must stay out of public even were its draft flag ever cleared
    await app.store.db
      .updateTable('incidents')
      .set({ draft: 0 })
      .where('id', '=', drills[0])
      .execute();
    const rows = await app.store.db
      .selectFrom('incidents')
      .select(['id', 'drill', 'status'])
      .execute();
    expect(rows.filter((x) => x.drill).map((x) => x.status)).toEqual(['resolved', 'resolved']);
    expect((await listIncidents(app.store.db, { publicOnly: true })).map((i) => i.id)).toEqual([]);
    const snap = await loadSnapshot(app.store.db, new Date(), {
      id: 'page',
      name: 'Acme',
      url: 'https://status.acme.test',
    } as never);
    expect(snap.incidents).toEqual([]);
    for (const f of siteFiles(snap)) {
      const body = String(f.render(snap));
      for (const id of drills) expect(body, f.path).not.toContain(id);
      expect(body, f.path).not.toContain('simulated');
    }
    app.site.invalidate();
    for (const path of [
      '/',
      '/history',
      '/history.atom',
      '/feed.json',
      '/api/v2/incidents.json',
      '/api/v2/summary.json',
    ]) {
      const res = await server.inject({ url: path });
      expect(res.statusCode, path).toBe(200);
      expect(res.body, path).not.toContain('simulated');
      for (const id of drills) expect(res.body, path).not.toContain(id);
    }
  });
});
