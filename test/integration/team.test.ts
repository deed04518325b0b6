/**
 * The team actions on real databases: people and their internal subscriptions, rotations,
 * custom roles, severities, the plan defaults, and the audit trail of each.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { createRole } from '../../src/actions/createRole.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { deletePerson } from '../../src/actions/deletePerson.js';
import { deleteRole } from '../../src/actions/deleteRole.js';
import { deleteSeverity } from '../../src/actions/deleteSeverity.js';
import { ensurePlanDefaults } from '../../src/actions/ensurePlanDefaults.js';
import { setRotation } from '../../src/actions/setRotation.js';
import { updatePerson } from '../../src/actions/updatePerson.js';
import { upsertSeverity } from '../../src/actions/upsertSeverity.js';
import { expandStep } from '../../src/dispatch/expand.js';
import { DEFAULT_SEVERITIES } from '../../src/domain/severity.js';
import { BUILTIN_ROLES } from '../../src/domain/team.js';
import { listAudit } from '../../src/store/queries/audit.js';
import { getRole, listRoles, listSeverities } from '../../src/store/queries/team.js';
import { enqueueNotification } from '../../src/store/writes/outbox.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';

const HOOK = 'https://hooks.slack.com/services/T000/B000/XXXX';

describeEachEngine('team, roles and severities', (engine) => {
  let app: TestApp;
  const clock = new TestClock();
  beforeAll(async () => {
    app = await makeTestApp(engine, { clock });
  });
  afterAll(() => app.cleanup());

  const internalSubs = (personId: string) =>
    app.store.db
      .selectFrom('subscribers')
      .select(['channel', 'address', 'state', 'audience'])
      .where('person_id', '=', personId)
      .orderBy('channel')
      .execute();

  it('opens with the built-in roles and SEV1–SEV3, audited once; running again adds nothing', async () => {
    const roles = await listRoles(app.store.db);
    expect(roles.map((r) => r.key)).toEqual(BUILTIN_ROLES.map((r) => r.key));
    expect(roles.every((r) => r.builtin && r.rotation.length === 0)).toBe(true);
    const sevs = await listSeverities(app.store.db);
    expect(sevs.map((s) => s.key)).toEqual(['SEV1', 'SEV2', 'SEV3']);
    expect(sevs[0].settings).toEqual(DEFAULT_SEVERITIES[0].settings);
    expect(await ensurePlanDefaults(app.ctx())).toEqual({
      roles: [],
      severities: [],
      audiences: [],
    });
    const audit = await listAudit(app.store.db, { action: 'plan.defaults' });
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toEqual({
      roles: BUILTIN_ROLES.map((r) => r.key),
      severities: ['SEV1', 'SEV2', 'SEV3'],
      audiences: ['affected_customers', 'key_accounts'],
    });
  });

  it('restores a missing built-in role, but does not bring back a severity the team deleted', async () => {
    await deleteSeverity(app.ctx(), 'SEV3');
    // a built-in role can only go missing by hand (deleteRole refuses), e.g. an old database
    await app.store.db.deleteFrom('roles').where('key', '=', 'account_manager').execute();
    expect(await ensurePlanDefaults(app.ctx())).toEqual({
      roles: ['account_manager'],
      severities: [],
      audiences: [],
    });
    expect((await listSeverities(app.store.db)).map((s) => s.key)).toEqual(['SEV1', 'SEV2']);
    const { key: _k, ...sev3 } = DEFAULT_SEVERITIES[2];
    await upsertSeverity(app.ctx(), 'SEV3', sev3);
  });

  it('adds a person with one active internal subscriber per deliverable channel', async () => {
    const ana = await createPerson(app.ctx(), {
      name: 'Ana Lima',
      email: 'Ana@example.com',
      phone: '+447700900123',
      slack: HOOK,
      teams: 'ana@example.com', // a handle: kept, not deliverable
      time_zone: 'Europe/London',
      working_hours: '9:00-17:30 mon-fri',
    });
    expect(ana).toMatchObject({ name: 'Ana Lima', working_hours: '09:00-17:30 Mon-Fri' });
    expect(await internalSubs(ana.id)).toEqual([
      { channel: 'email', address: 'Ana@example.com', state: 'active', audience: 'internal' },
      { channel: 'slack', address: HOOK, state: 'active', audience: 'internal' },
      { channel: 'sms', address: '+447700900123', state: 'active', audience: 'internal' },
    ]);
    const [entry] = await listAudit(app.store.db, { entityId: ana.id });
    expect(entry).toMatchObject({ action: 'person.create', actor: 'system' });
    expect((entry.after as { internal_channels: string[] }).internal_channels).toEqual([
      'email',
      'sms',
      'slack',
    ]);
  });

  it('keeps a public subscription with the same address apart from the internal one', async () => {
    await createSubscriber(app.ctx(), {
      channel: 'email',
      email: 'bo@example.com',
      confirmed: true,
    });
    const bo = await createPerson(app.ctx(), { name: 'Bo', email: 'bo@example.com' });
    expect(await internalSubs(bo.id)).toHaveLength(1);
    const all = await app.store.db
      .selectFrom('subscribers')
      .select(['audience', 'person_id'])
      .where('address', '=', 'bo@example.com')
      .orderBy('audience')
      .execute();
    expect(all).toEqual([
      { audience: 'internal', person_id: bo.id },
      { audience: 'public', person_id: null },
    ]);
    await deletePerson(app.ctx(), bo.id);
  });

  it('moves, adds and removes internal subscribers as the person changes', async () => {
    const cy = await createPerson(app.ctx(), {
      name: 'Cy',
      email: 'cy@example.com',
      phone: '+15555550100',
    });
    await app.store.db
      .updateTable('subscribers')
      .set({ state: 'undeliverable' })
      .where('person_id', '=', cy.id)
      .where('channel', '=', 'email')
      .execute();
    const after = await updatePerson(app.ctx(), cy.id, {
      email: 'cy@new.example.com',
      phone: null,
      teams: 'https://example.webhook.office.com/webhookb2/abc',
      working_hours: '24/7',
    });
    expect(after).toMatchObject({ phone: null, working_hours: '24/7', name: 'Cy' });
    expect(await internalSubs(cy.id)).toEqual([
      { channel: 'email', address: 'cy@new.example.com', state: 'active', audience: 'internal' },
      {
        channel: 'teams',
        address: 'https://example.webhook.office.com/webhookb2/abc',
        state: 'active',
        audience: 'internal',
      },
    ]);
    // a Slack handle is kept on the person but gets no subscriber
    await updatePerson(app.ctx(), cy.id, { slack: '@cy' });
    expect((await internalSubs(cy.id)).map((s) => s.channel)).toEqual(['email', 'teams']);
    const audit = await listAudit(app.store.db, { entityId: cy.id, action: 'person.update' });
    expect(audit).toHaveLength(2);
    expect(audit[1].before).toMatchObject({ phone: '+15555550100' });
  });

  it('reaches the team through the fan-out engine with an internal audience only', async () => {
    const n = await enqueueNotification(app.store.db, {
      kind: 'team.notice',
      payload: { audience: 'internal', data: { subject: 'x', text: 'x' } },
      at: clock.now().toISOString(),
    });
    while (await expandStep(app.store.db, app.store.engine, () => clock.now()));
    const rows = await app.store.db
      .selectFrom('deliveries as d')
      .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
      .select(['s.address', 's.audience'])
      .where('d.notification_id', '=', n)
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.every((r) => r.audience === 'internal')).toBe(true);
    expect(rows.map((r) => r.address)).not.toContain('bo@example.com');
  });

  it('sets rotations in order, naming unknown people by position', async () => {
    const [ana, cy] = await Promise.all(
      ['Ana Lima', 'Cy'].map(async (name) =>
        app.store.db
          .selectFrom('people')
          .selectAll()
          .where('name', '=', name)
          .executeTakeFirstOrThrow(),
      ),
    );
    const role = await setRotation(app.ctx(), 'incident_lead', { person_ids: [cy.id, ana.id] });
    expect(role.rotation.map((p) => [p.name, p.position])).toEqual([
      ['Cy', 0],
      ['Ana Lima', 1],
    ]);
    await setRotation(app.ctx(), 'comms_lead', { person_ids: [ana.id] });
    await expect(
      setRotation(app.ctx(), 'incident_lead', { person_ids: [ana.id, 'nobody'] }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { 'person_ids.1': 'nobody is not a known person id' },
    });
    await expect(
      setRotation(app.ctx(), 'incident_lead', { person_ids: [ana.id, ana.id] }),
    ).rejects.toMatchObject({ fields: { person_ids: 'must not name a person twice' } });
    await expect(setRotation(app.ctx(), 'chef', { person_ids: [] })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await getRole(app.store.db, 'incident_lead'))!.rotation.map((p) => p.name)).toEqual([
      'Cy',
      'Ana Lima',
    ]);
    const [entry] = await listAudit(app.store.db, {
      action: 'role.rotation',
      entityId: 'incident_lead',
    });
    expect(entry.after).toEqual({ person_ids: [cy.id, ana.id] });
  });

  it('refuses to delete a person on call, naming the roles, unless forced', async () => {
    const ana = await app.store.db
      .selectFrom('people')
      .selectAll()
      .where('name', '=', 'Ana Lima')
      .executeTakeFirstOrThrow();
    const err = await deletePerson(app.ctx(), ana.id).catch((e) => e);
    expect(err).toMatchObject({ code: 'conflict' });
    expect(err.message).toContain('Incident lead (incident_lead)');
    expect(err.message).toContain('Comms lead (comms_lead)');
    expect(await internalSubs(ana.id)).toHaveLength(3);

    await deletePerson(app.ctx(), ana.id, { force: true });
    expect(await internalSubs(ana.id)).toEqual([]);
    expect((await getRole(app.store.db, 'incident_lead'))!.rotation.map((p) => p.name)).toEqual([
      'Cy',
    ]);
    expect((await getRole(app.store.db, 'comms_lead'))!.rotation).toEqual([]);
    const [entry] = await listAudit(app.store.db, { entityId: ana.id, action: 'person.delete' });
    expect(entry.before).toMatchObject({
      name: 'Ana Lima',
      rotations: ['incident_lead', 'comms_lead'],
    });
    await expect(deletePerson(app.ctx(), ana.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('adds and deletes custom roles; built-in ones and those a severity calls in stay', async () => {
    const r = await createRole(app.ctx(), { key: 'security_lead', name: 'Security lead' });
    expect(r).toMatchObject({ key: 'security_lead', builtin: false, rotation: [] });
    await expect(
      createRole(app.ctx(), { key: 'security_lead', name: 'Again' }),
    ).rejects.toMatchObject({
      code: 'conflict',
      fields: { key: 'is taken' },
    });
    await expect(createRole(app.ctx(), { key: 'Security Lead', name: '' })).rejects.toMatchObject({
      code: 'validation_failed',
      fields: {
        key: expect.stringContaining('lowercase snake case'),
        name: 'must not be empty',
      },
    });
    await expect(deleteRole(app.ctx(), 'incident_lead')).rejects.toMatchObject({
      code: 'conflict',
      fields: { key: 'is a built-in role' },
    });
    const sev1 = (await listSeverities(app.store.db))[0];
    await upsertSeverity(app.ctx(), 'SEV1', {
      name: sev1.name,
      description: sev1.description,
      settings: { ...sev1.settings, calledRoles: [...sev1.settings.calledRoles, 'security_lead'] },
    });
    await expect(deleteRole(app.ctx(), 'security_lead')).rejects.toMatchObject({
      code: 'conflict',
      fields: { key: 'is called in by SEV1' },
    });
    await upsertSeverity(app.ctx(), 'SEV1', {
      name: sev1.name,
      description: sev1.description,
      settings: sev1.settings,
    });
    await deleteRole(app.ctx(), 'security_lead');
    expect((await listRoles(app.store.db)).map((x) => x.key)).not.toContain('security_lead');
    const actions = (await listAudit(app.store.db, { entityId: 'security_lead' })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(['role.delete', 'role.create']);
  });

  it('creates, edits and deletes a severity, checking every field and every role it calls', async () => {
    const base = DEFAULT_SEVERITIES[2];
    const sev4 = await upsertSeverity(app.ctx(), 'SEV4', {
      name: 'Cosmetic',
      description: 'Nothing customers would notice.',
      settings: { ...base.settings, approvalRequired: false },
    });
    expect(sev4).toMatchObject({ key: 'SEV4', position: 3, name: 'Cosmetic' });
    const edited = await upsertSeverity(app.ctx(), 'SEV4', {
      name: 'Cosmetic only',
      description: 'Nothing customers would notice.',
      settings: {
        ...base.settings,
        cadence: { ...base.settings.cadence, interimAfterMinutes: 240 },
      },
    });
    expect(edited.position).toBe(3);
    expect(edited.settings.cadence.interimAfterMinutes).toBe(240);

    await expect(
      upsertSeverity(app.ctx(), 'SEV4', {
        name: 'x',
        description: 'x',
        settings: {
          ...base.settings,
          calledRoles: ['incident_lead', 'chef'],
          cadence: { ...base.settings.cadence, interimAfterMinutes: 300 },
        },
      }),
    ).rejects.toMatchObject({
      fields: { 'settings.cadence.interimAfterMinutes': 'must be at most 240 minutes' },
    });
    await expect(
      upsertSeverity(app.ctx(), 'SEV4', {
        name: 'x',
        description: 'x',
        settings: { ...base.settings, calledRoles: ['incident_lead', 'chef'] },
      }),
    ).rejects.toMatchObject({
      fields: { 'settings.calledRoles.1': 'chef is not a role (see GET /api/v1/roles)' },
    });
    await expect(upsertSeverity(app.ctx(), 'sev 5', {})).rejects.toMatchObject({
      fields: { key: expect.stringContaining('e.g. SEV1') },
    });

    const inc = await createIncident(app.ctx(), { name: 'Blip', body: 'Looking' });
    await app.store.db
      .updateTable('incidents')
      .set({ severity: 'SEV4' })
      .where('id', '=', inc.id)
      .execute();
    await expect(deleteSeverity(app.ctx(), 'SEV4')).rejects.toMatchObject({
      code: 'conflict',
      fields: { key: 'is in use by an unresolved incident' },
    });
    await app.store.db
      .updateTable('incidents')
      .set({ severity: null })
      .where('id', '=', inc.id)
      .execute();
    await deleteSeverity(app.ctx(), 'SEV4');
    await expect(deleteSeverity(app.ctx(), 'SEV4')).rejects.toMatchObject({ code: 'not_found' });
    const actions = (await listAudit(app.store.db, { entityId: 'SEV4' })).map((a) => a.action);
    expect(actions).toEqual(['severity.delete', 'severity.update', 'severity.create']);
  });

  it('refuses a Slack or Teams webhook at a private address, naming the field', async () => {
    const strict = { ...app.ctx(), allowPrivateNetwork: false };
    await expect(
      createPerson(strict, { name: 'Eve', slack: 'http://169.254.169.254/latest/meta-data' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { slack: expect.stringContaining('private') },
    });
    const cy = await app.store.db
      .selectFrom('people')
      .select('id')
      .where('name', '=', 'Cy')
      .executeTakeFirstOrThrow();
    await expect(
      updatePerson(strict, cy.id, { teams: 'http://127.0.0.1:8080/hook' }),
    ).rejects.toMatchObject({ fields: { teams: expect.stringContaining('private') } });
  });

  it('needs the admin scope to change the team', async () => {
    const writer = app.ctx({ id: 'token:w', scope: 'write' });
    await expect(createPerson(writer, { name: 'Dee' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(createRole(writer, { key: 'dee', name: 'Dee' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
