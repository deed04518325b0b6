/**
 * SLA arithmetic against hand-computed fixtures (the working is in the comments; the expected
 * numbers are written out, not computed by the code under test), and properties (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountSla,
  componentSegments,
  creditPercent,
  footprintDowntime,
  type Interval,
  monthBounds,
  policyFor,
  type SlaIncident,
  type SlaPolicy,
  type StatusPoint,
  uptimePercent,
} from '../../src/domain/sla.js';
import type { ComponentStatus } from '../../src/domain/types.js';

const t = (iso: string) => Date.parse(iso);
const AWS = [
  { below: 99.99, percent: 10 },
  { below: 99.0, percent: 30 },
  { below: 95.0, percent: 100 },
];
const policy = (over: Partial<SlaPolicy> = {}): SlaPolicy => ({
  key: 'standard',
  name: 'Standard',
  tiers: ['enterprise'],
  account_ids: [],
  target: 99.99,
  credits: AWS,
  partial_outage_weight: 0,
  exclude_maintenance: true,
  goodwill: [],
  ...over,
});
/** an outage: the status from `from` until `to`, operational before and after */
const outage = (status: ComponentStatus, from: string, to: string): StatusPoint[] => [
  { status, at: t(from) },
  { status: 'operational', at: t(to) },
];

/** Runs the whole pipeline for one footprint, the way the report does. */
function run(opts: {
  history: Record<string, StatusPoint[]>;
  maintenance?: Record<string, Interval[]>;
  incidents?: SlaIncident[];
  month: string;
  zone: string;
  policy?: SlaPolicy;
  account?: { tier: string; mrr: number | null };
  now?: string;
}) {
  const p = opts.policy ?? policy();
  const now = t(opts.now ?? '2030-01-01T00:00:00Z');
  const segs = new Map(
    Object.entries(opts.history).map(([c, h]) => [
      c,
      componentSegments(h, opts.maintenance?.[c] ?? [], now, p),
    ]),
  );
  const fp = footprintDowntime(
    Object.keys(opts.history),
    (c) => segs.get(c) ?? [],
    opts.incidents ?? [],
    monthBounds(opts.month, opts.zone),
    now,
  );
  return accountSla(fp, p, opts.account ?? { tier: 'enterprise', mrr: 1000 });
}

describe('month bounds in the account’s time zone', () => {
  it('April 2026 in UTC is 30 × 1440 = 43,200 minutes', () => {
    const b = monthBounds('2026-04', 'UTC');
    expect(b).toEqual({ start: t('2026-04-01T00:00:00Z'), end: t('2026-05-01T00:00:00Z') });
    expect((b.end - b.start) / 60000).toBe(43200);
  });

  it('March 2026 in London loses the hour that BST skips', () => {
    // 1 March 00:00 GMT = 00:00Z; 1 April 00:00 BST = 31 March 23:00Z (clocks went forward
    // at 01:00Z on Sunday 29 March). 31 × 1440 − 60 = 44,580 minutes.
    const b = monthBounds('2026-03', 'Europe/London');
    expect(b).toEqual({ start: t('2026-03-01T00:00:00Z'), end: t('2026-03-31T23:00:00Z') });
    expect((b.end - b.start) / 60000).toBe(44580);
  });

  it('November 2026 in New York gains the hour EDT gives back', () => {
    // 1 Nov 00:00 EDT (UTC−4) = 04:00Z; 1 Dec 00:00 EST (UTC−5) = 05:00Z; clocks went back on
    // Sunday 1 November. 30 × 1440 + 60 = 43,260 minutes.
    const b = monthBounds('2026-11', 'America/New_York');
    expect(b).toEqual({ start: t('2026-11-01T04:00:00Z'), end: t('2026-12-01T05:00:00Z') });
    expect((b.end - b.start) / 60000).toBe(43260);
  });
});

describe('downtime and credits, hand-computed', () => {
  it('overlapping outages on two components of one footprint count once', () => {
    // api: major 10:00–11:00, db: major 10:30–11:30 on 5 April (UTC).
    // union = 10:00–11:30 = 90 min (not 60 + 60 = 120).
    // uptime = (43,200 − 90) / 43,200 × 100 = 99.7916666… → 99.791667
    // 99.791667 < 99.99 → 10 %; not < 99.0 → stays 10 %; amount = 10 % of 1,000 = 100
    const r = run({
      history: {
        api: outage('major_outage', '2026-04-05T10:00:00Z', '2026-04-05T11:00:00Z'),
        db: outage('major_outage', '2026-04-05T10:30:00Z', '2026-04-05T11:30:00Z'),
      },
      month: '2026-04',
      zone: 'UTC',
    });
    expect(r.downtime_minutes).toBe(90);
    expect(r.minutes_in_period).toBe(43200);
    expect(r.uptime).toBe(99.791667);
    expect(r.credit_percent).toBe(10);
    expect(r.credit_amount).toBe(100);
  });

  it('an outage across a month boundary is split between the months', () => {
    // major 30 April 23:00Z → 1 May 01:00Z.
    // UTC: April keeps 23:00–24:00 = 60 min, May keeps 00:00–01:00 = 60 min.
    //   April: (43,200 − 60) / 43,200 × 100 = 99.861111…; May: (44,640 − 60) / 44,640 = 99.865591…
    // Europe/Paris (UTC+2 in spring): April ends at 30 April 22:00Z, so all 120 min fall in May:
    //   May in Paris = 1 May 00:00 CEST (30 Apr 22:00Z) … 1 June 00:00 CEST = 44,640 min;
    //   (44,640 − 120) / 44,640 × 100 = 99.731182… → 99.731183
    const history = {
      api: outage('major_outage', '2026-04-30T23:00:00Z', '2026-05-01T01:00:00Z'),
    };
    const april = run({ history, month: '2026-04', zone: 'UTC' });
    const may = run({ history, month: '2026-05', zone: 'UTC' });
    expect(april.downtime_minutes).toBe(60);
    expect(april.uptime).toBe(99.861111);
    expect(may.downtime_minutes).toBe(60);
    expect(may.uptime).toBe(99.865591);
    expect(run({ history, month: '2026-04', zone: 'Europe/Paris' }).downtime_minutes).toBe(0);
    const parisMay = run({ history, month: '2026-05', zone: 'Europe/Paris' });
    expect(parisMay.downtime_minutes).toBe(120);
    expect(parisMay.uptime).toBe(99.731183);
  });

  it('a DST change in the account’s zone shortens the month', () => {
    // major 29 March 00:30Z → 01:30Z (across the change to BST) = 60 real minutes.
    // March in London = 44,580 min (above). uptime = (44,580 − 60) / 44,580 × 100
    // = 99.865410… (the same hour in a 44,640-minute month would give 99.865591).
    const r = run({
      history: { api: outage('major_outage', '2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z') },
      month: '2026-03',
      zone: 'Europe/London',
    });
    expect(r.minutes_in_period).toBe(44580);
    expect(r.downtime_minutes).toBe(60);
    expect(r.uptime).toBe(99.86541);
  });

  it('maintenance windows are excluded unless the policy says otherwise', () => {
    // api: under maintenance 01:00–02:00, then major 02:00–04:00 on 10 April.
    // the maintenance window is 01:00–03:00.
    // excluded: 01:00–02:00 counts 0 (maintenance), 02:00–03:00 is inside the window → 0,
    //   03:00–04:00 → 60 min. uptime = (43,200 − 60) / 43,200 = 99.861111
    // included: under maintenance counts as down: 01:00–04:00 = 180 min.
    //   uptime = (43,200 − 180) / 43,200 × 100 = 99.583333…
    const history = {
      api: [
        { status: 'under_maintenance', at: t('2026-04-10T01:00:00Z') },
        { status: 'major_outage', at: t('2026-04-10T02:00:00Z') },
        { status: 'operational', at: t('2026-04-10T04:00:00Z') },
      ] as StatusPoint[],
    };
    const maintenance = {
      api: [{ start: t('2026-04-10T01:00:00Z'), end: t('2026-04-10T03:00:00Z') }],
    };
    const excluded = run({ history, maintenance, month: '2026-04', zone: 'UTC' });
    expect(excluded.downtime_minutes).toBe(60);
    expect(excluded.uptime).toBe(99.861111);
    const included = run({
      history,
      maintenance,
      month: '2026-04',
      zone: 'UTC',
      policy: policy({ exclude_maintenance: false }),
    });
    expect(included.downtime_minutes).toBe(180);
    expect(included.uptime).toBe(99.583333);
  });

  it('a partial outage counts by the policy’s weight, and a major one on top counts in full', () => {
    // api: partial 10:00–12:00; db: major 11:00–11:30 (12 April).
    // weight 0 (default): only db's 30 min count → 30 min.
    // weight 0.5: 10:00–11:00 → 0.5 × 60 = 30; 11:00–11:30 → max(0.5, 1) × 30 = 30;
    //   11:30–12:00 → 0.5 × 30 = 15; total 75 min.
    //   uptime = (43,200 − 75) / 43,200 × 100 = 99.826388… → 99.826389
    const history = {
      api: outage('partial_outage', '2026-04-12T10:00:00Z', '2026-04-12T12:00:00Z'),
      db: outage('major_outage', '2026-04-12T11:00:00Z', '2026-04-12T11:30:00Z'),
    };
    expect(run({ history, month: '2026-04', zone: 'UTC' }).downtime_minutes).toBe(30);
    const half = run({
      history,
      month: '2026-04',
      zone: 'UTC',
      policy: policy({ partial_outage_weight: 0.5 }),
    });
    expect(half.downtime_minutes).toBe(75);
    expect(half.uptime).toBe(99.826389);
  });

  it('a long SEV1 earns goodwill for an enterprise account even within the SLA', () => {
    // SEV1 open 09:00–10:30 (90 min) on api, which was only degraded (weight 0): no downtime,
    // uptime 100, no SLA credit. The rule (SEV1, enterprise, over 60 min, 5 %) applies:
    // 90 > 60 → goodwill 5 % of MRR 2,000 = 100. A pro account gets none (tier), and a SEV2
    // none (severity); a 60-minute SEV1 none (not more than 60).
    const rules = [{ severity: 'SEV1', tiers: ['enterprise'], over_minutes: 60, percent: 5 }];
    const inc = (id: string, severity: string, to: string): SlaIncident => ({
      id,
      severity,
      start: t('2026-04-20T09:00:00Z'),
      end: t(to),
      components: ['api'],
    });
    const history = {
      api: outage('degraded_performance', '2026-04-20T09:00:00Z', '2026-04-20T10:30:00Z'),
    };
    const base = { history, month: '2026-04', zone: 'UTC', policy: policy({ goodwill: rules }) };
    const r = run({
      ...base,
      incidents: [inc('i1', 'SEV1', '2026-04-20T10:30:00Z')],
      account: { tier: 'enterprise', mrr: 2000 },
    });
    expect(r.uptime).toBe(100);
    expect(r.credit_percent).toBe(0);
    expect(r.goodwill).toEqual({ percent: 5, amount: 100, incidents: ['i1'] });
    expect(r.incidents).toEqual(['i1']);
    const pro = run({
      ...base,
      incidents: [inc('i1', 'SEV1', '2026-04-20T10:30:00Z')],
      account: { tier: 'pro', mrr: 2000 },
    });
    expect(pro.goodwill).toBeNull();
    const sev2 = run({
      ...base,
      incidents: [inc('i2', 'SEV2', '2026-04-20T10:30:00Z')],
      account: { tier: 'enterprise', mrr: 2000 },
    });
    expect(sev2.goodwill).toBeNull();
    const hour = run({
      ...base,
      incidents: [inc('i3', 'SEV1', '2026-04-20T10:00:00Z')],
      account: { tier: 'enterprise', mrr: 2000 },
    });
    expect(hour.goodwill).toBeNull();
    // a fixed amount adds to the percentage: 5 % of 2,000 + 250 = 350
    const fixed = run({
      ...base,
      policy: policy({ goodwill: [{ ...rules[0], percent: 5, amount: 250 }] }),
      incidents: [inc('i1', 'SEV1', '2026-04-20T10:30:00Z')],
      account: { tier: 'enterprise', mrr: 2000 },
    });
    expect(fixed.goodwill?.amount).toBe(350);
  });

  it('credit tiers pick the highest applicable percent', () => {
    // 600 min down in April: (43,200 − 600) / 43,200 × 100 = 98.611111 → below 99.99 and 99.0
    // → max(10, 30) = 30 %
    const r = run({
      history: { api: outage('major_outage', '2026-04-02T00:00:00Z', '2026-04-02T10:00:00Z') },
      month: '2026-04',
      zone: 'UTC',
    });
    expect(r.uptime).toBe(98.611111);
    expect(r.credit_percent).toBe(30);
    expect(r.credit_amount).toBe(300);
    expect(creditPercent(94.9, AWS)).toBe(100);
    expect(creditPercent(99.99, AWS)).toBe(0);
  });

  it('an outage still open counts up to now, and the month is still whole', () => {
    // major since 10 April 00:00Z, now 10 April 02:00Z: 120 min of 43,200
    const r = run({
      history: { api: [{ status: 'major_outage', at: t('2026-04-10T00:00:00Z') }] },
      month: '2026-04',
      zone: 'UTC',
      now: '2026-04-10T02:00:00Z',
    });
    expect(r.downtime_minutes).toBe(120);
    expect(r.minutes_in_period).toBe(43200);
  });

  it('a policy naming the account wins over one for its tier', () => {
    const a = { key: 'a-tier', tiers: ['pro'], account_ids: [] };
    const b = { key: 'b-named', tiers: [], account_ids: ['acc1'] };
    expect(policyFor([a, b], { id: 'acc1', tier: 'pro' })?.key).toBe('b-named');
    expect(policyFor([a, b], { id: 'acc2', tier: 'pro' })?.key).toBe('a-tier');
    expect(policyFor([a, b], { id: 'acc2', tier: 'free' })).toBeUndefined();
  });
});

describe('properties', () => {
  const MONTH = monthBounds('2026-04', 'UTC');
  const statusArb = fc.constantFrom<ComponentStatus>(
    'operational',
    'degraded_performance',
    'partial_outage',
    'major_outage',
    'under_maintenance',
  );
  const pointArb = fc.record({
    status: statusArb,
    at: fc.integer({ min: MONTH.start - 86_400_000, max: MONTH.end + 86_400_000 }),
  });
  const historyArb = fc.dictionary(
    fc.constantFrom('a', 'b', 'c'),
    fc.array(pointArb, { maxLength: 12 }),
  );
  const policyArb = fc.record({
    partial_outage_weight: fc.double({ min: 0, max: 1, noNaN: true }),
    exclude_maintenance: fc.boolean(),
  });
  const downtime = (h: Record<string, StatusPoint[]>, p: Parameters<typeof componentSegments>[3]) =>
    footprintDowntime(
      Object.keys(h),
      (c) => componentSegments(h[c] ?? [], [], MONTH.end, p),
      [],
      MONTH,
      MONTH.end,
    );

  it('uptime stays within [0, 100]', () => {
    fc.assert(
      fc.property(historyArb, policyArb, (h, p) => {
        const fp = downtime(h, p);
        const u = uptimePercent(fp.periodMinutes, fp.downtimeMinutes);
        return u >= 0 && u <= 100 && fp.downtimeMinutes <= fp.periodMinutes + 1e-9;
      }),
    );
  });

  it('adding an outage never raises uptime', () => {
    fc.assert(
      fc.property(
        historyArb,
        policyArb,
        fc.constantFrom('a', 'b', 'c', 'd'),
        fc.integer({ min: MONTH.start, max: MONTH.end }),
        fc.integer({ min: 1, max: 5 * 86_400_000 }),
        (h, p, c, start, len) => {
          const before = downtime(h, p);
          // an outage on top of a component's history: major from start to start+len, then
          // whatever the history said at that time resumes
          const list = h[c] ?? [];
          const resume = [...list]
            .map((x, i) => ({ x, i }))
            .filter(({ x }) => x.at <= start + len)
            .sort((a, b) => a.x.at - b.x.at || a.i - b.i)
            .pop()?.x.status;
          const kept = list.filter((x) => x.at < start || x.at > start + len);
          const withOutage = {
            ...h,
            [c]: [
              ...kept,
              { status: 'major_outage' as const, at: start },
              { status: resume ?? 'operational', at: start + len },
            ],
          };
          const after = downtime(withOutage, p);
          return (
            uptimePercent(after.periodMinutes, after.downtimeMinutes) <=
            uptimePercent(before.periodMinutes, before.downtimeMinutes)
          );
        },
      ),
    );
  });

  it('credits are monotone: lower uptime never earns a smaller credit', () => {
    const tiers = fc.array(
      fc.record({
        below: fc.double({ min: 0, max: 100, noNaN: true }),
        percent: fc.double({ min: 0, max: 100, noNaN: true }),
      }),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(
        tiers,
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (credits, x, y) => {
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          return creditPercent(lo, credits) >= creditPercent(hi, credits);
        },
      ),
    );
  });
});
