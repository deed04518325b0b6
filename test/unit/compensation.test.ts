/** The resolution notice's compensation line (domain/sla.ts compensationLine). */
import { describe, expect, it } from 'vitest';
import { compensationLine } from '../../src/domain/sla.js';

describe('compensationLine', () => {
  const none = { uptime: 100, credit_percent: 0, credit_amount: null, goodwill: null };
  it('says nothing to an account owed nothing', () => {
    expect(compensationLine(none, 'May 2026')).toBeNull();
    expect(
      compensationLine({ ...none, goodwill: { percent: 0, amount: 0, incidents: [] } }, 'May 2026'),
    ).toBeNull();
  });
  it('names the credit, the amount finance decided over the computed one, and goodwill', () => {
    const r = { uptime: 98.5, credit_percent: 30, credit_amount: 300, goodwill: null };
    expect(compensationLine(r, 'May 2026')).toContain('owed a 30% service credit (300.00).');
    expect(compensationLine({ ...r, decided_amount: 250 }, 'May 2026')).toContain('(250.00).');
    const g = compensationLine(
      { ...none, goodwill: { percent: 0, amount: 75, incidents: ['i'] } },
      'May 2026',
    );
    expect(g).toBe(
      'Your service availability for May 2026 stands at 100%. We are adding a goodwill credit (75.00). It will be applied to your next invoice; your account manager can answer any question.',
    );
  });
});
