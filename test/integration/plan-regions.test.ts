/**
 * Regions in the plan document (follow the sun): imported and exported with each person's
 * region; a document without `regions:` or without a person's `region` leaves them as they are;
 * a person naming a region the document does not have is refused at its line.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importPlan } from '../../src/actions/importPlan.js';
import { PlanInvalid } from '../../src/actions/shared/planParse.js';
import { planDocument } from '../../src/present/planDocument.js';
import { planToYaml } from '../../src/present/planYaml.js';
import { loadPlan } from '../../src/store/queries/plan.js';
import { BASE } from '../fixtures/plan.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';

const WITH_REGIONS = BASE.replace(
  '    time_zone: Europe/London\n',
  '    time_zone: Europe/London\n    region: emea\n',
)
  .replace(
    '    time_zone: America/New_York\n',
    '    time_zone: America/New_York\n    region: amer\n',
  )
  .replace(
    'team:\n',
    `regions:
  - key: emea
    name: EMEA
    time_zone: Europe/London
    hours: 08:00-17:00 Mon-Fri
  - key: amer
    name: AMER
    time_zone: America/New_York
    hours: 9:00-19:00 mon-fri
team:
`,
  );

describeEachEngine('regions in the plan document', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await makeTestApp(engine);
  });
  afterAll(async () => {
    await app?.cleanup();
  });
  const doc = async () => planDocument(await loadPlan(app.store.db), {});

  it('imports regions and people’s regions, and exports them the same', async () => {
    const r = await importPlan(app.ctx(), WITH_REGIONS);
    expect(r.changes).toContain('regions changed');
    const d = await doc();
    expect(d.regions).toEqual([
      { key: 'emea', name: 'EMEA', time_zone: 'Europe/London', hours: '08:00-17:00 Mon-Fri' },
      { key: 'amer', name: 'AMER', time_zone: 'America/New_York', hours: '09:00-19:00 Mon-Fri' },
    ]);
    expect(d.team.map((p) => [p.name, p.region])).toEqual([
      ['Ana', 'emea'],
      ['Bob', 'amer'],
    ]);
    // the export imports again with no changes
    expect((await importPlan(app.ctx(), planToYaml(d))).summary).toBe('no changes');
  });

  it('leaves regions and a person’s region alone when the document leaves them out', async () => {
    const r = await importPlan(app.ctx(), BASE);
    expect(r.summary).toBe('no changes');
    const d = await doc();
    expect(d.regions.map((x) => x.key)).toEqual(['emea', 'amer']);
    expect(d.team.map((p) => p.region)).toEqual(['emea', 'amer']);
  });

  it('refuses a person in a region the document does not have, at its line', async () => {
    const bad = WITH_REGIONS.replace('    region: amer\n', '    region: apac\n');
    const err = await importPlan(app.ctx(), bad).catch((e) => e);
    expect(err).toBeInstanceOf(PlanInvalid);
    expect(Object.keys(err.fields)).toEqual(['team.1.region']);
    expect(err.message).toMatch(
      /^plan\.yaml:\d+: team\.1\.region no region "apac": add it under regions:$/,
    );
    const badHours = WITH_REGIONS.replace('hours: 08:00-17:00 Mon-Fri', 'hours: mornings');
    const err2 = await importPlan(app.ctx(), badHours).catch((e) => e);
    expect(Object.keys(err2.fields)).toEqual(['regions.0.hours']);
  });
});
