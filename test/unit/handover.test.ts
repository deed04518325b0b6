/**
 * The follow-the-sun rules in domain/handover.ts with plain inputs: whose hours apply, when a
 * shift ends (across a DST change and overnight), when a prompt is due, and who takes over.
 * The expected instants are worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import {
  effectiveHours,
  escalationTarget,
  nextOnShift,
  promptDue,
  relevantShiftEnd,
} from '../../src/domain/handover.js';

const REGIONS = [
  { key: 'apac', time_zone: 'Asia/Singapore', hours: '08:00-17:00 Mon-Fri' },
  { key: 'emea', time_zone: 'Europe/London', hours: '08:00-17:00 Mon-Fri' },
  { key: 'amer', time_zone: 'America/New_York', hours: '09:00-19:00 Mon-Fri' },
];
const person = (
  id: string,
  region: string | null,
  own: Partial<{ time_zone: string; working_hours: string | null }> = {},
) => ({
  id,
  region,
  time_zone: own.time_zone ?? 'Etc/UTC',
  working_hours: own.working_hours ?? null,
});
const t = (iso: string) => new Date(iso);

describe('whose hours apply', () => {
  it('takes a person’s own hours first, then their region’s, else none', () => {
    expect(
      effectiveHours(
        person('a', 'apac', { time_zone: 'Europe/Paris', working_hours: '10:00-12:00' }),
        REGIONS,
      ),
    ).toEqual({
      time_zone: 'Europe/Paris',
      working_hours: '10:00-12:00',
    });
    expect(effectiveHours(person('b', 'apac'), REGIONS)).toEqual({
      time_zone: 'Asia/Singapore',
      working_hours: '08:00-17:00 Mon-Fri',
    });
    expect(effectiveHours(person('c', 'gone'), REGIONS).working_hours).toBeNull();
    expect(effectiveHours(person('d', null), REGIONS).working_hours).toBeNull();
  });
});

describe('shift ends', () => {
  const london = { time_zone: 'Europe/London', working_hours: '08:00-17:00 Mon-Fri' };

  it('is the end of the current shift, or of the one that just ended', () => {
    // Thu 3 Dec 2026, 12:00 GMT: the shift ends at 17:00 GMT = 17:00Z
    expect(relevantShiftEnd(london, t('2026-12-03T12:00:00Z'))?.toISOString()).toBe(
      '2026-12-03T17:00:00.000Z',
    );
    // 18:00Z: it ended an hour ago
    expect(relevantShiftEnd(london, t('2026-12-03T18:00:00Z'))?.toISOString()).toBe(
      '2026-12-03T17:00:00.000Z',
    );
    // Sat 5 Dec, 10:00Z: Friday's shift ended 17 hours ago, beyond the 12-hour look-back
    expect(relevantShiftEnd(london, t('2026-12-05T10:00:00Z'))).toBeNull();
    // always on: no shift ends
    expect(
      relevantShiftEnd({ time_zone: 'Etc/UTC', working_hours: null }, t('2026-12-03T12:00:00Z')),
    ).toBeNull();
    expect(
      relevantShiftEnd({ time_zone: 'Etc/UTC', working_hours: '24/7' }, t('2026-12-03T12:00:00Z')),
    ).toBeNull();
  });

  it('follows the clocks across a DST change in an overnight shift', () => {
    // Europe/London springs forward on Sun 29 Mar 2026 at 01:00 GMT → 02:00 BST. The night
    // shift from Sat 22:00 GMT (= 22:00Z) ends Sun 06:00 BST (= 05:00Z): 7 hours, not 8.
    const nights = { time_zone: 'Europe/London', working_hours: '22:00-06:00' };
    expect(relevantShiftEnd(nights, t('2026-03-29T03:00:00Z'))?.toISOString()).toBe(
      '2026-03-29T05:00:00.000Z',
    );
    // with a 30-minute lead: 04:20Z is 40 minutes before, 04:40Z is 20 minutes before
    expect(promptDue(nights, t('2026-03-29T04:20:00Z'), 30)).toBeNull();
    expect(promptDue(nights, t('2026-03-29T04:40:00Z'), 30)?.toISOString()).toBe(
      '2026-03-29T05:00:00.000Z',
    );
    // and in autumn (Sun 25 Oct 2026, 02:00 BST → 01:00 GMT) the night is 9 hours:
    // Sat 22:00 BST (= 21:00Z) to Sun 06:00 GMT (= 06:00Z)
    expect(relevantShiftEnd(nights, t('2026-10-25T01:30:00Z'))?.toISOString()).toBe(
      '2026-10-25T06:00:00.000Z',
    );
  });

  it('joins shifts that touch, so 00:00-24:00 every day never ends', () => {
    const allDay = { time_zone: 'Etc/UTC', working_hours: '00:00-24:00' };
    expect(promptDue(allDay, t('2026-12-03T23:50:00Z'), 30)).toBeNull();
  });
});

describe('who takes over', () => {
  const rotation = [
    person('asha', 'apac'),
    person('emil', 'emea'),
    person('eva', 'emea'),
    person('ana', 'amer'),
    person('abe', 'amer'),
  ];

  it('is the next on shift in rotation order, never the outgoing person', () => {
    // 08:40Z: Singapore 16:40 (Asha, ending), London 08:40 (Emil, Eva), New York 03:40
    expect(nextOnShift(rotation, REGIONS, 'asha', t('2026-12-03T08:40:00Z'))?.id).toBe('emil');
    expect(nextOnShift(rotation, REGIONS, 'emil', t('2026-12-03T08:40:00Z'))?.id).toBe('eva');
  });

  it('prefers someone whose own shift is not also ending', () => {
    // 16:40Z: London 16:40 (Eva, ending at 17:00), New York 11:40 (Ana, Abe)
    expect(nextOnShift(rotation, REGIONS, 'emil', t('2026-12-03T16:40:00Z'))?.id).toBe('ana');
    // with nobody else, one who is ending still beats nobody
    const two = [person('emil', 'emea'), person('eva', 'emea')];
    expect(nextOnShift(two, REGIONS, 'emil', t('2026-12-03T16:40:00Z'))?.id).toBe('eva');
  });

  it('is nobody when nobody else is on shift (Saturday)', () => {
    expect(nextOnShift(rotation, REGIONS, 'asha', t('2026-12-05T12:00:00Z'))).toBeNull();
  });

  it('escalates to the next on shift other than the two in the handover', () => {
    expect(
      escalationTarget(rotation, REGIONS, ['emil', 'ana'], t('2026-12-03T16:56:00Z'))?.id,
    ).toBe('eva');
    expect(
      escalationTarget(rotation, REGIONS, ['emil', 'ana', 'eva'], t('2026-12-03T16:56:00Z'))?.id,
    ).toBe('abe');
    expect(
      escalationTarget(rotation, REGIONS, ['emil', 'ana', 'eva', 'abe'], t('2026-12-03T16:56:00Z')),
    ).toBeNull();
  });
});
