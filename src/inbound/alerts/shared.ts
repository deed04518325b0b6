/** Helpers the alert sources share. */
import type { AlertStatus } from '../../domain/alerts.js';
import { invalid } from '../../domain/errors.js';
import { clip, object, optional } from '../shared.js';

/** A map of string labels from an object (numbers and booleans as text; the rest dropped). */
export function labelsOf(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = clip(v, 500);
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

export function statusOf(value: string | undefined, field: string): AlertStatus {
  const v = value?.toLowerCase();
  if (v === 'firing' || v === 'resolved') return v;
  throw invalid({ [field]: 'must be firing or resolved' });
}

/** The alerts array of a payload, as objects. */
export function alertList(body: Record<string, unknown>, field = 'alerts') {
  const list = body[field];
  if (!Array.isArray(list) || list.length === 0)
    throw invalid({ [field]: 'must be a non-empty array of alerts' });
  if (list.length > 10_000) throw invalid({ [field]: 'must hold at most 10000 alerts' });
  return list.map((a, i) => object(a, `${field}[${i}]`));
}

/** A title cut to an incident name's length. */
export const title = (t: string) => clip(t, 255);

export { object, optional };
