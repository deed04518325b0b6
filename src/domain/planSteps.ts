/**
 * The plan builder's eight steps (the seed's "8 steps to a comms plan"), each with the
 * readiness findings that belong to it and a link to where each gap is fixed. Pure: it reads
 * a PlanSummary and its Readiness (src/domain/readiness.ts). Severities have no readiness area
 * of their own, so step 2 scores a few checks of its own here; the total stays readiness's.
 */
import { type AreaKey, Checks, type Gap, type PlanSummary, type Readiness } from './readiness.js';
import { NO_SEVERITIES } from './readinessRules.js';

export interface StepDef {
  n: number;
  title: string;
  /** the readiness areas scored on this step */
  areas: AreaKey[];
}

export const PLAN_STEPS: readonly StepDef[] = [
  { n: 1, title: 'Team and roles', areas: ['team'] },
  { n: 2, title: 'Severities', areas: [] },
  { n: 3, title: 'Audiences and channels', areas: ['channels'] },
  { n: 4, title: 'Templates', areas: ['templates'] },
  { n: 5, title: 'Approvals', areas: ['approvals'] },
  { n: 6, title: 'Backup comms', areas: ['backup'] },
  { n: 7, title: 'Customer-facing preparation', areas: ['customer_prep'] },
  { n: 8, title: 'Cadence and follow-up', areas: ['cadence', 'debrief'] },
];

export interface StepGap extends Gap {
  /** where to fix it: a console URL, usually a form on the step's own screen */
  href: string;
}

export interface StepScore {
  n: number;
  title: string;
  /** 0–100 */
  score: number;
  gaps: StepGap[];
}

/** Step 2's own checks: severities exist, each calls someone in and says when to use it. */
function severityChecks(s: PlanSummary): Checks {
  const c = new Checks('team');
  c.check(s.severities.length > 0, 'critical', NO_SEVERITIES, 'Add a severity below.');
  for (const sev of s.severities) {
    c.check(
      (sev.settings.calledRoles?.length ?? 0) > 0,
      'critical',
      `${sev.key} calls nobody in: no role is paged when it is declared.`,
      `Tick at least one role for ${sev.key}.`,
    );
  }
  return c;
}

/** Where a gap is fixed. */
export function gapLink(step: number, g: Gap): string {
  const sev = /^(?:A )?([A-Z][A-Z0-9_]{0,19}) /.exec(g.message)?.[1];
  const at = (anchor: string) => `/console/plan/${step}#${anchor}`;
  switch (g.area) {
    case 'team':
      return step === 2 ? at(sev ? `sev-${sev}` : 'add-severity') : at('rotations');
    case 'channels':
      if (/ on no channel\.$/.test(g.message) && sev) return at(`sev-${sev}`);
      if (/no provider/.test(g.message)) return '/console/plan/6#providers';
      return '/console/team';
    case 'templates':
      return at('restore');
    case 'approvals':
      return sev ? at(`sev-${sev}`) : at('approvals');
    case 'backup':
      return /provider/.test(g.message) ? at('providers') : at('backup');
    case 'customer_prep':
      return at('briefing');
    case 'cadence':
      return sev ? at(`sev-${sev}`) : at('cadence');
    case 'debrief':
      return at('debrief');
  }
}

/** Each step's score and gaps; a step with several areas scores their mean. */
export function planSteps(s: PlanSummary, r: Readiness): StepScore[] {
  return PLAN_STEPS.map((step) => {
    let score: number;
    let gaps: Gap[];
    if (step.n === 2) {
      const c = severityChecks(s);
      score = c.score();
      gaps = c.gaps;
    } else {
      const areas = r.areas.filter((a) => step.areas.includes(a.key));
      score = Math.round(areas.reduce((n, a) => n + a.score, 0) / Math.max(1, areas.length));
      gaps = areas.flatMap((a) => a.gaps).filter((g) => g.message !== NO_SEVERITIES);
    }
    const sorted = [...gaps].sort(
      (a, b) => Number(b.severity === 'critical') - Number(a.severity === 'critical'),
    );
    return {
      n: step.n,
      title: step.title,
      score,
      gaps: sorted.map((g) => ({ ...g, href: gapLink(step.n, g) })),
    };
  });
}
