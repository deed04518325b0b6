/**
 * Targeting by audience, end to end through the outbox and expansion on a real database: for a
 * matrix of accounts (tiers, criticality, regions, tags, footprints) and overlapping audiences,
 * each contact gets exactly the messages its audiences call for, once, and nobody else gets any.
 * The expected recipients come from a plain reference model of the rules written here, checked
 * by hand on one case and then compared on every subset of the audiences.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { previewAudiences } from '../../src/actions/previewAudiences.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { buildEvent } from '../../src/dispatch/events.js';
import { expandStep } from '../../src/dispatch/expand.js';
import type { AudienceDefinition } from '../../src/domain/audience.js';
import { buildServer } from '../../src/http/server.js';
import { exportSite } from '../../src/main/export.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';

interface Acct {
  key: string;
  tier: string;
  criticality: string;
  region: string | null;
  tags: string[];
  footprint: string[];
  contacts: { role: string; channel: string; address: string }[];
}

const ACCOUNTS: Acct[] = [
  {
    key: 'a1',
    tier: 'enterprise',
    criticality: 'normal',
    region: 'us',
    tags: [],
    footprint: ['api'],
    contacts: [
      { role: 'technical', channel: 'email', address: 'tech@a1.example' },
      { role: 'billing', channel: 'email', address: 'billing@a1.example' },
      { role: 'executive', channel: 'sms', address: '+14155550101' },
    ],
  },
  {
    key: 'a2',
    tier: 'business',
    criticality: 'critical',
    region: 'us',
    tags: [],
    footprint: ['db'],
    contacts: [
      { role: 'technical', channel: 'email', address: 'tech@a2.example' },
      { role: 'technical', channel: 'webhook', address: 'http://127.0.0.1:9/a2' },
    ],
  },
  {
    key: 'a3',
    tier: 'business',
    criticality: 'normal',
    region: 'eu',
    tags: ['beta'],
    footprint: ['api', 'web'],
    contacts: [
      { role: 'technical', channel: 'email', address: 'tech@a3.example' },
      { role: 'billing', channel: 'sms', address: '+14155550103' },
    ],
  },
  {
    key: 'a4',
    tier: 'free',
    criticality: 'normal',
    region: 'eu',
    tags: [],
    footprint: ['web'],
    contacts: [{ role: 'technical', channel: 'email', address: 'tech@a4.example' }],
  },
  {
    key: 'a5',
    tier: 'free',
    criticality: 'high',
    region: 'ap',
    // `_` is a LIKE wildcard: "e_u" must not match a tag "eau"
    tags: ['beta', 'e_u'],
    footprint: ['api'],
    contacts: [{ role: 'technical', channel: 'slack', address: 'http://127.0.0.1:9/a5' }],
  },
  {
    key: 'a6',
    tier: 'free',
    criticality: 'normal',
    region: null,
    tags: ['eau'],
    footprint: [],
    contacts: [{ role: 'technical', channel: 'email', address: 'tech@a6.example' }],
  },
];

const AUDIENCES: AudienceDefinition[] = [
  {
    key: 'affected',
    name: 'Affected',
    match: { affected_only: true },
    channels: ['email', 'sms'],
    outreach: false,
    private_page: false,
  },
  {
    key: 'key',
    name: 'Key accounts',
    match: { key_only: true },
    channels: ['email', 'sms', 'webhook'],
    outreach: true,
    private_page: false,
  },
  {
    key: 'tech_beta',
    name: 'Beta engineers',
    match: { tags: ['beta'], roles: ['technical'] },
    channels: ['email', 'slack'],
    outreach: false,
    private_page: false,
  },
  {
    key: 'eu',
    name: 'Europe',
    match: { regions: ['eu'], tiers: ['business', 'free'] },
    channels: ['email'],
    outreach: false,
    private_page: false,
  },
  {
    key: 'eu_tag',
    name: 'Tagged e_u',
    match: { tags: ['e_u'] },
    channels: ['email', 'slack'],
    outreach: false,
    private_page: false,
  },
];

/** The reference model: does a contact of this account belong to this audience for these components? */
function inAudience(
  a: Acct,
  c: Acct['contacts'][number],
  aud: AudienceDefinition,
  comps: string[],
) {
  const m = aud.match;
  if (!aud.channels.includes(c.channel)) return false;
  if (m.tiers && !m.tiers.includes(a.tier)) return false;
  if (m.criticality && !(m.criticality as string[]).includes(a.criticality)) return false;
  if (m.regions && (!a.region || !m.regions.includes(a.region))) return false;
  if (m.tags && !m.tags.some((t) => a.tags.includes(t))) return false;
  if (m.roles && !m.roles.includes(c.role)) return false;
  // the default key rule: the top tier (enterprise) or critical
  if (m.key_only && !(a.tier === 'enterprise' || a.criticality === 'critical')) return false;
  if (m.affected_only && comps.length && !a.footprint.some((f) => comps.includes(f))) return false;
  return true;
}

describeEachEngine('targeting by audience', (engine) => {
  let app: TestApp;
  let server: FastifyInstance;
  const contactIds = new Map<string, string>(); // address → subscriber id
  const plain: Record<string, string> = {};
  const componentIds = new Map<string, string>(); // id → name, as the model names them
  let lastChannels: Record<string, number> = {};

  beforeAll(async () => {
    app = await makeTestApp(engine);
    server = await buildServer(app);
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    for (const id of ['api', 'db', 'web']) {
      await createComponent(ctx, { name: id.toUpperCase() });
    }
    const db = app.store.db;
    await db.deleteFrom('audiences').execute();
    let position = 0;
    for (const a of AUDIENCES) {
      await db
        .insertInto('audiences')
        .values({
          key: a.key,
          name: a.name,
          match: JSON.stringify(a.match),
          channels: JSON.stringify(a.channels),
          outreach: a.outreach ? 1 : 0,
          private_page: 0,
          position: position++,
          created_at: '2026-11-20T00:00:00Z',
          updated_at: '2026-11-20T00:00:00Z',
        })
        .execute();
    }
    const compIds = new Map(
      (await db.selectFrom('components').select(['id', 'name']).execute()).map((c) => [
        c.name.toLowerCase(),
        c.id,
      ]),
    );
    for (const a of ACCOUNTS) {
      await db
        .insertInto('accounts')
        .values({
          id: `acct_${a.key}`,
          name: a.key.toUpperCase(),
          external_id: a.key,
          tier: a.tier,
          criticality: a.criticality,
          region: a.region,
          time_zone: null,
          locale: null,
          account_manager_id: null,
          tags: JSON.stringify(a.tags),
          mrr: null,
          created_at: '2026-11-20T00:00:00Z',
          updated_at: '2026-11-20T00:00:00Z',
        })
        .execute();
      for (const f of a.footprint) {
        await db
          .insertInto('account_components')
          .values({ account_id: `acct_${a.key}`, component_id: compIds.get(f)! })
          .execute();
      }
      for (const c of a.contacts) {
        const field = c.channel === 'email' ? 'email' : c.channel === 'sms' ? 'phone' : 'url';
        const s = await createSubscriber(ctx, {
          channel: c.channel,
          [field]: c.address,
          confirmed: true,
        } as never);
        await db
          .updateTable('subscribers')
          .set({ account_id: `acct_${a.key}`, contact_role: c.role })
          .where('id', '=', s.subscriber.id)
          .execute();
        contactIds.set(c.address, s.subscriber.id);
      }
    }
    // plain subscribers, not contacts of any account: everything, and web only
    plain.all = (
      await createSubscriber(ctx, {
        channel: 'email',
        email: 'all@p.example',
        confirmed: true,
      } as never)
    ).subscriber.id;
    plain.web = (
      await createSubscriber(ctx, {
        channel: 'email',
        email: 'web@p.example',
        confirmed: true,
        components: [compIds.get('web')!],
      } as never)
    ).subscriber.id;
    for (const [name, id] of compIds) componentIds.set(id, name);
  });
  afterAll(async () => {
    await server?.close();
    await app?.cleanup();
  });

  async function componentId(name: string): Promise<string> {
    const r = await app.store.db
      .selectFrom('components')
      .select('id')
      .where('name', '=', name.toUpperCase())
      .executeTakeFirstOrThrow();
    return r.id;
  }

  /** Expands everything pending; returns subscriber id → how many deliveries of this update it got. */
  async function deliveriesOf(incidentId: string, updateId: string): Promise<Map<string, number>> {
    while (await expandStep(app.store.db, app.store.engine, () => app.clock.now(), 3)) {}
    const rows = await app.store.db
      .selectFrom('deliveries as d')
      .innerJoin('notifications as n', 'n.id', 'd.notification_id')
      .select(['d.subscriber_id', 'd.channel'])
      .where('n.incident_id', '=', incidentId)
      .where('n.update_id', '=', updateId)
      .execute();
    const out = new Map<string, number>();
    lastChannels = {};
    for (const r of rows) {
      out.set(r.subscriber_id, (out.get(r.subscriber_id) ?? 0) + 1);
      lastChannels[r.channel] = (lastChannels[r.channel] ?? 0) + 1;
    }
    return out;
  }

  function expected(audKeys: string[], comps: string[]): Set<string> {
    const auds = AUDIENCES.filter((a) => audKeys.includes(a.key));
    const names = comps.map((c) => componentIds.get(c)!.toLowerCase());
    const ids = new Set<string>();
    for (const a of ACCOUNTS)
      for (const c of a.contacts)
        if (auds.some((aud) => inAudience(a, c, aud, names))) ids.add(contactIds.get(c.address)!);
    return ids;
  }

  const latestUpdate = (i: { updates: { id: string }[] }) => i.updates[0].id;

  it('sends an audience-only incident to exactly the contacts of its audiences, once each (checked by hand)', async () => {
    const api = await componentId('api');
    const i = await createIncident(app.ctx(), {
      name: 'API errors for some customers',
      body: 'Some API calls fail.',
      components: { [api]: 'partial_outage' },
      audiences: ['affected', 'key', 'tech_beta'],
      visibility: 'audiences',
    });
    const got = await deliveriesOf(i.id, latestUpdate(i));
    const byHand = [
      'tech@a1.example', // affected (api) and key: one message, not two
      'billing@a1.example',
      '+14155550101',
      'tech@a2.example', // key (critical), db not affected: key has no affected_only
      'http://127.0.0.1:9/a2',
      'tech@a3.example', // affected and tech_beta
      '+14155550103',
      'http://127.0.0.1:9/a5', // tech_beta on slack
    ].map((a) => contactIds.get(a)!);
    expect([...got.keys()].sort()).toEqual(byHand.sort());
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    expect(got.has(plain.all)).toBe(false);
    expect(expected(['affected', 'key', 'tech_beta'], [api])).toEqual(new Set(byHand));
  });

  it('matches the reference model for every subset of the audiences, on every footprint', async () => {
    const comps = {
      api: await componentId('api'),
      db: await componentId('db'),
      web: await componentId('web'),
    };
    const keys = AUDIENCES.map((a) => a.key);
    let checked = 0;
    for (let mask = 1; mask < 1 << keys.length; mask++) {
      const chosen = keys.filter((_, b) => mask & (1 << b));
      const comp = [comps.api, comps.db, comps.web][mask % 3];
      const i = await createIncident(app.ctx(), {
        name: `Matrix ${mask}`,
        body: 'Matrix',
        components: { [comp]: 'degraded_performance' },
        audiences: chosen,
        visibility: 'audiences',
      });
      const preview = await previewAudiences(app.ctx(), {
        components: { [comp]: 'degraded_performance' },
        audiences: chosen,
      });
      const got = await deliveriesOf(i.id, latestUpdate(i));
      // the preview's numbers are the deliveries: in all, per channel, per audience
      expect(preview.total, `preview of ${chosen.join('+')}`).toBe(got.size);
      expect(preview.channels).toEqual(lastChannels);
      for (const a of preview.audiences)
        expect(a.contacts, a.key).toBe(expected([a.key], [comp]).size);
      expect(new Set(got.keys()), `audiences ${chosen.join('+')}`).toEqual(
        expected(chosen, [comp]),
      );
      expect([...got.values()].every((n) => n === 1)).toBe(true);
      checked++;
    }
    expect(checked).toBe(31);
  });

  it('tells the public subscribers and the audiences named on a public update, and no contact outside them', async () => {
    const web = await componentId('web');
    const i = await createIncident(app.ctx(), {
      name: 'Slow dashboard',
      body: 'The dashboard is slow.',
      components: { [web]: 'degraded_performance' },
      audiences: ['eu'],
    });
    const got = await deliveriesOf(i.id, latestUpdate(i));
    const want = new Set([plain.all, plain.web, ...expected(['eu'], [web])]);
    expect(new Set(got.keys())).toEqual(want);
    expect(got.has(contactIds.get('tech@a3.example')!)).toBe(true);
    expect(got.has(contactIds.get('tech@a4.example')!)).toBe(true);
    expect(got.has(contactIds.get('tech@a1.example')!)).toBe(false);
  });

  it('tells every audience as defined when an incident has no severity and names none', async () => {
    const db = await componentId('db');
    const i = await createIncident(app.ctx(), {
      name: 'Database failover',
      body: 'Failing over.',
      components: { [db]: 'major_outage' },
    });
    const got = await deliveriesOf(i.id, latestUpdate(i));
    const want = new Set([
      plain.all,
      ...expected(
        AUDIENCES.map((a) => a.key),
        [db],
      ),
    ]);
    expect(new Set(got.keys())).toEqual(want);
  });

  it('refuses unknown audiences and audience-only without audiences, naming the field', async () => {
    await expect(
      createIncident(app.ctx(), {
        name: 'x',
        body: 'y',
        audiences: ['nope'],
        visibility: 'audiences',
      }),
    ).rejects.toMatchObject({
      fields: { 'audiences[0]': expect.stringContaining('not an audience') },
    });
    await expect(
      createIncident(app.ctx(), { name: 'x', body: 'y', visibility: 'audiences' }),
    ).rejects.toMatchObject({ fields: { audiences: expect.stringContaining('at least one') } });
  });

  it('leaks an audience-only incident and an audience-only update nowhere public', async () => {
    const api = await componentId('api');
    const before = (
      await app.store.db
        .selectFrom('components')
        .select('status')
        .where('id', '=', api)
        .executeTakeFirstOrThrow()
    ).status;
    const secret = await createIncident(app.ctx(), {
      name: 'ZQXHIDDENNAME only for key accounts',
      body: 'ZQXHIDDENBODY one',
      components: { [api]: 'major_outage' },
      audiences: ['key'],
      visibility: 'audiences',
    });
    await postUpdate(app.ctx(), 'incident', secret.id, {
      status: 'identified',
      body: 'ZQXHIDDENBODY two',
      audiences: ['key'],
      visibility: 'audiences',
    });
    // the public status of the component does not move for an audience-only incident
    const after = (
      await app.store.db
        .selectFrom('components')
        .select('status')
        .where('id', '=', api)
        .executeTakeFirstOrThrow()
    ).status;
    expect(after).toBe(before);
    // a public incident with one audience-only update among its public ones
    const pub = await createIncident(app.ctx(), {
      name: 'Public login trouble',
      body: 'PUBLICBODY',
    });
    await postUpdate(app.ctx(), 'incident', pub.id, {
      status: 'investigating',
      body: 'ZQXHIDDENBODY three, for key accounts',
      audiences: ['key'],
      visibility: 'audiences',
    });
    // an audience-only update cannot move what the public sees
    await expect(
      postUpdate(app.ctx(), 'incident', pub.id, {
        status: 'resolved',
        body: 'ZQXHIDDENBODY four',
        audiences: ['key'],
        visibility: 'audiences',
      }),
    ).rejects.toMatchObject({ fields: { status: expect.stringContaining('public status') } });
    app.site.invalidate();
    const paths = [
      '/',
      '/history',
      `/incidents/${pub.id}`,
      `/incidents/${secret.id}`,
      '/api/v2/summary.json',
      '/api/v2/incidents.json',
      '/api/v2/incidents/unresolved.json',
      '/api/v2/status.json',
      '/api/v2/components.json',
      '/history.atom',
      '/history.rss',
      '/feed.json',
    ];
    let sawPublic = false;
    for (const p of paths) {
      const res = await server.inject({ method: 'GET', url: p });
      expect(res.body.includes('ZQXHIDDEN') ? p : '').toBe('');
      if (res.body.includes('PUBLICBODY')) sawPublic = true;
    }
    expect(sawPublic).toBe(true);
    const out = mkdtempSync(join(tmpdir(), 'flare-export-'));
    try {
      await exportSite(app, join(out, 'site'));
      const files: string[] = [];
      const walk = (d: string) => {
        for (const f of readdirSync(d)) {
          const p = join(d, f);
          if (statSync(p).isDirectory()) walk(p);
          else files.push(p);
        }
      };
      walk(join(out, 'site'));
      expect(files.length).toBeGreaterThan(3);
      const all = files.map((f) => readFileSync(f, 'utf8')).join('\n');
      expect(files.filter((f) => readFileSync(f, 'utf8').includes('ZQXHIDDEN'))).toEqual([]);
      expect(all).toContain('PUBLICBODY');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    // a public update makes the incident public from then on, with its public update only
    await postUpdate(app.ctx(), 'incident', secret.id, {
      status: 'identified',
      body: 'Now public: API errors',
      components: { [api]: 'major_outage' },
    });
    app.site.invalidate();
    const res = await server.inject({ method: 'GET', url: '/api/v2/incidents.json' });
    expect(res.body).toContain('Now public: API errors');
    expect(res.body).not.toContain('ZQXHIDDENBODY');
    const moved = (
      await app.store.db
        .selectFrom('components')
        .select('status')
        .where('id', '=', api)
        .executeTakeFirstOrThrow()
    ).status;
    expect(moved).toBe('major_outage');
  });
});

describeEachEngine('what an audience-only notice carries', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await makeTestApp(engine);
    await updatePage(app.ctx(), { name: 'Acme', url: 'https://status.acme.test' });
    await app.store.db.deleteFrom('audiences').execute();
    for (const key of ['vip', 'eu'])
      await app.store.db
        .insertInto('audiences')
        .values({
          key,
          name: key,
          match: '{}',
          channels: '["email","webhook"]',
          outreach: 0,
          private_page: 0,
          position: 0,
          created_at: '2026-11-20T00:00:00Z',
          updated_at: '2026-11-20T00:00:00Z',
        })
        .execute();
  });
  afterAll(async () => {
    await app?.cleanup();
  });

  async function eventOf(updateId: string) {
    const n = await app.store.db
      .selectFrom('notifications')
      .select('id')
      .where('update_id', '=', updateId)
      .executeTakeFirstOrThrow();
    return buildEvent(app.store.db, n.id, app.clock.now(), app.site.defaultPage());
  }

  it('carries its own update, not the latest public one, and no other audience’s', async () => {
    const pub = await createIncident(app.ctx(), { name: 'Login trouble', body: 'Public first' });
    const other = await postUpdate(app.ctx(), 'incident', pub.id, {
      status: 'investigating',
      body: 'For Europe only',
      audiences: ['eu'],
      visibility: 'audiences',
    });
    const vip = await postUpdate(app.ctx(), 'incident', pub.id, {
      status: 'investigating',
      body: 'For VIPs only',
      audiences: ['vip'],
      visibility: 'audiences',
    });
    const ev = await eventOf(vip.updates[0].id);
    expect(ev?.update?.body).toBe('For VIPs only');
    const bodies = JSON.stringify(ev?.incident);
    expect(bodies).toContain('For VIPs only');
    expect(bodies).toContain('Public first');
    expect(bodies).not.toContain('For Europe only');
    expect(other.updates.length).toBe(2);
    // a public update's notice shows neither audience's words
    const later = await postUpdate(app.ctx(), 'incident', pub.id, {
      status: 'identified',
      body: 'Public second',
    });
    const pubEv = await eventOf(later.updates[0].id);
    expect(pubEv?.update?.body).toBe('Public second');
    expect(JSON.stringify(pubEv?.incident)).not.toMatch(/For VIPs only|For Europe only/);
    expect(JSON.stringify(pubEv?.incident)).toContain('Public first');
  });

  it('carries an audience-only incident, which the public snapshot leaves out', async () => {
    const secret = await createIncident(app.ctx(), {
      name: 'Quiet trouble',
      body: 'Only for VIPs',
      audiences: ['vip'],
      visibility: 'audiences',
    });
    const ev = await eventOf(secret.updates[0].id);
    expect(ev?.incident?.name).toBe('Quiet trouble');
    expect(ev?.update?.body).toBe('Only for VIPs');
  });
});
