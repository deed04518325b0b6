/** The admin subscriber API: CRUD, the webhook secret shown once, duplicates, validation, bounces. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createIncident } from '../../src/actions/createIncident.js';
import { Worker } from '../../src/dispatch/worker.js';
import { subscriberOut } from '../../src/http/routes/v1/subscribers.js';
import type { Component } from '../../src/store/queries/models.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import { type SmtpReceiver, startSmtp } from '../helpers/receivers.js';

describeEachEngine('admin subscriber API', (engine) => {
  let h: ApiHarness;
  let api: Component;
  let db: Component;
  beforeAll(async () => {
    h = await makeApiHarness(engine);
    api = await createComponent(h.app.ctx(), { name: 'API' });
    db = await createComponent(h.app.ctx(), { name: 'Database' });
  });
  afterAll(() => h.close());

  it('adds a confirmed email subscriber, lists it, reads it and deletes it', async () => {
    const res = await h.call('write', 'POST', '/api/v1/subscribers', {
      channel: 'email',
      email: 'Ops@Example.com',
      components: [api.id],
      confirmed: true,
    });
    expect(res.status).toBe(201);
    expect(subscriberOut.parse(res.json)).toMatchObject({
      channel: 'email',
      address: 'Ops@Example.com',
      state: 'active',
      components: [api.id],
    });
    expect(res.json.secret).toBeUndefined();
    const id = res.json.id;

    const list = await h.call('write', 'GET', '/api/v1/subscribers?channel=email&state=active');
    expect(list.status).toBe(200);
    expect(list.json.subscribers.map((s: { id: string }) => s.id)).toEqual([id]);
    expect(
      (await h.call('write', 'GET', '/api/v1/subscribers?state=pending')).json.subscribers,
    ).toEqual([]);

    const one = await h.call('write', 'GET', `/api/v1/subscribers/${id}`);
    expect(one.status).toBe(200);
    expect(one.json).toEqual(res.json);

    expect((await h.call('write', 'DELETE', `/api/v1/subscribers/${id}`)).status).toBe(204);
    expect((await h.call('write', 'GET', `/api/v1/subscribers/${id}`)).status).toBe(404);
    expect((await h.call('write', 'DELETE', `/api/v1/subscribers/${id}`)).status).toBe(404);
    const audit = await h.call('admin', 'GET', `/api/v1/audit?entity_id=${id}`);
    expect(audit.json.entries.map((e: { action: string }) => e.action).sort()).toEqual([
      'subscriber.create',
      'subscriber.delete',
    ]);
  });

  it('returns a webhook secret in the 201 only, never afterwards', async () => {
    const res = await h.call('write', 'POST', '/api/v1/subscribers', {
      channel: 'webhook',
      url: 'https://hooks.example.com/flare',
    });
    expect(res.status).toBe(201);
    expect(res.json.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{24,}$/);
    expect(res.json.state).toBe('active');
    const again = await h.call('write', 'GET', `/api/v1/subscribers/${res.json.id}`);
    expect(again.body).not.toContain(res.json.secret);
    const list = await h.call('write', 'GET', '/api/v1/subscribers');
    expect(list.body).not.toContain(res.json.secret);
  });

  it('refuses a duplicate address with 409 naming the field, case-insensitively for email', async () => {
    await h.call('write', 'POST', '/api/v1/subscribers', {
      channel: 'email',
      email: 'dup@example.com',
    });
    const res = await h.call('write', 'POST', '/api/v1/subscribers', {
      channel: 'email',
      email: 'DUP@example.com',
    });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('conflict');
    expect(res.json.error.fields).toEqual({ email: 'is already subscribed' });
  });

  it('names every bad field with 400', async () => {
    const res = await h.call('write', 'POST', '/api/v1/subscribers', {
      channel: 'sms',
      email: 'x@example.com',
      components: [api.id, 'nope'],
      locale: 'english',
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.fields).sort()).toEqual(['email', 'locale', 'phone']);
    expect(res.json.error.fields.phone).toMatch(/required for the sms channel/);

    const unknown = await h.call('write', 'POST', '/api/v1/subscribers', {
      channel: 'email',
      email: 'c@example.com',
      components: [db.id, 'nope'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields).toEqual({
      'components.1': 'nope is not a known component id',
    });

    const channel = await h.call('write', 'POST', '/api/v1/subscribers', { channel: 'pigeon' });
    expect(channel.status).toBe(400);
    expect(Object.keys(channel.json.error.fields)).toContain('channel');

    const query = await h.call('write', 'GET', '/api/v1/subscribers?limit=0&state=gone');
    expect(query.status).toBe(400);
    expect(Object.keys(query.json.error.fields).sort()).toEqual(['limit', 'state']);
  });

  it('pages through the list with after', async () => {
    for (let i = 0; i < 5; i++)
      await h.call('write', 'POST', '/api/v1/subscribers', {
        channel: 'email',
        email: `p${i}@page.test`,
      });
    const seen: string[] = [];
    let after: string | null = '';
    while (after !== null) {
      const res = await h.call(
        'write',
        'GET',
        `/api/v1/subscribers?limit=2${after ? `&after=${after}` : ''}`,
      );
      seen.push(...res.json.subscribers.map((s: { id: string }) => s.id));
      after = res.json.next_after;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort());
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });

  it('needs a token with the write scope', async () => {
    expect((await h.call(null, 'GET', '/api/v1/subscribers')).status).toBe(401);
    expect((await h.call('read', 'GET', '/api/v1/subscribers')).status).toBe(403);
    expect((await h.call('read', 'POST', '/api/v1/subscribers/bounces', {})).status).toBe(403);
  });

  it('appears in the OpenAPI document', async () => {
    const doc = (await h.call(null, 'GET', '/api/v1/openapi.json')).json;
    expect(Object.keys(doc.paths['/api/v1/subscribers'])).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/subscribers/{id}']).sort()).toEqual(['delete', 'get']);
    expect(doc.paths['/api/v1/subscribers/bounces'].post['x-flare-scope']).toBe('write');
  });

  describeBounces(
    () => h,
    () => api,
  );
});

function describeBounces(harness: () => ApiHarness, component: () => Component) {
  let smtp: SmtpReceiver;
  let worker: Worker;
  let channels: Channels;
  beforeAll(async () => {
    const h = harness();
    smtp = await startSmtp();
    channels = testChannels(h.app, { FLARE_SMTP_URL: smtp.url });
    worker = new Worker(h.app, channels, { flushMs: 10 });
  });
  afterAll(async () => {
    await worker.stop();
    await closeChannels(channels);
    await smtp.close();
  });

  it('marks a bounced address undeliverable and a complaint unsubscribed; the worker then skips them', async () => {
    const h = harness();
    const add = (email: string) =>
      h.call('write', 'POST', '/api/v1/subscribers', { channel: 'email', email, confirmed: true });
    await add('bounce@mail.test');
    await add('spam@mail.test');
    await add('fine@mail.test');

    const b = await h.call('write', 'POST', '/api/v1/subscribers/bounces', {
      address: 'BOUNCE@mail.test',
      type: 'bounce',
      reason: '550 5.1.1 user unknown',
    });
    expect(b.status).toBe(200);
    expect(b.json).toMatchObject({
      state: 'undeliverable',
      disabled_reason: 'bounce: 550 5.1.1 user unknown',
    });
    const c = await h.call('write', 'POST', '/api/v1/subscribers/bounces', {
      address: 'spam@mail.test',
      channel: 'email',
      type: 'complaint',
    });
    expect(c.json).toMatchObject({ state: 'unsubscribed', disabled_reason: 'complaint' });
    // a later bounce does not undo the complaint
    const later = await h.call('write', 'POST', '/api/v1/subscribers/bounces', {
      address: 'spam@mail.test',
      type: 'bounce',
    });
    expect(later.json.state).toBe('unsubscribed');

    const missing = await h.call('write', 'POST', '/api/v1/subscribers/bounces', {
      address: 'nobody@mail.test',
      type: 'bounce',
    });
    expect(missing.status).toBe(404);
    expect(missing.json.error.fields).toEqual({ address: 'is not a known email subscriber' });
    const bad = await h.call('write', 'POST', '/api/v1/subscribers/bounces', {
      address: 'x@y.z',
      type: 'soft',
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(['type']);

    await worker.drain();
    smtp.recipients.length = 0;
    await createIncident(h.app.ctx(), {
      name: 'API down',
      body: 'Looking.',
      components: { [component().id]: 'major_outage' },
    });
    await worker.drain();
    const got = smtp.recipients.flat();
    expect(got).toContain('fine@mail.test');
    expect(got).not.toContain('bounce@mail.test');
    expect(got).not.toContain('spam@mail.test');
    const audit = await h.call('admin', 'GET', '/api/v1/audit?action=subscriber.bounce');
    expect(audit.json.entries.length).toBe(2);
  });
}
