/**
 * The plan's briefing wording (plan document `briefing:`) on real SQLite and PostgreSQL: exported
 * with the built-in wording, imported with the plan's own approved answers per stage, recorded as
 * a plan change, used by the next incident's briefing pack, and refused with the field named when
 * a stage is unknown.
 */

import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { importPlan } from '../../src/actions/importPlan.js';
import { planDocument } from '../../src/present/planDocument.js';
import { planToYaml } from '../../src/present/planYaml.js';
import { currentBriefing } from '../../src/store/queries/briefings.js';
import { loadPlan } from '../../src/store/queries/plan.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';

describeEachEngine('plan briefing wording', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await makeTestApp(engine);
  });
  afterAll(() => app.cleanup());

  const exported = async () => planDocument(await loadPlan(app.store.db), {});

  it('exports the built-in wording, imports the plan’s own, and briefs the next incident with it', async () => {
    const before = await exported();
    expect(before.briefing.faq.investigating?.[0].q).toBe('When will it be fixed?');
    expect(before.briefing.avoid.join(' ')).toContain('No blame');

    const doc = parse(planToYaml(before));
    doc.briefing = {
      say: ['Thank the customer for their patience.'],
      faq: {
        investigating: [{ q: 'Are backups affected?', a: 'No. Backups run on separate systems.' }],
        '*': [{ q: 'Who do I call?', a: 'Your account manager, or support on +1 555 0100.' }],
      },
    };
    const r = await importPlan(app.ctx(), planToYaml(doc));
    expect(r.changes).toContain('briefing wording changed');

    const after = await exported();
    expect(after.briefing.say).toEqual(['Thank the customer for their patience.']);
    expect(after.briefing.avoid).toEqual(before.briefing.avoid); // left out: built-in
    const api = (await createComponent(app.ctx(), { name: 'API' })).id;
    const incident = await createIncident(app.ctx(), {
      name: 'API errors',
      body: 'We are investigating API errors.',
      components: { [api]: 'major_outage' },
      deliver_notifications: false,
    });
    const pack = await currentBriefing(app.store.db, incident.id);
    expect(pack?.current.pack.say).toEqual(['Thank the customer for their patience.']);
    expect(pack?.current.pack.faq.map((f) => f.q)).toEqual([
      'Are backups affected?',
      'Who do I call?',
    ]);
  });

  it('names the field when a stage is unknown', async () => {
    const doc = parse(planToYaml(await exported()));
    doc.briefing = { faq: { panicking: [{ q: 'Q', a: 'A' }] } };
    await expect(importPlan(app.ctx(), planToYaml(doc))).rejects.toThrow(/briefing\.faq/);
  });
});
