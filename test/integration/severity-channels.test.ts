import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { declareIncident } from '../../src/actions/declareIncident.js';
import { postUpdate } from '../../src/actions/postUpdate.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { upsertSeverity } from '../../src/actions/upsertSeverity.js';
import { expandStep } from '../../src/dispatch/expand.js';
import { getSeverity } from '../../src/store/queries/team.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';

describeEachEngine('the severity channel matrix when sending', (engine) => {
  let app: TestApp;

  /** expands every pending notification and returns the channels of this incident's public deliveries */
  async function publicChannels(incidentId: string): Promise<string[]> {
    while (await expandStep(app.store.db, app.store.engine, () => app.clock.now(), 2)) {}
    const rows = await app.store.db
      .selectFrom('deliveries as d')
      .innerJoin('notifications as n', 'n.id', 'd.notification_id')
      .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
      .select(['d.channel'])
      .where('n.incident_id', '=', incidentId)
      .where('s.audience', '=', 'public')
      .execute();
    return [...new Set(rows.map((r) => r.channel))].sort();
  }

  beforeAll(async () => {
    app = await makeTestApp(engine);
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    const subs = [
      { channel: 'email', email: 'a@example.com' },
      { channel: 'sms', phone: '+14155550100' },
      { channel: 'webhook', url: 'http://127.0.0.1:9/hook' },
      { channel: 'slack', url: 'http://127.0.0.1:9/slack' },
      { channel: 'teams', url: 'http://127.0.0.1:9/teams' },
      { channel: 'discord', url: 'http://127.0.0.1:9/discord' },
    ];
    for (const s of subs) await createSubscriber(ctx, { ...s, confirmed: true });
  });
  afterAll(async () => {
    await app.cleanup();
  });

  it('tells a SEV3 only on the channels its plan names (status page and webhooks)', async () => {
    const d = await declareIncident(app.ctx(), {
      severity: 'SEV3',
      template: 'investigating',
      vars: { issue: 'slow exports', contact: 'help@acme.test' },
    });
    expect(await publicChannels(d.incident.id)).toEqual(['webhook']);
    // later updates of the incident follow the same matrix
    await postUpdate(app.ctx(), 'incident', d.incident.id, {
      status: 'identified',
      body: 'Found it.',
    });
    expect(await publicChannels(d.incident.id)).toEqual(['webhook']);
  });

  it('tells a SEV1 on every public channel', async () => {
    const d = await declareIncident(app.ctx(), {
      severity: 'SEV1',
      template: 'investigating',
      vars: { issue: 'no logins', contact: 'help@acme.test' },
    });
    expect(await publicChannels(d.incident.id)).toEqual([
      'email',
      'slack',
      'sms',
      'teams',
      'webhook',
    ]);
  });

  it('keeps every channel for an incident without a severity', async () => {
    const i = await createIncident(app.ctx(), {
      name: 'Slow search',
      status: 'investigating',
      body: 'Looking.',
    });
    expect(await publicChannels(i.id)).toEqual([
      'discord',
      'email',
      'slack',
      'sms',
      'teams',
      'webhook',
    ]);
  });

  it('sends on a channel registered later (Discord) once a severity names it, and refuses an unknown one', async () => {
    const sev = await getSeverity(app.store.db, 'SEV3');
    if (!sev) throw new Error('no SEV3');
    const settings = { ...sev.settings, audiences: { ...sev.settings.audiences } };
    settings.audiences.public = [...settings.audiences.public, 'discord'];
    await upsertSeverity(app.ctx(), 'SEV3', {
      name: sev.name,
      description: sev.description,
      settings,
    });
    const d = await declareIncident(app.ctx(), {
      severity: 'SEV3',
      template: 'investigating',
      vars: { issue: 'slow exports', contact: 'help@acme.test' },
    });
    expect(await publicChannels(d.incident.id)).toEqual(['discord', 'webhook']);
    settings.audiences.public = [...settings.audiences.public, 'pigeon'];
    const refused = await upsertSeverity(app.ctx(), 'SEV3', {
      name: sev.name,
      description: sev.description,
      settings,
    }).catch((e: { fields?: Record<string, string> }) => e);
    const at = `settings.audiences.public.${settings.audiences.public.length - 1}`;
    expect((refused as { fields?: Record<string, string> }).fields?.[at]).toMatch(/discord/);
  });
});
