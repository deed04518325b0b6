/** The send thread's cap on sends in flight per destination, without a promise per send. */
import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/lib/pacing.js';

describe('Pacer.whenFree', () => {
  it('runs at most `max` at once per key, hands each freed slot to the next in order, and keeps keys apart', () => {
    const pacer = new Pacer();
    const ran: string[] = [];
    for (let i = 1; i <= 4; i++) pacer.whenFree('a', 2, () => ran.push(`a${i}`));
    pacer.whenFree('b', 2, () => ran.push('b1'));
    expect(ran).toEqual(['a1', 'a2', 'b1']);
    pacer.release('a');
    expect(ran).toEqual(['a1', 'a2', 'b1', 'a3']);
    pacer.release('b'); // b's slot frees nothing of a's
    expect(ran).toEqual(['a1', 'a2', 'b1', 'a3']);
    pacer.release('a');
    expect(ran.at(-1)).toBe('a4');
    // all released: the next goes at once, and the count went back to zero (two more fit)
    pacer.release('a');
    pacer.release('a');
    pacer.whenFree('a', 2, () => ran.push('a5'));
    pacer.whenFree('a', 2, () => ran.push('a6'));
    pacer.whenFree('a', 2, () => ran.push('a7'));
    expect(ran.slice(-2)).toEqual(['a5', 'a6']);
  });

  it('shares the slots with acquire and tryAcquire', async () => {
    const pacer = new Pacer();
    const free = pacer.tryAcquire('k', 1);
    expect(free).not.toBeNull();
    let ran = false;
    pacer.whenFree('k', 1, () => {
      ran = true;
    });
    expect(ran).toBe(false);
    free?.();
    expect(ran).toBe(true);
    let acquired = false;
    const waiting = pacer.acquire('k', 1).then(() => {
      acquired = true;
    });
    await Promise.resolve();
    expect(acquired).toBe(false);
    pacer.release('k');
    await waiting;
    expect(acquired).toBe(true);
  });
});
