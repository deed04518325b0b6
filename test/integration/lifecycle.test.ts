import { afterAll, beforeAll, expect, it } from 'vitest';
import { advanceMaintenances } from '../../src/actions/advanceMaintenances.js';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { scheduleMaintenance } from '../../src/actions/scheduleMaintenance.js';
import { listAudit } from '../../src/store/queries/audit.js';
import { getComponent } from '../../src/store/queries/components.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';

describeEachEngine('incident and maintenance lifecycle', (engine) => {
  let app: TestApp;
  const clock = new TestClock();
  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
  });
  afterAll(() => app.cleanup());

  it('moves an incident through its lifecycle, sets and restores components, audits each step', async () => {
    const ctx = app.ctx();
    const api = await createComponent(ctx, { name: 'API' });
    const inc = await createIncident(ctx, {
      name: 'Errors',
      status: 'investigating',
      body: 'Looking',
      components: { [api.id]: 'major_outage' },
      next_update_in_minutes: 20,
    });
    expect(inc.impact).toBe('critical');
    expect(inc.next_update_at).toBe(new Date(clock.t + 20 * 60000).toISOString());
    expect((await getComponent(app.store.db, api.id))!.status).toBe('major_outage');
    clock.advanceMinutes(10);
    const mon = await postUpdate(ctx, 'incident', inc.id, {
      status: 'monitoring',
      body: 'Fix out',
    });
    expect(mon.monitoring_at).toBe(clock.now().toISOString());
    // a plain update still promises the next one, at the plan's default cadence
    expect(mon.next_update_at).toBe(new Date(clock.t + 20 * 60000).toISOString());
    clock.advanceMinutes(10);
    const res = await postUpdate(ctx, 'incident', inc.id, { status: 'resolved', body: 'Fixed' });
    expect(res.resolved_at).toBe(clock.now().toISOString());
    expect(res.updates.map((u) => u.status)).toEqual(['resolved', 'monitoring', 'investigating']);
    expect(res.updates[0].affected_components).toEqual([
      { code: api.id, name: 'API', old_status: 'major_outage', new_status: 'operational' },
    ]);
    expect((await getComponent(app.store.db, api.id))!.status).toBe('operational');
    await expect(
      postUpdate(ctx, 'incident', inc.id, { status: 'scheduled', body: 'x' }),
    ).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    const audit = await listAudit(app.store.db, { entityId: inc.id });
    expect(audit.map((a) => a.action).sort()).toEqual([
      'incident.create',
      'incident.update',
      'incident.update',
    ]);
  });

  it('starts and completes a maintenance at the edges of its window', async () => {
    const ctx = app.ctx();
    const db = await createComponent(ctx, { name: 'Database' });
    const start = clock.t + 60 * 60000;
    const m = await scheduleMaintenance(ctx, {
      name: 'Upgrade',
      body: 'Planned',
      scheduled_for: new Date(start).toISOString(),
      scheduled_until: new Date(start + 30 * 60000).toISOString(),
      components: [db.id],
    });
    expect(m.status).toBe('scheduled');
    expect(await advanceMaintenances(ctx)).toEqual({ started: [], completed: [] });
    clock.t = start;
    expect((await advanceMaintenances(ctx)).started).toEqual([m.id]);
    expect((await getComponent(app.store.db, db.id))!.status).toBe('under_maintenance');
    clock.advanceMinutes(30);
    expect((await advanceMaintenances(ctx)).completed).toEqual([m.id]);
    expect((await getComponent(app.store.db, db.id))!.status).toBe('operational');
  });
});
