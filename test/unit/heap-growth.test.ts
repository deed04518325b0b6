import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  DEFAULT_HEAP_GROWING_PERCENT,
  HEAP_GROWING_FLAG,
  heapGrowingPercentOf,
} from '../../src/lib/heapGrowth.js';

describe('FLARE_HEAP_GROWING_PERCENT', () => {
  it('defaults to 50 and takes a whole number from 0 to 300', () => {
    expect(DEFAULT_HEAP_GROWING_PERCENT).toBe(50);
    expect(heapGrowingPercentOf({})).toBe(50);
    expect(heapGrowingPercentOf({ FLARE_HEAP_GROWING_PERCENT: '' })).toBe(50);
    expect(heapGrowingPercentOf({ FLARE_HEAP_GROWING_PERCENT: '0' })).toBe(0);
    expect(heapGrowingPercentOf({ FLARE_HEAP_GROWING_PERCENT: ' 120 ' })).toBe(120);
    expect(heapGrowingPercentOf({ FLARE_HEAP_GROWING_PERCENT: '300' })).toBe(300);
  });

  it.each(['-1', '301', '1.5', '50%', 'lots', '1e2'])('refuses %j, naming the variable', (v) => {
    expect(() => heapGrowingPercentOf({ FLARE_HEAP_GROWING_PERCENT: v })).toThrow(
      /FLARE_HEAP_GROWING_PERCENT must be a whole number from 0 to 300 \(got "/,
    );
  });

  it('stops Flare at start on a bad value, before anything runs', () => {
    expect(() => loadConfig({ FLARE_HEAP_GROWING_PERCENT: 'fast' })).toThrow(
      /FLARE_HEAP_GROWING_PERCENT/,
    );
    expect(() => loadConfig({ FLARE_HEAP_GROWING_PERCENT: '25' })).not.toThrow();
  });
});

describe('limitHeapGrowth', () => {
  // V8 ignores a flag it does not know without a word, so check the exact string it is given
  const load = async () => {
    vi.resetModules();
    const calls: string[] = [];
    vi.doMock('node:v8', async (real) => ({
      ...(await real<typeof import('node:v8')>()),
      setFlagsFromString: (flags: string) => calls.push(flags),
    }));
    const { limitHeapGrowth } = await import('../../src/lib/heapGrowth.js');
    return { limitHeapGrowth, calls };
  };
  afterEach(() => {
    vi.doUnmock('node:v8');
  });

  it('sets V8 --heap-growing-percent once per process, the first value winning', async () => {
    const { limitHeapGrowth, calls } = await load();
    expect(limitHeapGrowth(DEFAULT_HEAP_GROWING_PERCENT)).toBe(50);
    expect(limitHeapGrowth(20)).toBe(50);
    expect(calls).toEqual(['--heap-growing-percent=50']);
  });

  it('passes the configured percent, and 0 leaves V8 alone', async () => {
    const a = await load();
    expect(a.limitHeapGrowth(25)).toBe(25);
    expect(a.calls).toEqual(['--heap-growing-percent=25']);
    const b = await load();
    expect(b.limitHeapGrowth(0)).toBe(0);
    expect(b.calls).toEqual([]);
  });

  it('uses a flag that the V8 of this Node knows', async () => {
    const { execFileSync } = await import('node:child_process');
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    expect(options).toContain(`  ${HEAP_GROWING_FLAG} (`);
  });
});
