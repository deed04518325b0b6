import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { scheduleMaintenance } from '../../src/actions/scheduleMaintenance.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildServer } from '../../src/http/server.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';

const NASTY = `<script>alert("x")</script> & Tom's ]]> outage`;
const BASE = 'https://status.acme.example';
const RFC_822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|UT|[+-]\d{4})$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  isArray: (name) => name === 'entry' || name === 'item' || name === 'link',
});

/** What a feed reader does with a title or content of type html. */
function decodeHtml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const text = (v: any): string => (typeof v === 'object' && v !== null ? v['#text'] : String(v));

describeEachEngine('feeds', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  const clock = new TestClock();
  const ids: Record<string, string> = {};

  async function get(path: string, type: string) {
    const res = await server.inject({ method: 'GET', url: path });
    expect(res.statusCode, path).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers.etag).toBeTruthy();
    return res.body;
  }

  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
    server = await buildServer(app);
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme & Co', url: `${BASE}/` });
    const api = await createComponent(ctx, { name: 'API' });
    const old = await createIncident(ctx, {
      name: 'Slow dashboard',
      status: 'investigating',
      body: 'Pages load slowly.',
    });
    clock.advanceMinutes(30);
    await postUpdate(ctx, 'incident', old.id, { status: 'resolved', body: 'Back to normal.' });
    clock.advanceMinutes(30);
    const nasty = await createIncident(ctx, {
      name: NASTY,
      status: 'investigating',
      body: 'Errors on **the API** <img src=x onerror="alert(1)"> [docs](javascript:alert(1))',
      components: { [api.id]: 'major_outage' },
    });
    const m1 = await scheduleMaintenance(ctx, {
      name: 'Database upgrade',
      body: 'Writes may pause for up to 2 minutes; we will post updates here.',
      scheduled_for: '2026-11-28T02:00:00Z',
      scheduled_until: '2026-11-28T04:00:00Z',
      components: [api.id],
    });
    const m2 = await scheduleMaintenance(ctx, {
      name: 'Network work',
      body: 'Planned.',
      scheduled_for: '2026-11-29T02:00:00Z',
      scheduled_until: '2026-11-29T03:00:00Z',
    });
    clock.advanceMinutes(5);
    // closed before its window opened: a cancelled event in the calendar
    await postUpdate(ctx, 'maintenance', m2.id, { status: 'completed', body: 'Cancelled.' });
    Object.assign(ids, { old: old.id, nasty: nasty.id, m1: m1.id, m2: m2.id });
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  it('serves Atom with escaped titles and sanitised content', async () => {
    const xml = await get('/history.atom', 'application/atom+xml; charset=utf-8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const { feed } = parser.parse(xml);
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(text(feed.title)).toBe('Acme & Co Status - Incident History');
    expect(feed.id).toBe(`${BASE}/history`);
    expect(feed.updated).toMatch(ISO);
    // RFC 4287 4.1.1: a feed without an author on every entry must name one itself
    expect(text(feed.author?.name)).toBe('Acme & Co');
    expect(feed.author.uri).toBe(BASE);
    expect(feed.entry).toHaveLength(4);
    for (const e of feed.entry) {
      expect(e.id).toMatch(new RegExp(`^${BASE}/incidents/`));
      expect(e.link[0]['@_href']).toBe(e.id);
      expect(e.updated).toMatch(ISO);
      expect(e.title['@_type']).toBe('html');
      expect(e.content['@_type']).toBe('html');
      expect(text(e.content).length).toBeGreaterThan(0);
    }
    const nasty = feed.entry.find((e: any) => e.id.endsWith(ids.nasty));
    expect(decodeHtml(text(nasty.title))).toBe(NASTY);
    expect(text(nasty.title)).not.toContain('<script');
    const content = text(nasty.content);
    expect(content).toContain('<strong>the API</strong>');
    expect(content).toContain('Investigating');
    // markup that could run; the typed HTML shows as escaped text
    expect(content).not.toMatch(/<img|<[^>]*\sonerror=|<a[^>]*href="\s*javascript:/i);
    const old = feed.entry.find((e: any) => e.id.endsWith(ids.old));
    expect(text(old.content).indexOf('Back to normal')).toBeLessThan(
      text(old.content).indexOf('Pages load slowly'),
    );
  });

  it('serves RSS 2.0 with guid, link, RFC 822 dates and descriptions', async () => {
    const xml = await get('/history.rss', 'application/rss+xml; charset=utf-8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const { rss } = parser.parse(xml);
    expect(rss['@_version']).toBe('2.0');
    const ch = rss.channel;
    expect(text(ch.title)).toBe('Acme & Co Status - Incident History');
    expect(ch.link[0]).toBe(BASE);
    expect(ch.description).toBeTruthy();
    expect(ch.item).toHaveLength(4);
    for (const item of ch.item) {
      expect(text(item.guid)).toMatch(new RegExp(`^${BASE}/incidents/`));
      expect(item.link[0]).toBe(text(item.guid));
      expect(item.pubDate).toMatch(RFC_822);
      expect(text(item.description).length).toBeGreaterThan(0);
    }
    const nasty = ch.item.find((i: any) => text(i.guid).endsWith(ids.nasty));
    expect(decodeHtml(text(nasty.title))).toBe(NASTY);
    expect(text(nasty.description)).not.toMatch(/<img|<script|<[^>]*\sonerror=/i);
  });

  it('serves a JSON Feed 1.1', async () => {
    const feed = JSON.parse(await get('/feed.json', 'application/feed+json; charset=utf-8'));
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.title).toBe('Acme & Co Status - Incident History');
    expect(feed.home_page_url).toBe(BASE);
    expect(feed.feed_url).toBe(`${BASE}/feed.json`);
    expect(feed.items).toHaveLength(4);
    for (const item of feed.items) {
      expect(item).toMatchObject({
        id: expect.any(String),
        url: expect.stringMatching(new RegExp(`^${BASE}/incidents/`)),
        title: expect.any(String),
        content_html: expect.any(String),
        date_published: expect.stringMatching(ISO),
      });
    }
    const nasty = feed.items.find((i: any) => i.url.endsWith(ids.nasty));
    expect(nasty.title).toBe(NASTY);
    expect(nasty.content_html).not.toMatch(/<img|<script|<[^>]*\sonerror=/i);
  });

  it('serves an iCalendar of maintenance windows with stable UIDs', async () => {
    const ics = await get('/maintenances.ics', 'text/calendar; charset=utf-8');
    expect(ics.endsWith('\r\n')).toBe(true);
    const rawLines = ics.slice(0, -2).split('\r\n');
    for (const l of rawLines) {
      expect(l).not.toContain('\n');
      expect(Buffer.byteLength(l, 'utf8'), l).toBeLessThanOrEqual(75);
    }
    const lines = ics
      .replace(/\r\n[ \t]/g, '')
      .slice(0, -2)
      .split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.some((l) => l.startsWith('PRODID:'))).toBe(true);
    const events = ics
      .replace(/\r\n[ \t]/g, '')
      .split('BEGIN:VEVENT\r\n')
      .slice(1)
      .map((e) => e.split('END:VEVENT')[0].split('\r\n'));
    expect(events).toHaveLength(2);
    const prop = (ev: string[], name: string) =>
      ev.find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`))?.replace(/^[^:]*:/, '');
    for (const ev of events) {
      for (const p of ['UID', 'DTSTART', 'DTEND', 'SUMMARY', 'DTSTAMP'])
        expect(prop(ev, p), p).toBeTruthy();
      expect(prop(ev, 'DTSTAMP')).toMatch(/^\d{8}T\d{6}Z$/);
    }
    const upgrade = events.find((ev) => prop(ev, 'SUMMARY') === 'Database upgrade')!;
    expect(prop(upgrade, 'UID')).toBe(`${ids.m1}@status.acme.example`);
    expect(prop(upgrade, 'DTSTART')).toBe('20261128T020000Z');
    expect(prop(upgrade, 'DTEND')).toBe('20261128T040000Z');
    expect(prop(upgrade, 'STATUS')).toBe('CONFIRMED');
    expect(prop(upgrade, 'DESCRIPTION')).toBe(
      'Writes may pause for up to 2 minutes\\; we will post updates here.',
    );
    const cancelled = events.find((ev) => prop(ev, 'SUMMARY') === 'Network work')!;
    expect(prop(cancelled, 'STATUS')).toBe('CANCELLED');

    // a new update keeps the UID and raises the sequence
    clock.advanceMinutes(1);
    await postUpdate(app.ctx(), 'maintenance', ids.m1, { status: 'scheduled', body: 'Moved.' });
    const again = (await get('/maintenances.ics', 'text/calendar; charset=utf-8')).replace(
      /\r\n[ \t]/g,
      '',
    );
    expect(again).toContain(`UID:${ids.m1}@status.acme.example\r\nSEQUENCE:1\r\n`);
    expect(again).toContain('DESCRIPTION:Moved.');
  });
});
