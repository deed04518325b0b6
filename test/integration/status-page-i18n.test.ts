/**
 * The status page speaks the reader's language: English, French or German, negotiated from
 * `Accept-Language` (with q-values) and `?locale=` (which wins), among the languages the page's
 * settings offer; over real HTTP, on each engine. /api/v2 stays English.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { patchIncident } from '../../src/actions/patchIncident.js';
import { negotiateLocale } from '../../src/domain/locale.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, TestClock } from '../helpers/app.js';

describe('negotiateLocale', () => {
  const all = ['en', 'fr', 'de'] as const;
  it.each([
    [undefined, undefined, 'en'],
    ['de-DE,de;q=0.9,en;q=0.8', undefined, 'de'],
    ['en;q=0.5, fr-CH;q=0.9', undefined, 'fr'],
    ['es, de;q=0.1', undefined, 'de'],
    ['es, it', undefined, 'en'],
    ['fr', 'de', 'de'],
    ['fr', 'es', 'fr'],
    ['*', undefined, 'en'],
  ])('Accept-Language %s with ?locale=%s gives %s', (accept, asked, want) => {
    expect(negotiateLocale([...all], accept, asked)).toBe(want);
  });
  it('offers only what the page offers, first as the fallback', () => {
    expect(negotiateLocale(['fr', 'en'], 'de', 'de')).toBe('fr');
    expect(negotiateLocale(['en'], 'fr', 'fr')).toBe('en');
  });
});

describeEachEngine('status page languages', (engine) => {
  let h: ApiHarness;
  let base: string;
  const clock = new TestClock(Date.parse('2026-11-20T12:00:00Z'));

  const page = async (query = '', accept?: string) => {
    const res = await fetch(`${base}/${query}`, {
      headers: accept ? { 'accept-language': accept } : {},
    });
    expect(res.status).toBe(200);
    return { res, body: await res.text() };
  };

  beforeAll(async () => {
    h = await makeApiHarness(engine, { clock });
    const ctx = h.app.ctx();
    const api = await createComponent(ctx, { name: 'API' });
    await createComponent(ctx, { name: 'Dashboard' });
    const inc = await createIncident(ctx, {
      name: 'Slow logins',
      body: 'We are looking into slow logins.',
      components: { [api.id]: 'partial_outage' },
    });
    await patchIncident(ctx, inc.id, { next_update_at: '2026-11-20T12:30:00Z' });
    await h.server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.server.server.address() as AddressInfo).port}`;
  });
  afterAll(() => h?.close());

  it('offers English, French and German by default, with Vary: Accept-Language', async () => {
    const en = await page();
    expect(en.body).toContain('<html lang="en">');
    expect(en.res.headers.get('vary')).toMatch(/Accept-Language/i);
    expect(en.body).toContain('Partial outage');
    expect(en.body).toContain('Next update by');
    const settings = await h.call('read', 'GET', '/api/v1/page');
    expect(settings.json.languages).toEqual(['en', 'fr', 'de']);
  });

  it('speaks French and German from Accept-Language, dates included', async () => {
    const fr = await page('', 'fr-FR,fr;q=0.9,en;q=0.8');
    expect(fr.body).toContain('<html lang="fr">');
    expect(fr.body).toContain('Panne partielle');
    expect(fr.body).toContain('Prochaine mise à jour avant');
    expect(fr.body).toContain('Incidents passés');
    expect(fr.body).toContain('S’abonner');
    expect(fr.body).toMatch(/<h3 id="day-2026-11-20">ven\. 20 nov\. 2026<\/h3>/);
    expect(fr.body).not.toContain('Partial outage');
    const de = await page('', 'en;q=0.2, de-AT;q=0.8');
    expect(de.body).toContain('<html lang="de">');
    expect(de.body).toContain('Teilausfall');
    expect(de.body).toContain('Nächstes Update bis');
    expect(de.body).toContain('<h3 id="day-2026-11-20">Fr., 20. Nov. 2026</h3>');
    // the operator's own words stay as written
    expect(de.body).toContain('We are looking into slow logins.');
    expect(de.res.headers.get('etag')).not.toBe(fr.res.headers.get('etag'));
  });

  it('lets ?locale= win, and links each language from the page', async () => {
    const de = await page('?locale=de', 'fr');
    expect(de.body).toContain('<html lang="de">');
    expect(de.body).toContain('<link rel="alternate" hreflang="fr" href="/?locale=fr">');
    expect(de.body).toMatch(
      /<a href="\/\?locale=de" hreflang="de" lang="de" aria-current="true">Deutsch<\/a>/,
    );
    expect(de.body).toContain('<a href="/?locale=fr" hreflang="fr" lang="fr">Français</a>');
    const unknown = await page('?locale=es', 'fr');
    expect(unknown.body).toContain('<html lang="fr">');
  });

  it('links the JSON Feed and the maintenance calendar, in the head and visibly', async () => {
    const { body } = await page();
    expect(body).toMatch(
      /<link rel="alternate" type="application\/feed\+json"[^>]* href="\/feed\.json">/,
    );
    expect(body).toMatch(
      /<link rel="alternate" type="text\/calendar"[^>]* href="\/maintenances\.ics">/,
    );
    expect(body).toContain('<a href="/feed.json">JSON feed</a>');
    expect(body).toContain('<a href="/maintenances.ics">Maintenance calendar</a>');
  });

  it('keeps /api/v2 in English whatever the reader asks for', async () => {
    const res = await fetch(`${base}/api/v2/summary.json?locale=fr`, {
      headers: { 'accept-language': 'fr' },
    });
    const json = (await res.json()) as any;
    expect(json.status.description).toBe('Partial System Outage');
    expect(json.components.find((c: { name: string }) => c.name === 'API').status).toBe(
      'partial_outage',
    );
  });

  it('offers only the languages the page settings choose, validated by field', async () => {
    const bad = await h.call('admin', 'PATCH', '/api/v1/page', { languages: ['en', 'xx'] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(['languages.1']);
    const none = await h.call('admin', 'PATCH', '/api/v1/page', { languages: [] });
    expect(none.status).toBe(400);
    expect(none.json.error.fields.languages).toMatch(/at least one/);
    const twice = await h.call('admin', 'PATCH', '/api/v1/page', { languages: ['fr', 'fr'] });
    expect(twice.status).toBe(400);
    expect(twice.json.error.fields.languages).toMatch(/repeat/);

    const ok = await h.call('admin', 'PATCH', '/api/v1/page', { languages: ['fr', 'en'] });
    expect(ok.status).toBe(200);
    expect(ok.json.languages).toEqual(['fr', 'en']);
    expect((await page('', 'de')).body).toContain('<html lang="fr">');
    expect((await page('?locale=de', 'de')).body).toContain('<html lang="fr">');
    expect((await page('', 'en-GB')).body).toContain('<html lang="en">');

    await h.call('admin', 'PATCH', '/api/v1/page', { languages: ['en'] });
    const only = await page('', 'fr');
    expect(only.body).toContain('<html lang="en">');
    expect(only.body).not.toContain('hreflang');
  });
});
