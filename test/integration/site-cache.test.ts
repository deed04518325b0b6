/** The in-memory site cache: its fast path never serves what a write ended, nor waits on a TTL. */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { SiteCache } from '../../src/pages/siteCache.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';

const SUMMARY = '/api/v2/summary.json';
const COMPONENTS = '/api/v2/components.json';

describeEachEngine('site cache', (engine) => {
  let app: TestApp;
  const clock = new TestClock();
  const cache = (ttlMs?: number) =>
    new SiteCache(app.store.db, () => app.clock.now(), app.site.defaultPage, ttlMs);

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    await createComponent(app.ctx(), { name: 'API' });
  });
  afterAll(() => app.cleanup());

  it('peeks only at files already rendered from the current snapshot', async () => {
    const c = cache();
    expect(c.peek(SUMMARY)).toBeUndefined();
    const first = await c.get(SUMMARY);
    expect(first?.body.toString()).toContain('"API"');
    expect(c.peek(SUMMARY)).toBe(first);
    expect(c.peek(COMPONENTS)).toBeUndefined(); // not rendered yet
    expect(c.peek('/no-such-file')).toBeUndefined();
    expect(await c.get('/no-such-file')).toBeUndefined();
    c.invalidate();
    expect(c.peek(SUMMARY)).toBeUndefined();
    const again = await c.get(SUMMARY);
    expect(again).not.toBe(first);
    expect(c.peek(SUMMARY)).toBe(again);
  });

  it('past its TTL serves the old bytes at once while one fresh snapshot loads, then the new', async () => {
    const c = cache(10_000);
    const first = await c.get(SUMMARY);
    clock.advance(9_999);
    // a write this cache is not told about, as one made by another instance
    await createComponent(app.ctx(), { name: 'Search' });
    expect(c.peek(SUMMARY)).toBe(first); // still inside the TTL
    clock.advance(1);
    expect(c.peek(SUMMARY)).toBe(first); // past it: no request waits for the database
    await vi.waitFor(() => expect(c.peek(SUMMARY)).not.toBe(first), { timeout: 5_000 });
    const reloaded = await c.get(SUMMARY);
    expect(reloaded?.body.toString()).toContain('"Search"');
    expect(c.peek(SUMMARY)).toBe(reloaded);
  });

  it('renders a file once for all the requests that waited for the same snapshot', async () => {
    const c = cache();
    const all = await Promise.all(Array.from({ length: 20 }, () => c.get(SUMMARY)));
    expect(new Set(all).size).toBe(1);
    c.invalidate();
    const again = await Promise.all(Array.from({ length: 20 }, () => c.get(SUMMARY)));
    expect(new Set(again).size).toBe(1);
    expect(again[0]).not.toBe(all[0]);
  });

  it('does not keep a render made from a snapshot that a write has since invalidated', async () => {
    const c = cache();
    await c.get(SUMMARY); // the snapshot is read now, without "Billing"
    await createComponent(app.ctx(), { name: 'Billing' });
    const pending = c.get(COMPONENTS); // renders from the old snapshot…
    c.invalidate(); // …while the write's invalidation lands
    expect((await pending)?.body.toString()).not.toContain('Billing');
    expect(c.peek(COMPONENTS)).toBeUndefined();
    expect((await c.get(COMPONENTS))?.body.toString()).toContain('Billing');
  });
});
