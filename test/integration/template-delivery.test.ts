import { afterAll, beforeAll, expect, it } from 'vitest';
import { createComponent } from '../../src/actions/createComponent.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { declareIncident } from '../../src/actions/declareIncident.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { Worker } from '../../src/dispatch/worker.js';
import { describeEachEngine, makeTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtp,
} from '../helpers/receivers.js';

describeEachEngine(
  'an update written from a template reaches each reader in their language and time zone',
  (engine) => {
    let app: TestApp;
    let smtp: SmtpReceiver;
    let sms: HttpReceiver;
    let channels: Channels;
    const clock = new TestClock(Date.parse('2026-07-01T12:00:00Z'));

    beforeAll(async () => {
      app = await makeTestApp(engine, { clock });
      smtp = await startSmtp();
      sms = await startHttpReceiver();
      sms.respond = (_req, res) => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ sid: 'SM1', status: 'queued' }));
      };
      channels = testChannels(app, {
        FLARE_SMTP_URL: smtp.url,
        FLARE_SMS_URL: sms.url,
        FLARE_SMS_ACCOUNT_SID: 'AC1',
        FLARE_SMS_AUTH_TOKEN: 't',
        FLARE_SMS_FROM: '+15550000001',
        FLARE_SMS_RATE: '100',
      });
    });
    afterAll(async () => {
      await closeChannels(channels);
      await smtp.close();
      await sms.close();
      await app.cleanup();
    });

    it('renders the template per subscriber: French in Paris time, English in New York time, and the template SMS', async () => {
      const ctx = app.ctx();
      await updatePage(ctx, {
        name: 'Acme',
        url: 'https://status.acme.test',
        time_zone: 'Europe/London',
        support_email: 'help@acme.test',
      });
      const api = await createComponent(ctx, { name: 'API' });
      await createSubscriber(ctx, {
        channel: 'email',
        email: 'fr@example.com',
        confirmed: true,
        locale: 'fr',
        time_zone: 'Europe/Paris',
      });
      await createSubscriber(ctx, {
        channel: 'email',
        email: 'ny@example.com',
        confirmed: true,
        time_zone: 'America/New_York',
      });
      await createSubscriber(ctx, {
        channel: 'sms',
        phone: '+447700900123',
        confirmed: true,
        time_zone: 'Europe/London',
      });
      await declareIncident(ctx, {
        severity: 'SEV1', // SEV1 tells the public by email and SMS (SEV3 only on the page and webhooks)
        template: 'investigating',
        vars: { issue: 'slow exports', contact: 'help@acme.test' },
        components: { [api.id]: 'degraded_performance' },
        next_update_in_minutes: 30,
      });
      await new Worker(app, channels, { flushMs: 5 }).drain();

      const mail = (to: string) =>
        smtp.messages.find((m) => (m.to as { text: string }).text.includes(to))!;
      const fr = mail('fr@example.com');
      expect(fr.text).toContain('Nous analysons un incident : slow exports qui touche API.');
      expect(fr.text).toContain('Prochaine mise à jour au plus tard à 14:30 CEST.');
      const ny = mail('ny@example.com');
      expect(ny.text).toContain('We are investigating slow exports affecting API.');
      expect(ny.text).toContain('We will post the next update by 08:30 EDT.');
      expect(ny.subject).toBe('[Acme] Slow exports: Investigating');

      expect(sms.requests).toHaveLength(1);
      const body = new URLSearchParams(sms.requests[0].body).get('Body')!;
      expect(body).toMatch(
        /^Acme: investigating slow exports\. Next update 13:30 BST\. https:\/\/status\.acme\.test\/incidents\//,
      );
    });
  },
);
