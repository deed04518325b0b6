/**
 * The plan's targets for the debrief's trends (issue #14): each trend across incidents compared
 * with the figure the plan aims for. Pure: settings come in as the plan_settings text values.
 */
import type { Trends } from './debrief.js';

export const TARGET_DEFAULTS = {
  target_first_public_update_minutes: 15,
  target_cadence_adherence: 0.9,
  target_delivery_success: 0.99,
  target_enquiries_per_incident: null as number | null,
};

export type TargetSetting = keyof typeof TARGET_DEFAULTS;

/** The trends compared with a target, with the plan setting each reads. */
export const TREND_TARGETS = [
  {
    trend: 'median_time_to_first_public_update_s',
    setting: 'target_first_public_update_minutes',
    better: 'lower',
    /** the setting is in minutes, the trend in seconds */
    scale: 60,
  },
  { trend: 'cadence_adherence', setting: 'target_cadence_adherence', better: 'higher', scale: 1 },
  { trend: 'delivery_success', setting: 'target_delivery_success', better: 'higher', scale: 1 },
  {
    trend: 'enquiries_per_incident',
    setting: 'target_enquiries_per_incident',
    better: 'lower',
    scale: 1,
  },
] as const satisfies readonly {
  trend: keyof Trends;
  setting: TargetSetting;
  better: 'lower' | 'higher';
  scale: number;
}[];

export type TrendKey = (typeof TREND_TARGETS)[number]['trend'];

export interface TargetCheck {
  /** the target in the trend's own unit (seconds for times); null: the plan sets none */
  target: number | null;
  /** whether lower or higher values are better */
  better: 'lower' | 'higher';
  /** null when there is no target or nothing was measured */
  met: boolean | null;
  /** the plan setting that holds the target */
  setting: TargetSetting;
}

/** The targets the plan sets, over the defaults; a setting of "none" or "" clears a target. */
export function targetsFrom(
  settings: Readonly<Record<string, string | null | undefined>>,
): Record<TargetSetting, number | null> {
  const out = { ...TARGET_DEFAULTS } as Record<TargetSetting, number | null>;
  for (const k of Object.keys(TARGET_DEFAULTS) as TargetSetting[]) {
    const v = settings[k];
    if (v == null || v === '') continue;
    const n = Number(v);
    if (Number.isFinite(n)) out[k] = n;
  }
  return out;
}

/** Whether a value meets a target, or null when either is missing. */
export function meets(value: number | null, target: number | null, better: 'lower' | 'higher') {
  if (value === null || target === null) return null;
  return better === 'lower' ? value <= target : value >= target;
}

/** Each trend with its target and whether it is met. */
export function compareWithTargets(
  trends: Trends,
  targets: Record<TargetSetting, number | null>,
): Record<TrendKey, TargetCheck> {
  const out = {} as Record<TrendKey, TargetCheck>;
  for (const t of TREND_TARGETS) {
    const raw = targets[t.setting];
    const target = raw === null ? null : raw * t.scale;
    out[t.trend] = {
      target,
      better: t.better,
      met: meets(trends[t.trend], target, t.better),
      setting: t.setting,
    };
  }
  return out;
}
