/**
 * The plan as a YAML document: export → import into a fresh app → export gives the same
 * document; every mistake names its line and field, and nothing is written while one remains;
 * a dry run writes nothing; versions count up and say who changed what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../../src/actions/context.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { createRole } from '../../src/actions/createRole.js';
import { importPlan } from '../../src/actions/importPlan.js';
import { setPlanSetting } from '../../src/actions/setPlanSetting.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { PlanInvalid } from '../../src/actions/shared/planParse.js';
import { upsertSeverity } from '../../src/actions/upsertSeverity.js';
import { DEFAULT_SEVERITIES } from '../../src/domain/severity.js';
import { planDocument } from '../../src/present/planDocument.js';
import { planToYaml } from '../../src/present/planYaml.js';
import { listPlanVersions, loadPlan } from '../../src/store/queries/plan.js';
import { BASE, edit } from '../fixtures/plan.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';

const exportYaml = async (app: TestApp) => planToYaml(planDocument(await loadPlan(app.store.db)));

async function problems(app: TestApp, yaml: string): Promise<string[]> {
  try {
    await importPlan(app.ctx(CLI), yaml);
  } catch (err) {
    if (err instanceof PlanInvalid) return err.message.split('\n');
    throw err;
  }
  throw new Error('the import was accepted');
}

const counts = async (app: TestApp) => {
  const n = async (t: 'people' | 'plan_versions' | 'audit_log' | 'severities' | 'templates') =>
    Number(
      (
        await app.store.db
          .selectFrom(t)
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    people: await n('people'),
    versions: await n('plan_versions'),
    audit: await n('audit_log'),
    severities: await n('severities'),
    templates: await n('templates'),
  };
};

describeEachEngine('the plan as a YAML document', (engine) => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await makeTestApp(engine);
    b = await makeTestApp(engine);
  });
  afterAll(async () => {
    await a.cleanup();
    await b.cleanup();
  });

  it('round-trips: export → import into a fresh app → export gives the same document', async () => {
    const ctx = a.ctx(CLI);
    const ana = await createPerson(ctx, {
      name: 'Ana Silva',
      email: 'ana@acme.test',
      phone: '+447700900123',
      slack: '@ana',
      time_zone: 'Europe/London',
      working_hours: '09:00-17:30 Mon-Fri',
    });
    const bob = await createPerson(ctx, { name: 'Bob', time_zone: 'America/New_York' });
    await createRole(ctx, { key: 'security_lead', name: 'Security lead', description: 'Owns it' });
    await setRotation(ctx, 'incident_lead', { person_ids: [ana.id, bob.id] });
    await setRotation(ctx, 'security_lead', { person_ids: [bob.id] });
    const sev2 = DEFAULT_SEVERITIES[1];
    await upsertSeverity(ctx, 'SEV2', {
      name: sev2.name,
      description: sev2.description,
      settings: {
        ...sev2.settings,
        calledRoles: [...sev2.settings.calledRoles, 'security_lead'],
        cadence: { ...sev2.settings.cadence, firstMinutes: 15, interimAfterMinutes: 75 },
      },
    });
    await setPlanSetting(ctx, { key: 'briefing_owner', value: 'ana@acme.test' });
    await setPlanSetting(ctx, { key: 'debrief_owner', value: bob.id });
    await setPlanSetting(ctx, { key: 'static_export_target', value: 's3://acme-status/mirror' });
    // a custom template and an edited built-in, added through the document itself
    const withTemplates = (await exportYaml(a))
      .replace('  - {key: resolved, locale: en}\n', '')
      .replace(
        /\ntemplates:\n/,
        `\ntemplates:
  - key: vendor_outage
    locale: en
    stage: identified
    name: Vendor outage
    pre_approved: false
    page: |
      A provider we rely on is down: {{ issue }}.

      We will post the next update by {{ next_update_at | local_time }}. Contact {{ contact }}.
    sms: "{{ page_name }}: provider outage. Next update by {{ next_update_at | local_time }}."
    social: "A provider we rely on is down. Updates: {{ status_url }}"
  - key: resolved
    locale: en
    stage: resolved
    name: Resolved (ours)
    pre_approved: true
    page: "All fixed: {{ issue }}. {{ apology | default: 'Sorry.' }}"
    sms: "{{ page_name }}: resolved."
    social: "Resolved: {{ status_url }}"
`,
      );
    const first = await importPlan(ctx, withTemplates);
    expect(first.changes).toEqual(['+1 template', '1 template changed']);
    const docA = await exportYaml(a);
    expect(docA).toContain('  - key: vendor_outage\n');
    expect(docA).toContain('  - {key: investigating, locale: en}\n');
    expect(docA).toContain('phone: "+447700900123"');
    expect(docA).toContain('briefing_owner: ana@acme.test');
    expect(docA).toContain('debrief_owner: Bob'); // no email: referred to by name
    expect(docA).toContain('rotation: [ana@acme.test, Bob]');
    expect(docA).not.toMatch(/01[0-9a-f]{6}-/); // no ids

    const into = await importPlan(b.ctx(CLI), docA);
    expect(into.version).toBe(1);
    expect(into.changes).toEqual(
      expect.arrayContaining([
        '+2 people',
        '+role security_lead',
        'SEV2 roles and cadence changed',
      ]),
    );
    expect(await exportYaml(b)).toBe(docA);
    // and once more: nothing changes, no version is written
    expect(await importPlan(b.ctx(CLI), docA)).toMatchObject({ changes: [], version: null });
    expect((await listPlanVersions(b.store.db)).length).toBe(1);
  });

  describe('mistakes name the line and the field, and nothing is written', () => {
    it('accepts the base plan (dry run)', async () => {
      const r = await importPlan(b.ctx(CLI), BASE, { dryRun: true });
      expect(r.dry_run).toBe(true);
    });

    it.each([
      [
        'bad YAML syntax',
        edit(13, '    rotation: [ana@acme.test, bob@acme.test'),
        /^plan\.yaml:1[3-6]: is not valid YAML: /,
      ],
      [
        'an unknown field',
        edit(6, '    email: ana@acme.test\n    nickname: Annie'),
        /^plan\.yaml:7: team\.0\.nickname is not a known field$/,
      ],
      [
        'a wrong type',
        edit(26, '      approvalRequired: "yes"'),
        /^plan\.yaml:26: severities\.SEV1\.settings\.approvalRequired must be true or false$/,
      ],
      [
        'text where a list belongs',
        edit(24, '        internal: email'),
        /^plan\.yaml:24: severities\.SEV1\.settings\.audiences\.internal must be a list$/,
      ],
      [
        'an unknown role in a severity',
        edit(21, '      calledRoles: [incident_lead, security_lead]'),
        /^plan\.yaml:21: severities\.SEV1\.settings\.calledRoles\.1 security_lead is not a role in this plan \(add it under roles:\)$/,
      ],
      [
        'a bad time zone',
        edit(7, '    time_zone: Mars/Olympus_Mons'),
        /^plan\.yaml:7: team\.0\.time_zone must be an IANA time zone such as Europe\/London$/,
      ],
      [
        'a duplicate person email',
        edit(9, '    email: ANA@acme.test'),
        /^plan\.yaml:9: team\.1\.email duplicates the email of team\.0$/,
      ],
      [
        'a cadence below the minimum',
        edit(30, '        firstMinutes: 3'),
        /^plan\.yaml:30: severities\.SEV1\.settings\.cadence\.firstMinutes must be at least 5 minutes$/,
      ],
      [
        'a missing field',
        edit(34, null),
        /^plan\.yaml:29: severities\.SEV1\.settings\.cadence\.interimAfterMinutes is required$/,
      ],
      [
        'a rotation naming a stranger',
        edit(15, '    rotation: [carol@acme.test]'),
        /^plan\.yaml:15: roles\.comms_lead\.rotation\.0 carol@acme\.test is not on the team/,
      ],
      [
        'a duplicate key',
        edit(19, '    description: Everything is down.\n    name: Again'),
        /^plan\.yaml:20: is not valid YAML: Map keys must be unique/,
      ],
      [
        'a custom role with no name',
        edit(14, '  security_lead:\n    rotation: []\n  comms_lead:'),
        /^plan\.yaml:14: roles\.security_lead is a custom role, so it needs a name$/,
      ],
      [
        'a NUL character',
        edit(5, '  - name: "An\\0a"'),
        /^plan\.yaml:5: team\.0\.name must not contain NUL characters$/,
      ],
      [
        'an owner not on the team',
        edit(3, '  briefing_owner: zoe@acme.test'),
        /^plan\.yaml:3: settings\.briefing_owner zoe@acme\.test is not on the team/,
      ],
    ])('%s', async (_what, yaml, expected) => {
      const before = await counts(b);
      const found = await problems(b, yaml);
      expect(
        found.some((l) => expected.test(l)),
        found.join('\n'),
      ).toBe(true);
      expect(await counts(b)).toEqual(before);
    });

    it('reports every problem at once, in line order, as field errors too', async () => {
      const yaml = edit(30, '        firstMinutes: 3').replace(
        'time_zone: Europe/London',
        'time_zone: Nowhere',
      );
      try {
        await importPlan(b.ctx(CLI), yaml, { file: 'acme.yaml' });
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(PlanInvalid);
        const e = err as PlanInvalid;
        expect(e.message.split('\n')).toEqual([
          'acme.yaml:7: team.0.time_zone must be an IANA time zone such as Europe/London',
          'acme.yaml:30: severities.SEV1.settings.cadence.firstMinutes must be at least 5 minutes',
        ]);
        expect(e.fields['severities.SEV1.settings.cadence.firstMinutes']).toBe(
          'line 30: must be at least 5 minutes',
        );
      }
    });
  });

  it('a dry run writes nothing and says what would change', async () => {
    const before = await counts(b);
    const yaml = (await exportYaml(b)).replace('firstMinutes: 15', 'firstMinutes: 10');
    const r = await importPlan(b.ctx(CLI), yaml, { dryRun: true });
    expect(r).toEqual({
      dry_run: true,
      changes: ['SEV2 cadence changed'],
      summary: 'SEV2 cadence changed',
      version: null,
    });
    expect(await counts(b)).toEqual(before);
    expect(await exportYaml(b)).toContain('firstMinutes: 15');
  });

  it('versions count up and record who changed what', async () => {
    const start = (await listPlanVersions(b.store.db))[0].version;
    const ctx = b.ctx({ id: 'token:ops-bot', scope: 'admin' });
    const r = await importPlan(ctx, BASE);
    expect(r.version).toBe(start + 1);
    // Ana Silva is matched by email, Bob by name; the rest of the plan follows the document
    expect(r.changes).toEqual(
      expect.arrayContaining([
        '2 people changed',
        '-role security_lead',
        '-SEV2',
        '-SEV3',
        '-1 template',
        '1 template changed',
        'debrief_owner cleared',
      ]),
    );
    await importPlan(ctx, edit(30, '        firstMinutes: 25'));
    await createPerson(b.ctx(CLI), { name: 'Carol', email: 'carol@acme.test' });
    const v = await listPlanVersions(b.store.db);
    expect(v.slice(0, 3).map((x) => [x.version, x.changed_by, x.summary])).toEqual([
      [start + 3, 'cli', '+person Carol'],
      [start + 2, 'token:ops-bot', 'SEV1 cadence changed'],
      [start + 1, 'token:ops-bot', r.summary],
    ]);
    // the stored document is the whole plan as it then stood
    const doc = (
      await b.store.db
        .selectFrom('plan_versions')
        .select('document')
        .where('version', '=', start + 2)
        .executeTakeFirstOrThrow()
    ).document;
    expect(doc).toContain('firstMinutes: 25');
    expect(doc).not.toContain('Carol');
    // a plan that leaves SEV2 and SEV3 out removed them
    expect(Object.keys(planDocument(await loadPlan(b.store.db)).severities)).toEqual(['SEV1']);
  });
});
