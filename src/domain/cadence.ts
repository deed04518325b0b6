/**
 * Update cadence: every public update promises the next one. The default is every 20 minutes
 * for the first 2 hours (PagerDuty's practice), then every 60. The comms lead is reminded
 * before an update is due, an overdue update escalates to the incident lead, and a long
 * incident prompts for an interim update (the seed's 60–90 minutes).
 */

export interface CadencePolicy {
  /** minutes between updates early in an incident */
  firstMinutes: number;
  /** how long "early" lasts, in minutes from the start */
  firstWindowMinutes: number;
  /** minutes between updates after that (long-incident mode) */
  laterMinutes: number;
  /** remind the comms lead this many minutes before an update is due */
  reminderLeadMinutes: number;
  /** prompt for an interim update once the incident is this old (60–90) */
  interimAfterMinutes: number;
}

export const DEFAULT_CADENCE: CadencePolicy = {
  firstMinutes: 20,
  firstWindowMinutes: 120,
  laterMinutes: 60,
  reminderLeadMinutes: 5,
  interimAfterMinutes: 60,
};

const MIN = 60_000;

/** Minutes until the next update is due, by the policy, for an incident that started at `startedAt`. */
export function defaultNextUpdateMinutes(
  startedAt: string,
  now: Date,
  policy: CadencePolicy,
): number {
  const age = (now.getTime() - Date.parse(startedAt)) / MIN;
  return age < policy.firstWindowMinutes ? policy.firstMinutes : policy.laterMinutes;
}

export interface CadenceState {
  incidentId: string;
  status: string;
  startedAt: string;
  nextUpdateAt: string | null;
  /** time of the latest public update */
  lastUpdateAt: string;
}

export type CadenceDue =
  | { kind: 'reminder'; key: string; dueAt: string }
  | { kind: 'overdue'; key: string; dueAt: string }
  | { kind: 'interim'; key: string; dueAt: string };

const FINAL = new Set(['resolved', 'postmortem', 'completed', 'scheduled']);

/**
 * The cadence actions due now for one incident. Each has a stable key, so the caller records
 * it once and never acts twice (even when two schedulers race, a unique key stops the second).
 */
export function dueCadence(s: CadenceState, now: Date, policy: CadencePolicy): CadenceDue[] {
  if (FINAL.has(s.status)) return [];
  const out: CadenceDue[] = [];
  const t = now.getTime();
  if (s.nextUpdateAt) {
    const due = Date.parse(s.nextUpdateAt);
    if (t >= due - policy.reminderLeadMinutes * MIN && t < due) {
      out.push({ kind: 'reminder', key: `reminder:${s.nextUpdateAt}`, dueAt: s.nextUpdateAt });
    }
    if (t >= due)
      out.push({ kind: 'overdue', key: `overdue:${s.nextUpdateAt}`, dueAt: s.nextUpdateAt });
  }
  const interimAt = Date.parse(s.startedAt) + policy.interimAfterMinutes * MIN;
  if (t >= interimAt) {
    out.push({
      kind: 'interim',
      key: `interim:${s.startedAt}`,
      dueAt: new Date(interimAt).toISOString(),
    });
  }
  return out;
}

/** Share of updates posted on or before their promise, the largest gap, and broken promises. */
export function cadenceAdherence(updates: { at: string; promised: string | null }[]): {
  kept: number;
  broken: number;
  adherence: number | null;
  largestGapMinutes: number;
} {
  const sorted = [...updates].sort((a, b) => a.at.localeCompare(b.at));
  let kept = 0;
  let broken = 0;
  let gap = 0;
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    gap = Math.max(gap, (Date.parse(sorted[i].at) - Date.parse(prev.at)) / MIN);
    if (!prev.promised) continue;
    if (sorted[i].at <= prev.promised) kept++;
    else broken++;
  }
  const total = kept + broken;
  return {
    kept,
    broken,
    adherence: total ? kept / total : null,
    largestGapMinutes: Math.round(gap),
  };
}
