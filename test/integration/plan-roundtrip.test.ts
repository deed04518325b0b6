/**
 * An exported plan always imports again: with two people sharing an email, and with a
 * briefing owner who has since been deleted.
 */
import { afterEach, expect, it } from 'vitest';
import { createPerson } from '../../src/actions/createPerson.js';
import { deletePerson } from '../../src/actions/deletePerson.js';
import { importPlan } from '../../src/actions/importPlan.js';
import { setAccountTiers } from '../../src/actions/setAccountTiers.js';
import { setPlanSetting } from '../../src/actions/setPlanSetting.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { PlanInvalid } from '../../src/actions/shared/planParse.js';
import { upsertAudience } from '../../src/actions/upsertAudience.js';
import { upsertSeverity } from '../../src/actions/upsertSeverity.js';
import { planDocument } from '../../src/present/planDocument.js';
import { planToYaml } from '../../src/present/planYaml.js';
import { listAudiences } from '../../src/store/queries/audiences.js';
import { loadPlan } from '../../src/store/queries/plan.js';
import { getSeverity } from '../../src/store/queries/team.js';
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

  it('round-trips tiers, the key-account rule, audiences and each severity’s notify list', async () => {
    const a = await open();
    await setAccountTiers(a.ctx(), {
      tiers: ['platinum', 'gold', 'free'],
      key_accounts: { tiers: ['platinum', 'gold'], criticality: ['critical', 'high'] },
    });
    await upsertAudience(a.ctx(), 'gold_eu_tech', {
      name: 'Gold EU technical',
      match: { tiers: ['gold'], regions: ['eu'], roles: ['technical'], affected_only: true },
      channels: ['email', 'slack'],
      outreach: true,
      private_page: true,
    });
    const sev2 = (await getSeverity(a.store.db, 'SEV2'))!;
    await upsertSeverity(a.ctx(), 'SEV2', {
      name: sev2.name,
      description: sev2.description,
      settings: {
        ...sev2.settings,
        notify: [
          { audience: 'gold_eu_tech', channels: ['email'], outreach: false },
          { audience: 'key_accounts' },
        ],
        outreachDueMinutes: 45,
      },
    });
    const yaml = await exported(a);
    expect(yaml).toContain('tiers: [platinum, gold, free]');
    expect(yaml).toMatch(/- key: gold_eu_tech\n\s+name: Gold EU technical\n\s+match:/);
    expect(yaml).toContain('outreachDueMinutes: 45');

    // importing its own export changes nothing
    expect((await importPlan(a.ctx(), yaml)).summary).toBe('no changes');
    const b = await open();
    const r = await importPlan(b.ctx(), yaml);
    expect(r.changes).toEqual(
      expect.arrayContaining([
        'account tiers changed',
        'key accounts changed',
        '+audience gold_eu_tech',
        'SEV2 notify and outreach due time changed',
      ]),
    );
    expect(await exported(b)).toBe(yaml);
    expect((await listAudiences(b.store.db)).map((x) => x.key)).toEqual([
      'affected_customers',
      'key_accounts',
      'gold_eu_tech',
    ]);
    expect((await getSeverity(b.store.db, 'SEV2'))!.settings.notify).toEqual([
      { audience: 'gold_eu_tech', channels: ['email'], outreach: false },
      { audience: 'key_accounts' },
    ]);

    // an audience the document leaves out is removed; one added appears
    const edited = yaml
      .replace(/ {2}- key: gold_eu_tech[\s\S]*?private_page: true\n/, '')
      .replace(
        / {8}- audience: gold_eu_tech\n {10}channels: \[email\]\n {10}outreach: false\n/,
        '',
      );
    expect(edited).not.toContain('gold_eu_tech');
    const r2 = await importPlan(b.ctx(), edited);
    expect(r2.changes).toContain('-audience gold_eu_tech');
    expect((await listAudiences(b.store.db)).map((x) => x.key)).toEqual([
      'affected_customers',
      'key_accounts',
    ]);
  });

  it('names the field of every audience problem in a plan, with its line', async () => {
    const a = await open();
    const yaml = (await exported(a))
      .replace(
        /match:\n(\s+)affected_only: true\n/,
        'match:\n$1affected_only: true\n$1tiers: [gold]\n',
      )
      .replace('channels: [email, sms, webhook, slack, teams]', 'channels: [email, pigeon]');
    const err = await importPlan(a.ctx(), yaml).catch((e) => e);
    expect(err).toBeInstanceOf(PlanInvalid);
    expect(Object.keys(err.fields)).toEqual(['audiences.0.channels.1']);
    const yaml2 = yaml.replace('channels: [email, pigeon]', 'channels: [email]');
    const err2 = await importPlan(a.ctx(), yaml2).catch((e) => e);
    expect(err2).toBeInstanceOf(PlanInvalid);
    expect(err2.message).toMatch(
      /^plan\.yaml:\d+: audiences\.0\.match\.tiers "gold" is not a tier of the plan \(enterprise, business, free\)$/,
    );
    const yaml3 = yaml2
      .replace(/ {6}tiers: \[gold\]\n/, '')
      .replace(
        '- audience: key_accounts\n          outreach: false',
        '- audience: vips\n          outreach: false',
      );
    const err3 = await importPlan(a.ctx(), yaml3).catch((e) => e);
    expect(err3).toBeInstanceOf(PlanInvalid);
    expect(err3.fields).toEqual({
      'severities.SEV2.settings.notify.1.audience': expect.stringMatching(
        /vips is not an audience of the plan/,
      ),
    });
  });
});
