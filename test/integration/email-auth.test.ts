/** Email headers for receivers' checks: DKIM, RFC 8058 one-click over HTTPS only, and <html lang>. */
import { generateKeyPairSync } from 'node:crypto';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIncident } from '../../src/actions/createIncident.js';
import { createSubscriber } from '../../src/actions/createSubscriber.js';
import { updatePage } from '../../src/actions/updatePage.js';
import { emailChannel } from '../../src/channels/email.js';
import { loadConfig } from '../../src/config.js';
import { Worker } from '../../src/dispatch/worker.js';
import { describeEachEngine, makeTestApp, type TestApp } from '../helpers/app.js';
import { type Channels, closeChannels, testChannels } from '../helpers/channels.js';
import { type SmtpReceiver, startSmtp } from '../helpers/receivers.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const DNS_TXT = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
const DKIM_ENV = {
  FLARE_DKIM_DOMAIN: 'acme.test',
  FLARE_DKIM_SELECTOR: 'flare1',
  // one line with \n escapes, as an environment file holds it
  FLARE_DKIM_PRIVATE_KEY: PEM.trim().replace(/\n/g, '\\n'),
};

/** A DNS stub answering only the test's selector record. */
async function resolver(name: string, rr: string): Promise<string[][]> {
  if (rr === 'TXT' && name === 'flare1._domainkey.acme.test') return [[DNS_TXT]];
  const e = new Error(`no ${rr} record for ${name}`) as Error & { code: string };
  e.code = 'ENOTFOUND';
  throw e;
}

describeEachEngine('email authentication and headers', (engine) => {
  let app: TestApp;
  let smtp: SmtpReceiver;
  let channels: Channels;
  let worker: Worker;

  beforeAll(async () => {
    app = await makeTestApp(engine);
    smtp = await startSmtp();
    channels = testChannels(app, { FLARE_SMTP_URL: smtp.url, ...DKIM_ENV });
    worker = new Worker(app, channels, { flushMs: 5 });
    const ctx = app.ctx();
    await updatePage(ctx, { name: 'Acme', url: 'https://status.acme.test' });
    await createSubscriber(ctx, { channel: 'email', email: 'ana@example.com', confirmed: true });
    await createSubscriber(ctx, {
      channel: 'email',
      email: 'jean@example.com',
      locale: 'fr',
      confirmed: true,
    });
  });
  afterAll(async () => {
    await closeChannels(channels);
    await smtp.close();
    await app.cleanup();
  });

  it('signs every message with DKIM (relaxed/relaxed, rsa-sha256) that a verifier accepts', async () => {
    await createIncident(app.ctx(), {
      name: 'Slow API',
      status: 'investigating',
      body: 'Looking.',
    });
    await worker.drain();
    expect(smtp.raw).toHaveLength(2);
    for (const raw of smtp.raw) {
      const v = await dkimVerify(raw, { resolver });
      expect(v.results).toHaveLength(1);
      const [r] = v.results;
      expect(r.status.result, JSON.stringify(r.status)).toBe('pass');
      expect(r.signingDomain).toBe('acme.test');
      expect(r.selector).toBe('flare1');
      expect(r).toMatchObject({ algo: 'rsa-sha256', format: 'relaxed/relaxed' });
    }
    // a tampered body fails
    const bad = Buffer.from(smtp.raw[0].toString().replace('Looking.', 'Fixed!!!'));
    const v = await dkimVerify(bad, { resolver });
    expect(v.results[0].status.result).not.toBe('pass');
    expect(v.results[0].status.comment).toMatch(/body hash/);
  });

  it('offers one-click unsubscribe (List-Unsubscribe-Post) only for an HTTPS link', async () => {
    const header = (m: (typeof smtp.messages)[number], key: string) =>
      m.headerLines.find((h) => h.key === key)?.line;
    expect(smtp.messages).toHaveLength(2);
    for (const m of smtp.messages) {
      expect(header(m, 'list-unsubscribe')).toMatch(
        /^List-Unsubscribe: <https:\/\/status\.acme\.test\//,
      );
      expect(header(m, 'list-unsubscribe-post')).toBe(
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      );
    }
    smtp.messages.length = 0;
    await updatePage(app.ctx(), { url: 'http://status.acme.test' });
    await createIncident(app.ctx(), { name: 'Slow UI', status: 'investigating', body: 'Looking.' });
    await worker.drain();
    expect(smtp.messages).toHaveLength(2);
    for (const m of smtp.messages) {
      expect(header(m, 'list-unsubscribe')).toMatch(
        /^List-Unsubscribe: <http:\/\/status\.acme\.test\//,
      );
      expect(header(m, 'list-unsubscribe-post')).toBeUndefined();
    }
  });

  it("sets <html lang> to the reader's language", async () => {
    const lang = (who: string) => {
      const m = smtp.messages.find((x) => JSON.stringify(x.to).includes(who));
      return /<html lang="([^"]+)">/.exec(String(m?.html))?.[1];
    };
    expect(lang('ana@')).toBe('en');
    expect(lang('jean@')).toBe('fr');
  });
});

it('refuses to start with a partial or unreadable DKIM setting, naming the variables', () => {
  const base = { FLARE_SMTP_URL: 'smtp://127.0.0.1:1?tls=off' };
  const channel = (env: NodeJS.ProcessEnv) => () =>
    emailChannel({ env: { ...base, ...env } } as unknown as Parameters<typeof emailChannel>[0]);
  expect(channel({ FLARE_DKIM_DOMAIN: 'acme.test' })).toThrow(
    /FLARE_DKIM_DOMAIN is set but FLARE_DKIM_SELECTOR, FLARE_DKIM_PRIVATE_KEY are not/,
  );
  expect(() => loadConfig({ FLARE_DKIM_DOMAIN: 'acme.test', FLARE_DKIM_SELECTOR: 's' })).toThrow(
    /FLARE_DKIM_PRIVATE_KEY is not/,
  );
  expect(() => loadConfig({ ...DKIM_ENV, FLARE_DKIM_PRIVATE_KEY: 'not a key' })).toThrow(
    /FLARE_DKIM_PRIVATE_KEY is not a private key in PEM form/,
  );
  expect(() => loadConfig(DKIM_ENV)).not.toThrow();
});
