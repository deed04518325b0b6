/**
 * Setting a digest and quiet hours (issue #12): through the admin API and through the
 * subscriber's own signed manage page (a plain form, no JavaScript); bad input names its field.
 * Compensation lines given with an update are checked the same way.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { subscriberLinks } from '../../src/lib/signing.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine } from '../helpers/app.js';

describeEachEngine('digest and quiet-hours preferences', (engine) => {
  let h: ApiHarness;
  let id = '';
  beforeAll(async () => {
    h = await makeApiHarness(engine);
    id = (
      await createSubscriber(h.app.ctx(), {
        channel: 'email',
        email: 'pat@example.com',
        confirmed: true,
      })
    ).subscriber.id;
  });
  afterAll(async () => {
    await h.close();
  });

  it('sets them through the API, and refuses bad quiet hours naming the field', async () => {
    const url = `/api/v1/subscribers/${id}/preferences`;
    const bad = await h.call('write', 'PATCH', url, { quiet_hours: '10pm to 7am' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.quiet_hours).toMatch(/22:00-07:00/);
    expect((await h.call('read', 'PATCH', url, { digest: true })).status).toBe(403);
    const ok = await h.call('write', 'PATCH', url, {
      digest: true,
      quiet_hours: '22:00-07:00',
      time_zone: 'Europe/Paris',
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({
      digest: true,
      quiet_hours: '22:00-07:00',
      time_zone: 'Europe/Paris',
    });
    const read = await h.call('write', 'GET', `/api/v1/subscribers/${id}`);
    expect(read.json).toMatchObject({ digest: true, quiet_hours: '22:00-07:00' });
    const cleared = await h.call('write', 'PATCH', url, { quiet_hours: null, digest: false });
    expect(cleared.json).toMatchObject({ digest: false, quiet_hours: null });
  });

  it('sets them from the signed manage page without JavaScript', async () => {
    const manage = subscriberLinks(h.app.secretKey, '', id).manage;
    const page = await h.server.inject({ method: 'GET', url: manage });
    expect(page.statusCode).toBe(200);
    const action = /action="([^"]*\/preferences\?[^"]*)"/
      .exec(page.body)?.[1]
      ?.replace(/&amp;/g, '&');
    expect(action).toBeTruthy();
    const post = (payload: string) =>
      h.server.inject({
        method: 'POST',
        url: action!,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload,
      });
    const bad = await post('digest=1&quiet_hours=25%3A00-07%3A00&time_zone=');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Quiet hours must be two 24-hour times');
    const ok = await post('digest=1&quiet_hours=23%3A00-06%3A30&time_zone=Asia%2FTokyo');
    expect(ok.statusCode).toBe(303);
    const read = await h.call('write', 'GET', `/api/v1/subscribers/${id}`);
    expect(read.json).toMatchObject({
      digest: true,
      quiet_hours: '23:00-06:30',
      time_zone: 'Asia/Tokyo',
    });
    // a tampered signature changes nothing
    const forged = await h.server.inject({
      method: 'POST',
      url: action!.replace(/sig=[^&]+/, 'sig=forged'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'quiet_hours=',
    });
    expect(forged.statusCode).toBe(403);
    expect((await h.call('write', 'GET', `/api/v1/subscribers/${id}`)).json.quiet_hours).toBe(
      '23:00-06:30',
    );
  });

  it('accepts compensation lines on a resolution only', async () => {
    const inc = await h.call('write', 'POST', '/api/v1/incidents', {
      name: 'Slow exports',
      status: 'investigating',
      body: 'Looking.',
    });
    expect(inc.status).toBe(201);
    const early = await h.call('write', 'POST', `/api/v1/incidents/${inc.json.id}/updates`, {
      status: 'identified',
      body: 'Found it.',
      compensation: { acc_1: 'A credit.' },
    });
    expect(early.status).toBe(400);
    expect(early.json.error.fields.compensation).toMatch(/resolved updates only/);
  });
});
