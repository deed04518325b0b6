/** The plan builder's steps: each readiness finding lands on one step, with a link to its fix. */
import { describe, expect, it } from 'vitest';
import { planSteps } from '../../src/domain/planSteps.js';
import type { PlanSummary } from '../../src/domain/readiness.js';
import { NO_SEVERITIES, readiness } from '../../src/domain/readinessRules.js';
import { DEFAULT_SEVERITIES } from '../../src/domain/severity.js';
import { STAGES } from '../../src/domain/templates.js';

const ROLES = ['incident_lead', 'comms_lead', 'internal_liaison', 'customer_liaison'];
const ROLES2 = ['support_lead', 'executive_sponsor', 'account_manager'];

function ready(): PlanSummary {
  return {
    roles: [...ROLES, ...ROLES2].map((key) => ({
      key,
      name: key,
      members: [1, 2].map((i) => ({ id: `${key}-${i}`, name: `${key} ${i}`, channels: ['slack'] })),
    })),
    severities: DEFAULT_SEVERITIES.map((s) => structuredClone({ ...s })),
    templateStages: [...STAGES],
    stages: STAGES,
    defaultLocale: 'en',
    settings: {
      briefing_owner: { value: 'a@x.test', person: 'A' },
      debrief_owner: { value: 'b@x.test', person: 'B' },
      static_export_target: 's3://status',
    },
    providers: { email: true, emailFallback: true, sms: true, smsFallback: true },
  };
}

const steps = (s: PlanSummary) => planSteps(s, readiness(s));

describe('plan steps', () => {
  it('scores eight steps, all done for a complete plan', () => {
    const all = steps(ready());
    expect(all.map((x) => x.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(all.every((x) => x.score === 100 && x.gaps.length === 0)).toBe(true);
  });

  it('shows a plan without severities on step 2, not on step 1', () => {
    const s = ready();
    s.severities = [];
    const all = steps(s);
    expect(all[1].score).toBe(0);
    expect(all[1].gaps.map((g) => g.message)).toEqual([NO_SEVERITIES]);
    expect(all[1].gaps[0].href).toBe('/console/plan/2#add-severity');
    expect(all[0].gaps.map((g) => g.message)).not.toContain(NO_SEVERITIES);
  });

  it('flags a severity that calls nobody in, linked to its form', () => {
    const s = ready();
    s.severities[2].settings.calledRoles = [];
    const gap = steps(s)[1].gaps[0];
    expect(gap.message).toMatch(/^SEV3 calls nobody in/);
    expect(gap.href).toBe('/console/plan/2#sev-SEV3');
  });

  it('puts each area on its step with a link to the fix', () => {
    const s = ready();
    s.roles[0].members = [];
    s.severities[0].settings.audiences!.public = [];
    s.templateStages = ['investigating'];
    s.settings = {};
    s.providers.emailFallback = false;
    s.providers.smsFallback = false;
    s.severities[1].settings.cadence!.interimAfterMinutes = 200;
    const all = steps(s);
    const hrefs = (n: number) => all[n - 1].gaps.map((g) => g.href);
    expect(hrefs(1)).toContain('/console/plan/1#rotations');
    expect(hrefs(3)).toContain('/console/plan/3#sev-SEV1');
    expect(hrefs(4)).toContain('/console/plan/4#restore');
    expect(hrefs(6)).toEqual(['/console/plan/6#providers', '/console/plan/6#backup']);
    expect(hrefs(7)).toEqual(['/console/plan/7#briefing']);
    expect(hrefs(8)).toEqual(['/console/plan/8#sev-SEV2', '/console/plan/8#debrief']);
    // step 8 scores cadence and the debrief owner together
    expect(all[7].score).toBeGreaterThan(0);
    expect(all[7].score).toBeLessThan(100);
    for (const st of all)
      expect(st.gaps.map((g) => g.severity)).toEqual(
        [...st.gaps]
          .sort((a, b) => Number(b.severity === 'critical') - Number(a.severity === 'critical'))
          .map((g) => g.severity),
      );
  });
});
