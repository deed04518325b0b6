/** The in-memory site cache: its synchronous fast path never serves what a write or its TTL ended. */
import { afterAll, beforeAll, expect, it } from 'vitest';
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

  it('stops peeking once the snapshot is older than its TTL, then reloads it', async () => {
    const c = cache(10_000);
    const first = await c.get(SUMMARY);
    clock.advance(9_999);
    expect(c.peek(SUMMARY)).toBe(first);
    expect(await c.get(SUMMARY)).toBe(first);
    clock.advance(1);
    expect(c.peek(SUMMARY)).toBeUndefined();
    const reloaded = await c.get(SUMMARY);
    expect(reloaded).not.toBe(first);
    expect(c.peek(SUMMARY)).toBe(reloaded);
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
