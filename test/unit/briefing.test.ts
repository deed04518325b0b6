/** The briefing pack's pure rules: building, carrying edits over, validating, comparing, timing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { briefingLink, briefingSignatureOk } from '../../src/actions/shared/briefing.js';
import {
  applyEdit,
  briefingRoles,
  buildPack,
  editProblems,
  followUpsDue,
  type PackInputs,
  packText,
  readMinutes,
} from '../../src/domain/briefing.js';
import { DEFAULT_AVOID, DEFAULT_BRIEFING_ROLES } from '../../src/domain/briefingDefaults.js';
import { lineDiff } from '../../src/lib/lineDiff.js';

const inputs = (status: string, body: string): PackInputs => ({
  incident: { name: 'API errors', status, next_update_at: '2026-11-20T12:30:00.000Z' },
  update: { status, body, created_at: '2026-11-20T12:00:00.000Z' },
  components: ['API'],
  accounts: [
    { id: 'a', name: 'Acme', tier: 'enterprise', key: true },
    { id: 'b', name: 'Beta', tier: 'free', key: false },
    { id: 'c', name: 'Cato', tier: 'free', key: false },
  ],
  contacts: [],
  recipients: ['p1'],
});

describe('buildPack', () => {
  it('takes the statement word for word, the defaults for the stage, and counts accounts per tier', () => {
    const p = buildPack(inputs('investigating', 'We are  looking\ninto it.'));
    expect(p.statement).toBe('We are  looking\ninto it.');
    expect(p.avoid).toEqual(DEFAULT_AVOID);
    expect(p.faq.map((f) => f.q)).toContain('When will it be fixed?');
    expect(p.affected.accounts_by_tier).toEqual({ enterprise: 1, free: 2 });
    expect(p.affected.key_accounts).toEqual([{ id: 'a', name: 'Acme', tier: 'enterprise' }]);
    expect(p.next_update_at).toBe('2026-11-20T12:30:00.000Z');
    expect(buildPack(inputs('resolved', 'Fixed.')).faq.map((f) => f.q)).toContain('Is it over?');
  });

  it('keeps the lists edited for the incident in later versions, and only those', () => {
    const edited = applyEdit(buildPack(inputs('investigating', 'One')), { say: ['Mine'] });
    expect(edited.edited).toEqual(['say']);
    const next = buildPack({ ...inputs('identified', 'Two'), previous: edited });
    expect(next.say).toEqual(['Mine']);
    expect(next.statement).toBe('Two');
    expect(next.faq).toEqual(buildPack(inputs('identified', 'Two')).faq);
  });
});

describe('editProblems', () => {
  it('names each bad field', () => {
    expect(editProblems({ say: 'x', avoid: [1], faq: [{ q: '', a: 'y', z: 1 }] })).toEqual({
      say: 'must be a list of lines',
      'avoid[0]': 'must be non-empty text',
      'faq[0].q': 'must be a question',
      'faq[0].z': 'is not allowed (only q and a)',
    });
    expect(editProblems([])).toEqual({ body: 'must be an object with say, avoid or faq' });
    expect(editProblems({ say: Array(31).fill('x') })).toEqual({
      say: 'must have at most 30 lines',
    });
    expect(editProblems({ faq: [{ q: 'Q', a: 'A' }] })).toEqual({});
  });

  it('accepts any edit of plain short lines (property)', () => {
    const line = fc.string({ minLength: 1, maxLength: 500 }).filter((s) => s.trim() !== '');
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 30 }),
        fc.array(line, { maxLength: 30 }),
        (say, avoid) => {
          expect(editProblems({ say, avoid })).toEqual({});
          const p = applyEdit(buildPack(inputs('investigating', 'x')), { say, avoid });
          expect(p.say).toEqual(say.map((s) => s.trim()));
        },
      ),
    );
  });
});

describe('comparing and timing', () => {
  it('diffs two versions line by line', () => {
    const a = buildPack(inputs('investigating', 'One'));
    const b = applyEdit(a, { avoid: ['No blame.'] });
    const d = lineDiff(packText(a), packText(b)).filter((l) => l.op !== 'same');
    expect(d).toEqual([
      ...DEFAULT_AVOID.map((t) => ({ op: 'del', text: `- ${t}` })),
      { op: 'ins', text: '- No blame.' },
    ]);
  });

  it('reminds after the plan’s time and escalates after twice that', () => {
    const t0 = '2026-11-20T12:00:00.000Z';
    const at = (m: number) => new Date(Date.parse(t0) + m * 60_000);
    expect(followUpsDue(t0, at(9.99), 10)).toEqual({ remind: false, escalate: false });
    expect(followUpsDue(t0, at(10), 10)).toEqual({ remind: true, escalate: false });
    expect(followUpsDue(t0, at(20), 10)).toEqual({ remind: true, escalate: true });
  });

  it('reads the settings, with defaults', () => {
    expect(briefingRoles(undefined)).toEqual(DEFAULT_BRIEFING_ROLES);
    expect(briefingRoles(' support , sales ')).toEqual(['support', 'sales']);
    expect(readMinutes(undefined)).toBe(10);
    expect(readMinutes('15')).toBe(15);
    expect(readMinutes('nonsense')).toBe(10);
  });

  it('signs a link for one person and one version only', () => {
    const key = Buffer.alloc(32, 7);
    const url = briefingLink(key, 'https://s.test/', 'inc1', 3, 'p1');
    const sig = new URL(url).searchParams.get('sig');
    expect(url.startsWith('https://s.test/briefing/inc1/3/p1?sig=')).toBe(true);
    expect(briefingSignatureOk(key, 'inc1', 3, 'p1', sig)).toBe(true);
    expect(briefingSignatureOk(key, 'inc1', 4, 'p1', sig)).toBe(false);
    expect(briefingSignatureOk(key, 'inc1', 3, 'p2', sig)).toBe(false);
    expect(briefingSignatureOk(Buffer.alloc(32, 8), 'inc1', 3, 'p1', sig)).toBe(false);
  });
});
