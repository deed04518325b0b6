/**
 * Readiness: how ready the comms plan is, scored on the eight things a plan needs. Pure: it
 * reads a PlanSummary (see src/store/queries/readiness.ts) and returns a score out of 100, a
 * score per area, and every gap in plain words with how to fix it.
 */
import type { SeveritySettings } from './severity.js';

export interface SummaryPerson {
  id: string;
  name: string;
  /** channels with an active internal subscription: email, sms, slack, teams */
  channels: string[];
}

export interface PlanSummary {
  roles: { key: string; name: string; members: SummaryPerson[] }[];
  severities: { key: string; name: string; settings: Partial<SeveritySettings> }[];
  /** stages that have a template in the default locale */
  templateStages: string[];
  /** every stage a plan needs a template for */
  stages: readonly string[];
  defaultLocale: string;
  settings: {
    briefing_owner?: { value: string; person: string | null };
    debrief_owner?: { value: string; person: string | null };
    static_export_target?: string;
  };
  /** which providers the environment configures (never their secrets) */
  providers: {
    email: boolean;
    emailFallback: boolean;
    sms: boolean;
    smsFallback: boolean;
    /** `flare start`'s demo inbox takes the email (no FLARE_SMTP_URL): it is sent, locally */
    emailDemo?: boolean;
  };
}

export type GapSeverity = 'critical' | 'warning';

export interface Gap {
  area: AreaKey;
  severity: GapSeverity;
  /** what is missing, in plain words */
  message: string;
  /** how to fix it */
  fix: string;
}

export const AREAS = {
  team: 'Team and roles',
  channels: 'Channels per audience',
  templates: 'A template for every stage',
  approvals: 'Approval rules',
  backup: 'Backup comms',
  customer_prep: 'Customer-facing prep',
  cadence: 'A cadence policy',
  debrief: 'A debrief owner',
} as const;
export type AreaKey = keyof typeof AREAS;

export interface Area {
  key: AreaKey;
  title: string;
  /** 0–100 */
  score: number;
  gaps: Gap[];
}

export interface Readiness {
  /** 0–100: the mean of the eight areas */
  score: number;
  areas: Area[];
  gaps: Gap[];
  /** true when no gap is critical */
  ready: boolean;
}

/** One area's checks: each passes, or fails with a gap. */
export class Checks {
  passed = 0;
  total = 0;
  gaps: Gap[] = [];
  constructor(readonly area: AreaKey) {}
  check(ok: boolean, severity: GapSeverity, message: string, fix: string, weight = 1): void {
    this.total += weight;
    if (ok) this.passed += weight;
    else this.gaps.push({ area: this.area, severity, message, fix });
  }
  /** A check that adds no gap of its own (its cause is reported elsewhere). */
  count(ok: boolean, weight = 1): void {
    this.total += weight;
    if (ok) this.passed += weight;
  }
  score(): number {
    return this.total === 0 ? 100 : Math.round((100 * this.passed) / this.total);
  }
}

export type AreaRule = (s: PlanSummary, c: Checks) => void;

/** Scores a plan with the given rules, one per area (see readinessRules.ts). */
export function scoreReadiness(s: PlanSummary, rules: Record<AreaKey, AreaRule>): Readiness {
  const areas: Area[] = (Object.keys(AREAS) as AreaKey[]).map((key) => {
    const c = new Checks(key);
    rules[key](s, c);
    return { key, title: AREAS[key], score: c.score(), gaps: c.gaps };
  });
  const gaps = areas.flatMap((a) => a.gaps);
  // critical gaps first, in area order
  gaps.sort((a, b) => Number(b.severity === 'critical') - Number(a.severity === 'critical'));
  return {
    score: Math.round(areas.reduce((n, a) => n + a.score, 0) / areas.length),
    areas,
    gaps,
    ready: !gaps.some((g) => g.severity === 'critical'),
  };
}
