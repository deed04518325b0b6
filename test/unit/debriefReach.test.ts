/** The debrief's further metrics (domain/debriefReach.ts): the reasons given when data is missing. */
import { describe, expect, it } from 'vitest';
import { nearestRanks } from '../../src/domain/debrief.js';
import { computeReach, type ReachFacts, suggestSms } from '../../src/domain/debriefReach.js';

const facts = (over: Partial<ReachFacts> = {}): ReachFacts => ({
  started_at: '2026-11-20T12:00:00.000Z',
  first_ack_at: null,
  roles_assigned: 0,
  first_internal_notice_at: null,
  internal_notice_deliveries: 0,
  first_scoping_update_at: null,
  reach: null,
  contacts_exist: false,
  consistency: [],
  social: null,
  sms: null,
  ...over,
});

describe('debrief reach metrics', () => {
  it('says why a time is missing: assigned but never acknowledged, queued but never sent', () => {
    const missing: Record<string, string> = {};
    const m = computeReach(facts({ roles_assigned: 2, internal_notice_deliveries: 3 }), missing);
    expect(m.time_to_acknowledge_s).toBeNull();
    expect(missing).toEqual({
      time_to_acknowledge_s: 'no one acknowledged their role (2 assigned)',
      time_to_first_internal_notice_s: 'none of the 3 team notice deliveries was sent',
      time_to_scoping_update_s: 'no public update named an affected component',
    });
  });

  it('gives reach no value without contacts, and social none without a reading account', () => {
    const m = computeReach(
      facts({
        reach: { total: { contacts: 0, accounts: 0 }, by_audience: {}, by_tier: {} },
        contacts_exist: false,
      }),
      {},
    );
    expect(m.reach).toEqual({
      value: null,
      reason: 'no contacts: no subscriber is linked to an account',
    });
    expect(m.social_backlash).toMatchObject({ value: null });
  });

  it('marks the channels an update missed, and times from the start', () => {
    const m = computeReach(
      facts({
        first_ack_at: '2026-11-20T12:01:30.000Z',
        consistency: [
          { update_id: 'u1', posted_at: 'a', channels_sent: ['email', 'webhook'], missing: [] },
          { update_id: 'u2', posted_at: 'b', channels_sent: [], missing: [] },
          { update_id: 'u3', posted_at: 'c', channels_sent: ['email', 'sms'], missing: [] },
        ],
      }),
      {},
    );
    expect(m.time_to_acknowledge_s).toBe(90);
    expect(m.consistency).toEqual({
      consistent: false,
      channels: ['email', 'sms', 'webhook'],
      updates: [
        { update_id: 'u1', posted_at: 'a', channels_sent: ['email', 'webhook'], missing: ['sms'] },
        {
          update_id: 'u2',
          posted_at: 'b',
          channels_sent: [],
          missing: ['email', 'sms', 'webhook'],
        },
        { update_id: 'u3', posted_at: 'c', channels_sent: ['email', 'sms'], missing: ['webhook'] },
      ],
    });
  });

  it('suggests shortening each template once, naming the longest wording', () => {
    const over = (update_id: string, locale: string, units: number, segments: number) => ({
      update_id,
      template: `tpl_${locale}`,
      key: 'identified',
      locale,
      encoding: 'UCS-2' as const,
      units,
      segments,
    });
    const m = computeReach(
      facts({
        sms: {
          checked: 4,
          over: [over('u1', 'fr', 80, 2), over('u2', 'fr', 140, 3), over('u2', 'de', 71, 2)],
        },
      }),
      {},
    );
    expect(suggestSms(m)).toEqual([
      {
        id: 'sms-one-segment',
        text: '3 SMS went over one segment (identified (de): 2 segments, 71 UCS-2 characters where one holds 70; identified (fr): 3 segments, 140 UCS-2 characters where one holds 70): shorten the SMS wording of those templates so each notice costs one message and arrives whole.',
        plan_change: null,
      },
    ]);
    expect(suggestSms(computeReach(facts({ sms: { checked: 2, over: [] } }), {}))).toEqual([]);
  });
});

describe('nearest-rank percentiles from a histogram', () => {
  it('reads the value at rank ⌈p·n⌉ in order, however the values are grouped', () => {
    // 1..100 once each: p50 → 50th value, p95 → 95th, p99 → 99th
    const flat = new Map(Array.from({ length: 100 }, (_, i) => [i + 1, 1] as [number, number]));
    expect(nearestRanks(flat, [0.5, 0.95, 0.99])).toEqual([50, 95, 99]);
    // 10 × 5 ms, 1 × 900 ms, in no order: n = 11, ranks 6, 11, 11
    expect(
      nearestRanks(
        new Map([
          [900, 1],
          [5, 10],
        ]),
        [0.5, 0.95, 0.99],
      ),
    ).toEqual([5, 900, 900]);
    expect(nearestRanks(new Map([[7, 1]]), [0.5])).toEqual([7]);
    expect(nearestRanks(new Map(), [0.5, 0.99])).toEqual([null, null]);
  });
});
