/** The debrief's targets and quarters (issue #14): pure rules with hand-worked values. */
import { describe, expect, it } from 'vitest';
import type { Trends } from '../../src/domain/debrief.js';
import { isOverdue } from '../../src/domain/debriefActions.js';
import { compareWithTargets, meets, targetsFrom } from '../../src/domain/debriefTargets.js';
import { parseQuarter, quarterBounds, quarterOf, shiftQuarter } from '../../src/domain/quarter.js';

const trends: Trends = {
  incidents: 4,
  median_time_to_first_public_update_s: 900,
  cadence_adherence: 0.85,
  delivery_success: 0.995,
  enquiries_per_incident: 2.5,
  missing: {},
};

describe('trend targets', () => {
  it('reads the plan settings over the defaults', () => {
    expect(targetsFrom({})).toEqual({
      target_first_public_update_minutes: 15,
      target_cadence_adherence: 0.9,
      target_delivery_success: 0.99,
      target_enquiries_per_incident: null,
    });
    expect(
      targetsFrom({ target_cadence_adherence: '0.8', target_enquiries_per_incident: '3', x: '1' }),
    ).toMatchObject({ target_cadence_adherence: 0.8, target_enquiries_per_incident: 3 });
  });

  it('meets a target on its boundary, lower or higher being better', () => {
    expect(meets(900, 900, 'lower')).toBe(true);
    expect(meets(901, 900, 'lower')).toBe(false);
    expect(meets(0.9, 0.9, 'higher')).toBe(true);
    expect(meets(null, 0.9, 'higher')).toBeNull();
    expect(meets(1, null, 'lower')).toBeNull();
  });

  it('compares each trend, minutes turned into seconds', () => {
    const c = compareWithTargets(trends, targetsFrom({ target_enquiries_per_incident: '2' }));
    expect(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, [v.target, v.met]]))).toEqual({
      median_time_to_first_public_update_s: [900, true], // 15 min = 900 s, 900 ≤ 900
      cadence_adherence: [0.9, false], // 0.85 < 0.9
      delivery_success: [0.99, true], // 0.995 ≥ 0.99
      enquiries_per_incident: [2, false], // 2.5 > 2
    });
  });
});

describe('quarters', () => {
  it('parses, finds, shifts and bounds a quarter in UTC', () => {
    expect(parseQuarter('2026-Q4')).toEqual({ year: 2026, q: 4 });
    expect(parseQuarter('2026-Q5')).toBeNull();
    expect(quarterOf(new Date('2026-12-31T23:59:59Z'))).toEqual({ year: 2026, q: 4 });
    expect(quarterOf(new Date('2027-01-01T00:00:00Z'))).toEqual({ year: 2027, q: 1 });
    expect(shiftQuarter({ year: 2026, q: 4 }, 1)).toEqual({ year: 2027, q: 1 });
    expect(shiftQuarter({ year: 2026, q: 1 }, -1)).toEqual({ year: 2025, q: 4 });
    expect(quarterBounds({ year: 2026, q: 4 })).toEqual({
      from: '2026-10-01T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
      months: ['2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    });
  });
});

describe('action items', () => {
  it('is overdue when open and at or past its due time', () => {
    const due = '2026-11-20T12:00:00.000Z';
    expect(isOverdue({ status: 'open', due_at: due }, due)).toBe(true);
    expect(isOverdue({ status: 'open', due_at: due }, '2026-11-20T11:59:59Z')).toBe(false);
    expect(isOverdue({ status: 'done', due_at: due }, '2026-12-01T00:00:00Z')).toBe(false);
  });
});
