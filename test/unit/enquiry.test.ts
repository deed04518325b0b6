/** The pure enquiry rules (issue #11): sender, linking, flags, escalation, spikes, buckets and themes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENQUIRY_RULES,
  enquiryFlags,
  enquiryRulesFrom,
  escalationReason,
  firstResponseSeconds,
  isNegative,
  isNegativeRun,
  isSpike,
  linkIncident,
  parseSender,
} from '../../src/domain/enquiry.js';
import { buckets, themes } from '../../src/domain/enquiryStats.js';
import { scoreSentiment } from '../../src/lib/sentiment.js';

describe('parseSender', () => {
  it('reads an address, its company domain, and a phone number', () => {
    expect(parseSender('Peter <Peter@Initech.test>')).toEqual({
      email: 'peter@initech.test',
      domain: 'initech.test',
      phone: null,
    });
    expect(parseSender('someone@gmail.com').domain).toBeNull();
    expect(parseSender('+44 (20) 7946-0000')).toEqual({
      email: null,
      domain: null,
      phone: '+442079460000',
    });
    expect(parseSender('@handle@mastodon.social').email).toBe('handle@mastodon.social');
    expect(parseSender('just a name')).toEqual({ email: null, domain: null, phone: null });
  });
});

describe('linkIncident', () => {
  const active = [
    { id: 'pay', name: 'Payments failing', components: ['Payments API'] },
    { id: 'dash', name: 'Slow dashboard', components: ['Dashboard'] },
  ];
  it('prefers a whole component name, then incident name words', () => {
    expect(linkIncident('the payments api returns 500', active)).toBe('pay');
    expect(linkIncident('Dashboard takes ages', active)).toBe('dash');
    expect(linkIncident('why so slow?', active)).toBe('dash');
  });
  it('falls back to the only active incident, else none', () => {
    expect(linkIncident('is something wrong?', active)).toBeNull();
    expect(linkIncident('is something wrong?', [active[0]])).toBe('pay');
    expect(linkIncident('anything', [])).toBeNull();
  });
});

describe('flags and sentiment', () => {
  it('flags anger and churn words and phrases', () => {
    expect(enquiryFlags('This is UNACCEPTABLE.')).toEqual(['anger']);
    expect(enquiryFlags('We will switch to a competitor')).toEqual(['churn']);
    expect(enquiryFlags('furious, we want a refund')).toEqual(['anger', 'churn']);
    expect(enquiryFlags('Any news on the fix?')).toEqual([]);
    expect(enquiryFlags('we are switching providers')).toEqual(['churn']);
  });
  it('calls a negative score or any flag negative', () => {
    const s = scoreSentiment('This outage is terrible and we are angry');
    expect(s.score).toBeLessThan(0);
    expect(isNegative(s.comparative, [])).toBe(true);
    expect(isNegative(0, ['churn'])).toBe(true);
    expect(isNegative(scoreSentiment('Thanks, great work').comparative, [])).toBe(false);
  });
});

describe('escalation', () => {
  it('escalates key accounts, and negative enquiries from critical accounts', () => {
    expect(escalationReason({ keyAccount: true, criticality: 'normal', negative: false })).toBe(
      'key_account',
    );
    expect(escalationReason({ keyAccount: false, criticality: 'critical', negative: true })).toBe(
      'negative_critical',
    );
    expect(
      escalationReason({ keyAccount: false, criticality: 'critical', negative: false }),
    ).toBeNull();
    expect(escalationReason({ keyAccount: false, criticality: 'high', negative: true })).toBeNull();
  });
});

describe('spikes and runs', () => {
  it('is a spike above three times the previous hour’s rate, never a trickle', () => {
    expect(isSpike(6, 0)).toBe(true);
    expect(isSpike(4, 0)).toBe(false); // fewer than the minimum
    expect(isSpike(31, 120)).toBe(true); // 10 per 5 minutes before
    expect(isSpike(30, 120)).toBe(false); // exactly three times is not more
    expect(isSpike(20, 120)).toBe(false);
  });
  it('never calls a steady rate a spike', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        (perWindow) => !isSpike(perWindow, perWindow * 12),
      ),
    );
  });
  it('needs the whole run negative', () => {
    expect(isNegativeRun([true, true, true, true, true, false])).toBe(true);
    expect(isNegativeRun([true, true, false, true, true, true])).toBe(false);
    expect(isNegativeRun([true, true])).toBe(false);
  });
});

describe('buckets and themes', () => {
  it('buckets by 5 minutes with no gaps and a mean of the scored', () => {
    const b = buckets([
      { received_at: '2026-11-20T10:01:00Z', channel: 'email', sentiment: -1 },
      { received_at: '2026-11-20T10:04:59Z', channel: 'sms', sentiment: 0.5 },
      { received_at: '2026-11-20T10:11:00Z', channel: 'email', sentiment: null },
    ]);
    expect(b).toEqual([
      {
        start: '2026-11-20T10:00:00.000Z',
        count: 2,
        mean_sentiment: -0.25,
        by_channel: { email: 1, sms: 1 },
      },
      { start: '2026-11-20T10:05:00.000Z', count: 0, mean_sentiment: null, by_channel: {} },
      {
        start: '2026-11-20T10:10:00.000Z',
        count: 1,
        mean_sentiment: null,
        by_channel: { email: 1 },
      },
    ]);
    expect(buckets([])).toEqual([]);
  });
  it('counts every row exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 86_400_000 }), { maxLength: 200 }), (ts) => {
        const rows = ts.map((t) => ({
          received_at: new Date(t).toISOString(),
          channel: 'x',
          sentiment: 0,
        }));
        expect(buckets(rows).reduce((n, b) => n + b.count, 0)).toBe(rows.length);
      }),
    );
  });
  it('finds frequent words and phrases without the common words', () => {
    const t = themes([
      'Login is broken',
      'login broken again!',
      'Cannot login broken today',
      'Login, broken',
      'Invoice question',
    ]);
    // the words are more frequent than the phrase; ties in name order
    expect(t.slice(0, 2)).toEqual([
      { theme: 'broken', count: 4 },
      { theme: 'login', count: 4 },
    ]);
    expect(t).toContainEqual({ theme: 'login broken', count: 3 }); // not across the comma
    expect(t.map((x) => x.theme)).not.toContain('is');
  });
  it('measures the first response', () => {
    expect(firstResponseSeconds('2026-11-20T10:00:00Z', '2026-11-20T10:03:30Z')).toBe(210);
    expect(firstResponseSeconds('2026-11-20T10:00:00Z', null)).toBeNull();
  });
});

describe('enquiryRulesFrom', () => {
  it('takes the plan settings over the defaults, and ignores what is not a whole number', () => {
    const r = enquiryRulesFrom({
      enquiry_spike_factor: '5',
      enquiry_spike_minutes: 'ten',
      enquiry_negative_run: '3',
      enquiry_escalate_key_accounts: 'false',
    });
    expect(r).toMatchObject({
      spikeFactor: 5,
      spikeWindowMinutes: ENQUIRY_RULES.spikeWindowMinutes,
      negativeRun: 3,
      escalateKeyAccounts: false,
      escalateNegativeCritical: true,
    });
    expect(isSpike(12, 30, r)).toBe(false); // 12 in 5 min against 2.5 expected: not 5 times
    expect(isSpike(12, 30)).toBe(true); // but more than 3 times, the default
    expect(escalationReason({ keyAccount: true, criticality: null, negative: false }, r)).toBe(
      null,
    );
    expect(enquiryRulesFrom({})).toEqual({ ...ENQUIRY_RULES });
  });
});
