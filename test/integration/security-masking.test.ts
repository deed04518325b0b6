/**
 * A read-scope token sees no subscriber or team addresses and no Slack or Teams webhook URLs
 * (they are posting credentials): deliveries, people and the plan (JSON, YAML and stored
 * versions) are masked below write scope, and shown in full from write scope up.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPerson } from '../../src/actions/createPerson.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { Worker } from '../../src/dispatch/worker.js';
import { type ApiHarness, makeApiHarness } from '../helpers/adminApi.js';
import { describeEachEngine } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtp,
} from '../helpers/receivers.js';

const SECRET_PATH = '/services/T000/B000/XXXXsecretXXXX';

describeEachEngine('addresses are masked below write scope', (engine) => {
  let h: ApiHarness;
  let smtp: SmtpReceiver;
  let http: HttpReceiver;
  let channels: Channels;
  let worker: Worker;
  let incidentId: string;

  beforeAll(async () => {
    h = await makeApiHarness(engine);
    smtp = await startSmtp();
    http = await startHttpReceiver();
    channels = testChannels(h.app, { FLARE_SMTP_URL: smtp.url });
    worker = new Worker(h.app, channels, { flushMs: 10 });
    const ctx = h.app.ctx();
    await createSubscriber(ctx, {
      channel: 'email',
      email: 'jane.doe@example.com',
      confirmed: true,
    });
    await createSubscriber(ctx, { channel: 'slack', url: `${http.url}${SECRET_PATH}` });
    await createPerson(ctx, {
      name: 'Ana',
      email: 'ana.lead@example.com',
      phone: '+447700900189',
      slack: `${http.url}${SECRET_PATH}/ana`,
    });
    await h.call('admin', 'PUT', '/api/v1/plan/settings/briefing_owner', {
      value: 'ana.lead@example.com',
    });
    const res = await h.call('write', 'POST', '/api/v1/incidents', {
      name: 'Slow',
      body: 'Looking.',
    });
    incidentId = res.json.id;
    await worker.drain();
  });
  afterAll(async () => {
    await worker.stop();
    await closeChannels(channels);
    await smtp.close();
    await http.close();
    await h.close();
  });

  const leaks = (text: string) =>
    ['jane.doe@', 'ana.lead@', '900189', SECRET_PATH].filter((s) => text.includes(s));

  it('masks deliveries for read scope and shows them to write scope', async () => {
    const url = `/api/v1/incidents/${incidentId}/deliveries`;
    const read = await h.call('read', 'GET', url);
    expect(read.status).toBe(200);
    const shown = read.json.deliveries.map((d: any) => d.subscriber.address).sort();
    expect(shown).toContain('j***@example.com');
    expect(shown).toContain(`${new URL(http.url).protocol}//${new URL(http.url).host}/…`);
    expect(leaks(read.body)).toEqual([]);
    const write = await h.call('write', 'GET', url);
    expect(write.body).toContain('jane.doe@example.com');
    expect(write.body).toContain(SECRET_PATH);
  });

  it('masks the team for read scope', async () => {
    const read = await h.call('read', 'GET', '/api/v1/people');
    expect(read.json.people[0]).toMatchObject({
      email: 'a***@example.com',
      phone: '+44********89',
    });
    expect(leaks(read.body)).toEqual([]);
    const write = await h.call('write', 'GET', '/api/v1/people');
    expect(write.json.people[0]).toMatchObject({
      email: 'ana.lead@example.com',
      phone: '+447700900189',
    });
  });

  it('masks the plan, as JSON, as YAML and as stored versions, for read scope', async () => {
    const json = await h.call('read', 'GET', '/api/v1/plan', undefined, {
      accept: 'application/json',
    });
    expect(json.status).toBe(200);
    expect(json.json.team[0].email).toBe('a***@example.com');
    expect(leaks(json.body)).toEqual([]);
    const yaml = await h.call('read', 'GET', '/api/v1/plan');
    expect(yaml.headers['content-type']).toMatch(/yaml/);
    expect(leaks(yaml.body)).toEqual([]);
    const versions = await h.call('read', 'GET', '/api/v1/plan/versions');
    for (const v of versions.json.versions) {
      const one = await h.call('read', 'GET', `/api/v1/plan/versions/${v.version}`);
      expect(leaks(one.body)).toEqual([]);
    }
    const full = await h.call('write', 'GET', '/api/v1/plan');
    expect(full.body).toContain('ana.lead@example.com');
    expect(full.body).toContain(SECRET_PATH);
  });
});
