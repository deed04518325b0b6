/**
 * The plan's audiences through the admin API: create, replace, list, delete (refused while a
 * severity notifies one), the account tiers, and the audience preview's numbers on a small
 * matrix of accounts and contacts, on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { AUDIENCES_SEEDED, ensurePlanDefaults } from '../../src/actions/ensurePlanDefaults.js';
import { previewAudiences } from '../../src/actions/previewAudiences.js';
import { expandStep } from '../../src/dispatch/expand.js';
import { newId } from '../../src/lib/ids.js';
import { listAudiences } from '../../src/store/queries/audiences.js';
import { listAudit } from '../../src/store/queries/audit.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';

async function account(
  app: TestApp,
  a: { name: string; tier: string; criticality: string; region?: string; tags?: string[] },
  components: string[],
): Promise<string> {
  const id = newId();
  const at = app.clock.now().toISOString();
  await app.store.db
    .insertInto('accounts')
    .values({
      id,
      name: a.name,
      tier: a.tier,
      criticality: a.criticality,
      region: a.region ?? null,
      tags: JSON.stringify(a.tags ?? []),
      created_at: at,
      updated_at: at,
    })
    .execute();
  for (const component_id of components)
    await app.store.db
      .insertInto('account_components')
      .values({ account_id: id, component_id })
      .execute();
  return id;
}

let n = 0;
async function contact(
  app: TestApp,
  accountId: string | null,
  channel: 'email' | 'sms' | 'webhook',
  role: string,
  state = 'active',
): Promise<void> {
  n += 1;
  const address =
    channel === 'email'
      ? { email: `c${n}@example.com` }
      : channel === 'sms'
        ? { phone: `+1415555${String(1000 + n).padStart(4, '0')}` }
        : { url: `http://127.0.0.1:9/hook/${n}` };
  const { subscriber } = await createSubscriber(app.ctx(), {
    channel,
    ...address,
    confirmed: true,
  });
  await app.store.db
    .updateTable('subscribers')
    .set({ account_id: accountId, contact_role: role, state })
    .where('id', '=', subscriber.id)
    .execute();
}

describeEachEngine('audiences API', (engine) => {
  let h: ApiHarness;
  let api: string;
  let web: string;

  beforeAll(async () => {
    h = await makeApiHarness(engine);
    const app = h.app;
    api = (await createComponent(app.ctx(), { name: 'API' })).id;
    web = (await createComponent(app.ctx(), { name: 'Web' })).id;
    const acme = await account(
      app,
      { name: 'Acme', tier: 'enterprise', criticality: 'normal', region: 'eu', tags: ['vip_1'] },
      [api],
    );
    const beta = await account(
      app,
      { name: 'Beta', tier: 'business', criticality: 'critical', region: 'us' },
      [web],
    );
    const cora = await account(
      app,
      { name: 'Cora', tier: 'free', criticality: 'normal', region: 'eu' },
      [api],
    );
    const dyn = await account(app, { name: 'Dyn', tier: 'business', criticality: 'high' }, []);
    await contact(app, acme, 'email', 'technical');
    await contact(app, acme, 'sms', 'executive');
    await contact(app, beta, 'email', 'technical');
    await contact(app, beta, 'webhook', 'technical');
    await contact(app, cora, 'email', 'billing');
    await contact(app, cora, 'email', 'technical', 'pending'); // not active: never counted
    await contact(app, dyn, 'email', 'technical');
    await contact(app, null, 'email', 'technical'); // a plain subscriber: not a contact
  });
  afterAll(async () => {
    await h.close();
  });

  it('starts with the default audiences, and the default severities notify them', async () => {
    const r = await h.call('read', 'GET', '/api/v1/audiences');
    expect(r.status).toBe(200);
    expect(r.json.audiences.map((a: { key: string }) => a.key)).toEqual([
      'affected_customers',
      'key_accounts',
    ]);
    const sevs = await h.call('read', 'GET', '/api/v1/severities');
    const sev1 = sevs.json.severities.find((s: { key: string }) => s.key === 'SEV1');
    expect(sev1.settings.notify).toEqual([
      { audience: 'affected_customers' },
      { audience: 'key_accounts', outreach: true },
    ]);
    expect(sev1.settings.outreachDueMinutes).toBe(15);
  });

  it('previews a SEV1 on one component: affected accounts only, each contact once', async () => {
    const r = await h.call('write', 'POST', '/api/v1/audiences/preview', {
      components: { [api]: 'major_outage' },
      severity: 'SEV1',
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      total: 3, // Acme email + sms, Cora's active email
      audiences: [
        { key: 'affected_customers', contacts: 3 },
        { key: 'key_accounts', contacts: 2 },
      ],
      channels: { email: 2, sms: 1 },
      key_accounts: [{ id: expect.any(String), name: 'Acme' }],
      key_accounts_total: 1,
    });
  });

  it('previews a SEV3: its notify list narrows the channels to email', async () => {
    const r = await previewAudiences(h.app.store.db, {
      components: { [web]: 'partial_outage' },
      severity: 'SEV3',
    });
    expect(r.total).toBe(1); // Beta's email; its webhook is not an SEV3 channel
    expect(r.audiences).toEqual([{ key: 'affected_customers', contacts: 1 }]);
    expect(r.channels).toEqual({ email: 1 });
    expect(r.key_accounts.map((a) => a.name)).toEqual(['Beta']); // critical, so key
  });

  it('previews named audiences with a severity: each on the channels the severity gives it', async () => {
    const r = await previewAudiences(h.app.store.db, {
      components: { [web]: 'partial_outage' },
      audiences: ['affected_customers', 'key_accounts'],
      severity: 'SEV3',
    });
    // SEV3 tells affected customers by email only; key accounts, which it does not notify, as defined
    expect(r.audiences).toEqual([
      { key: 'affected_customers', contacts: 1 },
      { key: 'key_accounts', contacts: 1 },
    ]);
    expect(r.channels).toEqual({ email: 1 });
    const all = await previewAudiences(h.app.store.db, {
      components: { [web]: 'partial_outage' },
      audiences: ['affected_customers'],
    });
    expect(all.channels).toEqual({ email: 1, webhook: 1 });
  });

  it('previews named audiences on a page-wide event: every account counts as affected', async () => {
    const r = await previewAudiences(h.app.ctx(), { components: {}, audiences: ['key_accounts'] });
    expect(r.total).toBe(3); // Acme email + sms, Beta email (its webhook is not a key_accounts channel)
    expect(r.channels).toEqual({ email: 2, sms: 1 });
    expect(r.key_accounts.map((a) => a.name)).toEqual(['Acme', 'Beta']);
    expect(r.key_accounts_total).toBe(2);
  });

  it('creates (201) and replaces (200) an audience, audited, and previews it', async () => {
    const body = {
      name: 'EU technical',
      match: { regions: ['eu'], roles: ['technical'] },
      channels: ['email', 'sms'],
    };
    const c = await h.call('admin', 'PUT', '/api/v1/audiences/eu_technical', body);
    expect(c.status).toBe(201);
    expect(c.json).toEqual({ key: 'eu_technical', ...body, outreach: false, private_page: false });
    const u = await h.call('admin', 'PUT', '/api/v1/audiences/eu_technical', {
      ...body,
      private_page: true,
    });
    expect(u.status).toBe(200);
    expect(u.json.private_page).toBe(true);
    const one = await h.call('read', 'GET', '/api/v1/audiences/eu_technical');
    expect(one.json.private_page).toBe(true);
    const audit = await listAudit(h.app.store.db, { entityId: 'eu_technical' });
    expect(audit.map((a) => a.action)).toEqual(['audience.update', 'audience.create']);
    await h.call('admin', 'PUT', '/api/v1/audiences/vip', {
      name: 'VIP',
      match: { tags: ['vip_1'] },
      channels: ['sms'],
    });
    const r = await h.call('write', 'POST', '/api/v1/audiences/preview', {
      components: {},
      audiences: ['eu_technical', 'vip'],
    });
    expect(r.json).toMatchObject({
      total: 2, // Acme's technical email, and Acme's sms through its tag
      audiences: [
        { key: 'eu_technical', contacts: 1 },
        { key: 'vip', contacts: 1 },
      ],
      channels: { email: 1, sms: 1 },
    });
  });

  it('counts what expansion then delivers, contact for contact and channel for channel', async () => {
    for (const [audiences, components] of [
      [['affected_customers', 'key_accounts'], { [api]: 'major_outage' }],
      [['key_accounts', 'eu_technical', 'vip'], {}],
      [['affected_customers'], { [web]: 'partial_outage', [api]: 'degraded_performance' }],
    ] as const) {
      const preview = await previewAudiences(h.app.store.db, { components, audiences });
      const i = await createIncident(h.app.ctx(), {
        name: 'Errors for some customers',
        body: 'Some calls fail.',
        components,
        audiences: [...audiences],
        visibility: 'audiences',
      });
      while (await expandStep(h.app.store.db, h.app.store.engine, () => h.app.clock.now(), 2)) {}
      const rows = await h.app.store.db
        .selectFrom('deliveries as d')
        .innerJoin('notifications as n', 'n.id', 'd.notification_id')
        .select(['d.channel', 'd.subscriber_id'])
        .where('n.incident_id', '=', i.id)
        .execute();
      const channels: Record<string, number> = {};
      for (const r of rows) channels[r.channel] = (channels[r.channel] ?? 0) + 1;
      expect(preview.total).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.subscriber_id)).size).toBe(preview.total);
      expect(rows.length).toBe(preview.total);
      expect(channels).toEqual(preview.channels);
    }
  });

  it('refuses bad audiences, naming each field', async () => {
    const bad = await h.call('admin', 'PUT', '/api/v1/audiences/gold', {
      name: 'Gold',
      match: { tiers: ['gold'] },
      channels: ['email', 'pigeon'],
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(['channels.1']);
    const tier = await h.call('admin', 'PUT', '/api/v1/audiences/gold', {
      name: 'Gold',
      match: { tiers: ['gold'] },
      channels: ['email'],
    });
    expect(tier.status).toBe(400);
    expect(tier.json.error.fields['match.tiers']).toMatch(/"gold" is not a tier of the plan/);
    const key = await h.call('admin', 'PUT', '/api/v1/audiences/Bad%20Key', {
      name: 'x',
      match: {},
      channels: [],
    });
    expect(key.status).toBe(400);
    expect(key.json.error.fields.key).toBeTruthy();
    expect((await h.call('write', 'PUT', '/api/v1/audiences/x', {})).status).toBe(403);
    expect((await h.call('read', 'GET', '/api/v1/audiences/nope')).status).toBe(404);
  });

  it('refuses a preview of an unknown audience, component or severity (400 naming it)', async () => {
    const r = await h.call('write', 'POST', '/api/v1/audiences/preview', {
      components: { nope: 'major_outage', [api]: 'sideways' },
      audiences: ['nobody'],
    });
    expect(r.status).toBe(400);
    expect(Object.keys(r.json.error.fields)).toEqual([`components.${api}`]);
    const r2 = await h.call('write', 'POST', '/api/v1/audiences/preview', {
      components: { nope: 'major_outage' },
      audiences: ['nobody'],
      severity: 'SEV9',
    });
    expect(r2.status).toBe(400);
    expect(r2.json.error.fields).toEqual({
      'audiences[0]': expect.stringContaining('nobody is not an audience'),
      'components.nope': 'is not a component',
      severity: expect.stringContaining('SEV9 is not a severity'),
    });
    expect((await h.call('read', 'POST', '/api/v1/audiences/preview', {})).status).toBe(403);
  });

  it('refuses a severity that notifies an unknown audience', async () => {
    const sev = (await h.call('read', 'GET', '/api/v1/severities')).json.severities[2];
    const r = await h.call('admin', 'PUT', '/api/v1/severities/SEV3', {
      name: sev.name,
      description: sev.description,
      settings: { ...sev.settings, notify: [{ audience: 'ghosts' }] },
    });
    expect(r.status).toBe(400);
    expect(r.json.error.fields['settings.notify.0.audience']).toMatch(/ghosts is not an audience/);
  });

  it('refuses to delete an audience a severity notifies (409 naming them); deletes one none does', async () => {
    const r = await h.call('admin', 'DELETE', '/api/v1/audiences/key_accounts');
    expect(r.status).toBe(409);
    expect(r.json.error.message).toMatch(/SEV1, SEV2/);
    expect((await h.call('admin', 'DELETE', '/api/v1/audiences/vip')).status).toBe(204);
    expect((await h.call('read', 'GET', '/api/v1/audiences/vip')).status).toBe(404);
    expect((await h.call('admin', 'DELETE', '/api/v1/audiences/vip')).status).toBe(404);
  });

  it('reads and sets the account tiers; refuses to drop a tier accounts hold', async () => {
    const r = await h.call('read', 'GET', '/api/v1/plan/tiers');
    expect(r.json).toEqual({
      tiers: ['enterprise', 'business', 'free'],
      key_accounts: { tiers: ['enterprise'], criticality: ['critical'] },
    });
    const drop = await h.call('admin', 'PUT', '/api/v1/plan/tiers', {
      tiers: ['enterprise', 'business'],
    });
    expect(drop.status).toBe(409);
    expect(drop.json.error.message).toMatch(/free \(1\)/);
    const bad = await h.call('admin', 'PUT', '/api/v1/plan/tiers', {
      tiers: ['enterprise', 'business', 'free', 'trial'],
      key_accounts: { tiers: ['gold'], criticality: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields['key_accounts.tiers.0']).toMatch(/"gold" is not one of the tiers/);
    const ok = await h.call('admin', 'PUT', '/api/v1/plan/tiers', {
      tiers: ['enterprise', 'business', 'free', 'trial'],
      key_accounts: { tiers: ['enterprise', 'business'], criticality: [] },
    });
    expect(ok.status).toBe(200);
    // key is now any enterprise or business account: Dyn joins; criticality no longer counts
    const p = await previewAudiences(h.app.store.db, {
      components: {},
      audiences: ['key_accounts'],
    });
    expect(p.key_accounts.map((a) => a.name)).toEqual(['Acme', 'Beta', 'Dyn']);
  });
});

describeEachEngine('the default audiences', (engine) => {
  it('are added once: one the team deleted does not come back, nor do defaults join audiences already made', async () => {
    const app = await makeTestApp(engine);
    try {
      expect((await listAudiences(app.store.db)).map((a) => a.key)).toEqual([
        'affected_customers',
        'key_accounts',
      ]);
      await app.store.db.deleteFrom('audiences').where('key', '=', 'key_accounts').execute();
      expect((await ensurePlanDefaults(app.ctx())).audiences).toEqual([]);
      expect((await listAudiences(app.store.db)).map((a) => a.key)).toEqual(['affected_customers']);
      // an installation from before audiences had its own: the first run adds none
      await app.store.db.deleteFrom('plan_settings').where('key', '=', AUDIENCES_SEEDED).execute();
      expect((await ensurePlanDefaults(app.ctx())).audiences).toEqual([]);
      // and one with none gets both
      await app.store.db.deleteFrom('audiences').execute();
      await app.store.db.deleteFrom('plan_settings').where('key', '=', AUDIENCES_SEEDED).execute();
      expect((await ensurePlanDefaults(app.ctx())).audiences).toEqual([
        'affected_customers',
        'key_accounts',
      ]);
    } finally {
      await app.cleanup();
    }
  });
});
