import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_HEAP_GROWING_PERCENT, heapGrowingPercentOf } from '../../src/lib/heapGrowth.js';

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
