/**
 * Accounts over the admin API on real SQLite and PostgreSQL: CRUD with field-named errors,
 * contacts (added confirmed, linked when already subscribed, unsubscribed like any subscriber),
 * deletion that removes or unlinks contacts, and the streamed bulk import (JSON and CSV) with
 * its counts, rejections, quoted fields and idempotence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createPerson } from '../../src/actions/createPerson.js';
import { ACCOUNT_BATCH } from '../../src/actions/importAccounts.js';
import { unsubscribe } from '../../src/actions/unsubscribe.js';
import { accountOut, contactOut } from '../../src/http/routes/v1/accounts.js';
import { sign } from '../../src/lib/signing.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine } from '../helpers/app.js';

describeEachEngine('accounts API', (engine) => {
  let h: ApiHarness;
  let api: string;
  let dash: string;
  let manager: string;
  beforeAll(async () => {
    h = await makeApiHarness(engine);
    api = (await createComponent(h.app.ctx(), { name: 'API' })).id;
    dash = (await createComponent(h.app.ctx(), { name: 'Dashboard' })).id;
    manager = (
      await createPerson(h.app.ctx(), {
        name: 'Maya',
        email: 'maya@acme.test',
        time_zone: 'Europe/London',
      })
    ).id;
  });
  afterAll(() => h.close());

  const post = (url: string, body: unknown) => h.call('write', 'POST', url, body);
  const csv = (text: string) =>
    h.call('write', 'POST', '/api/v1/accounts/import', text, { 'content-type': 'text/csv' });

  describe('CRUD', () => {
    it('creates, reads, filters, patches and deletes an account, each audited', async () => {
      const res = await post('/api/v1/accounts', {
        name: 'Globex',
        external_id: 'crm-1',
        tier: 'enterprise',
        criticality: 'critical',
        region: 'eu',
        time_zone: 'Europe/Paris',
        locale: 'fr',
        account_manager_id: manager,
        tags: ['fintech', 'pilot'],
        mrr: 12000,
        components: [api, dash],
      });
      expect(res.status, res.body).toBe(201);
      const a = accountOut.parse(res.json);
      expect(a).toMatchObject({ name: 'Globex', tier: 'enterprise', tags: ['fintech', 'pilot'] });
      expect(a.components.sort()).toEqual([api, dash].sort());

      const list = async (qs: string) =>
        (await h.call('read', 'GET', `/api/v1/accounts?${qs}`)).json.accounts.map(
          (x: { id: string }) => x.id,
        );
      expect(await list('q=glob')).toEqual([a.id]);
      expect(await list('q=CRM-1')).toEqual([a.id]);
      expect(await list('tag=fintech&criticality=critical&region=eu&tier=enterprise')).toEqual([
        a.id,
      ]);
      expect(await list('tag=fin')).toEqual([]);
      expect(await list('tier=free')).toEqual([]);

      const patched = await h.call('write', 'PATCH', `/api/v1/accounts/${a.id}`, {
        tier: 'business',
        region: null,
        components: [dash],
      });
      expect(patched.status, patched.body).toBe(200);
      expect(patched.json).toMatchObject({
        tier: 'business',
        region: null,
        components: [dash],
        name: 'Globex',
        mrr: 12000,
      });

      expect((await h.call('write', 'DELETE', `/api/v1/accounts/${a.id}`)).status).toBe(204);
      expect((await h.call('write', 'GET', `/api/v1/accounts/${a.id}`)).status).toBe(404);
      const audit = await h.call('admin', 'GET', `/api/v1/audit?entity_id=${a.id}`);
      expect(audit.json.entries.map((e: { action: string }) => e.action).sort()).toEqual([
        'account.create',
        'account.delete',
        'account.update',
      ]);
    });

    it('names each bad field', async () => {
      const res = await post('/api/v1/accounts', {
        name: '',
        tier: 'enterprise',
        criticality: 'urgent',
        time_zone: 'Mars/Base',
        tags: ['Not OK'],
        mrr: -1,
        colour: 'red',
      });
      expect(res.status).toBe(400);
      expect(Object.keys(res.json.error.fields).sort()).toEqual([
        'colour',
        'criticality',
        'mrr',
        'name',
        'tags.0',
        'time_zone',
      ]);
      const refs = await post('/api/v1/accounts', {
        name: 'X',
        tier: 'platinum',
        account_manager_id: 'nobody',
      });
      expect(refs.status).toBe(400);
      expect(Object.keys(refs.json.error.fields).sort()).toEqual(['account_manager_id', 'tier']);
      const comp = await post('/api/v1/accounts', {
        name: 'X',
        tier: 'free',
        components: ['nope'],
      });
      expect(comp.json.error.fields).toEqual({
        'components.0': 'nope is not a known component id',
      });
      await post('/api/v1/accounts', { name: 'Y', tier: 'free', external_id: 'dup' });
      const dup = await post('/api/v1/accounts', { name: 'Z', tier: 'free', external_id: 'dup' });
      expect(dup.status).toBe(409);
      expect(Object.keys(dup.json.error.fields)).toEqual(['external_id']);
      const patch = await h.call('write', 'PATCH', '/api/v1/accounts/none', { tier: 'free' });
      expect(patch.status).toBe(404);
    });
  });

  describe('contacts', () => {
    it('adds confirmed contacts, links an existing subscriber, and unsubscribes like any subscriber', async () => {
      const acct = (await post('/api/v1/accounts', { name: 'Initech', tier: 'business' })).json;
      const c1 = await post(`/api/v1/accounts/${acct.id}/contacts`, {
        name: 'Peter',
        email: 'Peter@Initech.example',
        role: 'technical',
      });
      expect(c1.status, c1.body).toBe(201);
      expect(contactOut.parse(c1.json)).toMatchObject({
        channel: 'email',
        state: 'active',
        audience: 'public',
        components: null,
        account_id: acct.id,
        contact_role: 'technical',
        contact_name: 'Peter',
      });
      expect(c1.json.linked).toBe(false);
      expect(c1.json.confirmed_at).toBeTruthy();

      // a plain subscriber already on that channel is linked, not duplicated
      const plain = await post('/api/v1/subscribers', {
        channel: 'sms',
        phone: '+447700900123',
        confirmed: true,
      });
      const c2 = await post(`/api/v1/accounts/${acct.id}/contacts`, {
        phone: '+447700900123',
        role: 'executive',
      });
      expect(c2.status, c2.body).toBe(201);
      expect(c2.json).toMatchObject({ id: plain.json.id, linked: true, channel: 'sms' });

      const bad = await post(`/api/v1/accounts/${acct.id}/contacts`, {
        email: 'not-an-email',
        role: 'Big Boss',
      });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.json.error.fields).sort()).toEqual(['email', 'role']);
      expect((await post('/api/v1/accounts/none/contacts', { email: 'a@b.example' })).status).toBe(
        404,
      );

      const got = await h.call('write', 'GET', `/api/v1/accounts/${acct.id}`);
      expect(got.json.contacts.map((c: { id: string }) => c.id).sort()).toEqual(
        [c1.json.id, plain.json.id].sort(),
      );

      const { subscriber } = await unsubscribe(
        h.app.ctx(),
        c1.json.id,
        sign(h.app.secretKey, 'unsubscribe', c1.json.id),
      );
      expect(subscriber.state).toBe('unsubscribed');

      // deleting the account deletes the contact it added and unlinks the subscriber it linked
      expect((await h.call('write', 'DELETE', `/api/v1/accounts/${acct.id}`)).status).toBe(204);
      expect((await h.call('write', 'GET', `/api/v1/subscribers/${c1.json.id}`)).status).toBe(404);
      const kept = await h.app.store.db
        .selectFrom('subscribers')
        .selectAll()
        .where('id', '=', plain.json.id)
        .executeTakeFirstOrThrow();
      expect(kept).toMatchObject({ state: 'active', account_id: null, contact_role: null });
      const audit = await h.call('admin', 'GET', `/api/v1/audit?entity_id=${acct.id}`);
      const del = audit.json.entries.find((e: { action: string }) => e.action === 'account.delete');
      expect(del.after).toEqual({
        deleted_contacts: [c1.json.id],
        unlinked_contacts: [plain.json.id],
      });
    });

    it('lists and removes one contact', async () => {
      const acct = (await post('/api/v1/accounts', { name: 'Hooli', tier: 'free' })).json;
      const c = (await post(`/api/v1/accounts/${acct.id}/contacts`, { email: 'g@hooli.example' }))
        .json;
      const list = await h.call('write', 'GET', `/api/v1/accounts/${acct.id}/contacts`);
      expect(list.json.contacts.map((x: { id: string }) => x.id)).toEqual([c.id]);
      const url = `/api/v1/accounts/${acct.id}/contacts/${c.id}`;
      expect((await h.call('write', 'DELETE', url)).status).toBe(204);
      expect((await h.call('write', 'DELETE', url)).status).toBe(404);
      expect(
        (await h.call('write', 'GET', `/api/v1/accounts/${acct.id}/contacts`)).json.contacts,
      ).toEqual([]);
    });

    it('refuses writes to a read token', async () => {
      const res = await h.call('read', 'POST', '/api/v1/accounts', { name: 'R', tier: 'free' });
      expect(res.status).toBe(403);
      const imp = await h.call('read', 'POST', '/api/v1/accounts/import', '[]', {
        'content-type': 'application/json',
      });
      expect(imp.status).toBe(403);
    });
  });

  describe('import', () => {
    it('imports a JSON array, then the same again as updates', async () => {
      const body = JSON.stringify([
        {
          external_id: 'j-1',
          name: 'Umbrella',
          tier: 'enterprise',
          criticality: 'high',
          account_manager: 'maya@acme.test',
          tags: ['pharma'],
          components: ['API', dash],
          contacts: [
            { name: 'Alice', email: 'alice@umbrella.example', role: 'technical' },
            { phone: '+447700900555', role: 'executive' },
          ],
        },
        { external_id: 'j-2', name: 'Soylent', tier: 'free' },
        { external_id: 'j-3', name: 'Bad', tier: 'gold', contacts: [{ email: 'x' }] },
        { external_id: 'j-4', name: 'Bad contact', tier: 'free', contacts: [{ email: 'x@' }] },
      ]);
      const send = () =>
        h.call('write', 'POST', '/api/v1/accounts/import', body, {
          'content-type': 'application/json',
        });
      const first = await send();
      expect(first.status, first.body).toBe(200);
      expect(first.json).toMatchObject({ created: 3, updated: 0, contacts: 2, rejected_total: 2 });
      expect(first.json.rejected).toEqual([
        {
          row: 3,
          external_id: 'j-3',
          field: 'tier',
          reason: expect.stringContaining('not a tier'),
        },
        {
          row: 4,
          external_id: 'j-4',
          field: 'contacts.0.email',
          reason: expect.any(String),
        },
      ]);
      const again = await send();
      expect(again.json).toMatchObject({ created: 0, updated: 3, contacts: 2, rejected_total: 2 });
      const found = (await h.call('read', 'GET', '/api/v1/accounts?q=umbrella')).json.accounts;
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        account_manager_id: manager,
        criticality: 'high',
        tags: ['pharma'],
      });
      expect(found[0].components.sort()).toEqual([api, dash].sort());
      const full = await h.call('write', 'GET', `/api/v1/accounts/${found[0].id}`);
      expect(full.json.contacts).toHaveLength(2);
      const contactRows = await h.app.store.db
        .selectFrom('subscribers')
        .select('id')
        .where('account_id', '=', found[0].id)
        .execute();
      expect(contactRows).toHaveLength(2); // not doubled by the second import
    });

    it('imports CSV with quoted fields, several contacts per account, and rejections by line', async () => {
      const text = [
        'external_id,name,tier,criticality,region,time_zone,locale,account_manager,tags,mrr,components,contact_name,contact_email,contact_phone,contact_role',
        `c-1,"Acme, Inc.",enterprise,critical,eu,Europe/Berlin,de,${manager},"fintech;key",1500.5,API;Dashboard,"Smith, ""Jo""",jo@acme.example,,technical`,
        'c-1,,,,,,,,,,,Bill,bill@acme.example,,billing',
        'c-2,"Multi\nline",free,normal,,,,,,,,,,,',
        'c-3,Broken,free,normal,,Mars/Base,,,,abc,,,,,',
        'c-4,Extra,free,normal,,,,,,,,,,,,surplus',
        'c-5,Nobody,free,normal,,,,nobody@nowhere.example,,,,,,,',
        'c-6,Phone only,business,,,,,,,,,,,+447700900999,admin',
      ].join('\r\n');
      const res = await csv(text);
      expect(res.status, res.body).toBe(200);
      expect(res.json).toMatchObject({ created: 3, updated: 0, contacts: 3 });
      const byField = res.json.rejected.map(
        (r: { row: number; field: string }) => `${r.row}:${r.field}`,
      );
      expect(byField).toEqual(['6:time_zone', '6:mrr', '7:(row)', '8:account_manager']);
      // a value of the wrong type is named as such, not as missing
      expect(res.json.rejected[1].reason).toBe('must be a number');
      const acme = (await h.call('read', 'GET', '/api/v1/accounts?q=c-1')).json.accounts[0];
      expect(acme).toMatchObject({
        name: 'Acme, Inc.',
        mrr: 1500.5,
        tags: ['fintech', 'key'],
        region: 'eu',
      });
      const contacts = (await h.call('write', 'GET', `/api/v1/accounts/${acme.id}/contacts`)).json
        .contacts;
      expect(
        contacts.map((c: { contact_name: string; contact_role: string }) => [
          c.contact_name,
          c.contact_role,
        ]),
      ).toEqual([
        ['Smith, "Jo"', 'technical'],
        ['Bill', 'billing'],
      ]);
      expect(contacts[0]).toMatchObject({ locale: 'de', time_zone: 'Europe/Berlin' });
      const multi = (await h.call('read', 'GET', '/api/v1/accounts?q=c-2')).json.accounts[0];
      expect(multi.name).toBe('Multi\nline');

      const again = await csv(text);
      expect(again.json).toMatchObject({ created: 0, updated: 3, contacts: 3 });
    });

    it('refuses unknown columns, a bad content type, broken CSV and broken JSON', async () => {
      const cols = await csv('external_id,name,tier,colour\n');
      expect(cols.status).toBe(400);
      expect(Object.keys(cols.json.error.fields)).toEqual(['column "colour"']);
      const quote = await csv('external_id,name,tier\nx,"open,free\n');
      expect(quote.status).toBe(400);
      expect(quote.json.error.fields).toEqual({ 'line 2': 'a quoted field is never closed' });
      const type = await h.call('write', 'POST', '/api/v1/accounts/import', 'a', {
        'content-type': 'text/plain',
      });
      expect(type.status).toBe(400);
      expect(Object.keys(type.json.error.fields)).toEqual(['Content-Type']);
      const json = await h.call('write', 'POST', '/api/v1/accounts/import', '[{"a":1', {
        'content-type': 'application/json',
      });
      expect(json.status).toBe(400);
      expect(json.json.error.fields['(body)']).toMatch(/never closed/);
    });

    it('writes a batch per transaction with one audit entry each, past the 1 MB limit of other routes', async () => {
      const n = ACCOUNT_BATCH * 5 + 10;
      const pad = 'x'.repeat(199);
      const lines = ['external_id,name,tier,contact_email,contact_name'];
      for (let i = 0; i < n; i++) lines.push(`b-${i},Batch ${i},free,b${i}@batch.example,${pad}`);
      const body = lines.join('\n');
      expect(body.length).toBeGreaterThan(1024 * 1024);
      const res = await csv(body);
      expect(res.status, res.body.slice(0, 300)).toBe(200);
      expect(res.json).toMatchObject({ created: n, contacts: n, rejected_total: 0 });
      const audit = await h.app.store.db
        .selectFrom('audit_log')
        .select('after')
        .where('action', '=', 'account.import')
        .execute();
      const batches = audit.map((a) => JSON.parse(a.after as string)).filter((a) => a.accounts);
      expect(batches.slice(-6).map((a) => a.accounts)).toEqual([
        ACCOUNT_BATCH,
        ACCOUNT_BATCH,
        ACCOUNT_BATCH,
        ACCOUNT_BATCH,
        ACCOUNT_BATCH,
        10,
      ]);
    });
  });
});
