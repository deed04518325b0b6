/**
 * An exported plan always imports again: with two people sharing an email, and with a
 * briefing owner who has since been deleted.
 */
import { afterEach, expect, it } from 'vitest';
import { createPerson } from '../../src/actions/createPerson.js';
import { deletePerson } from '../../src/actions/deletePerson.js';
import { importPlan } from '../../src/actions/importPlan.js';
import { setPlanSetting } from '../../src/actions/setPlanSetting.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { planDocument } from '../../src/present/planDocument.js';
import { planToYaml } from '../../src/present/planYaml.js';
import { loadPlan } from '../../src/store/queries/plan.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';

describeEachEngine('plan export → import', (engine) => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.cleanup();
  });
  const open = async () => {
    const a = await makeTestApp(engine);
    apps.push(a);
    return a;
  };
  const exported = async (a: TestApp) => planToYaml(planDocument(await loadPlan(a.store.db), {}));

  it('round-trips people who share an email, each keeping their place in a rotation', async () => {
    const a = await open();
    const ana = await createPerson(a.ctx(), { name: 'Ana', email: 'oncall@acme.test' });
    const bob = await createPerson(a.ctx(), { name: 'Bob', email: 'ONCALL@acme.test' });
    await setRotation(a.ctx(), 'comms_lead', { person_ids: [bob.id, ana.id] });
    const yaml = await exported(a);

    for (const target of [a, await open()]) {
      const r = await importPlan(target.ctx(), yaml);
      expect(r).toBeTruthy();
      const plan = await loadPlan(target.store.db);
      expect(plan.people.map((p) => p.name).sort()).toEqual(['Ana', 'Bob']);
      const lead = plan.roles.find((r) => r.key === 'comms_lead')!;
      expect([...lead.rotation].sort((x, y) => x.position - y.position).map((m) => m.name)).toEqual(
        ['Bob', 'Ana'],
      );
      // and it exports the same again
      expect(await exported(target)).toBe(yaml);
    }
  });

  it('round-trips a plan whose briefing owner was deleted', async () => {
    const a = await open();
    const cleo = await createPerson(a.ctx(), { name: 'Cleo', email: 'cleo@acme.test' });
    await setPlanSetting(a.ctx(), { key: 'briefing_owner', value: cleo.id });
    await deletePerson(a.ctx(), cleo.id);
    const yaml = await exported(a);
    expect(yaml).not.toContain(cleo.id);
    const b = await open();
    await importPlan(b.ctx(), yaml);
    expect((await loadPlan(b.store.db)).settings.briefing_owner).toBeUndefined();
  });
});
