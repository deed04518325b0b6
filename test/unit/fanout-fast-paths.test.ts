/** The fan-out fast paths must say exactly what the slow, reference implementations say. */
import { simpleParser } from 'mailparser';
import { Registry } from 'prom-client';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  compileEmail,
  formatAddress,
  isSimpleAddress,
  renderEmail,
} from '../../src/channels/emailMime.js';
import { hostOf, signWebhook } from '../../src/channels/webhook.js';
import { OneLabelHistogram } from '../../src/dispatch/histogram.js';
import { LazySubscriberLinks, subscriberLinks } from '../../src/lib/signing.js';
import { LINK } from '../../src/templates/notification.js';

describe('raw notification email', () => {
  const text = `Café outage — résolu 🚨\nTrailing spaces   \n${'word '.repeat(60)}\n\nManage: ${LINK.manage}\nUnsubscribe: ${LINK.unsubscribe}\n`;
  const html = `<p>Émoji 🚨 ${'long '.repeat(80)}</p><a href="${LINK.manage}">Manage</a> · <a href="${LINK.unsubscribe}">Unsubscribe</a>`;
  const manage = 'https://status.acme.test/subscriptions/0190-abc?sig=AbC_-123&x=1';
  const unsub = 'https://status.acme.test/subscriptions/0190-abc/unsubscribe?sig=ZZ=';
  const subject =
    '[Acmé] API errors: Investigating — a subject long enough to need folding twice over';
  const compiled = compileEmail({
    from: formatAddress('Acmé "Status"', 'status@acme.test'),
    subject,
    text,
    html,
  });
  const raw = renderEmail(
    compiled,
    {
      to: 'user@example.com',
      messageId: '<dlv_7.n1@acme.test>',
      deliveryKey: 'dlv_7',
      manageUrl: manage,
      unsubscribeUrl: unsub,
      unsubscribePostUrl: unsub,
    },
    Date.parse('2026-11-20T12:00:00Z'),
  );

  it('parses back to the same subject, sender, text, HTML and headers', async () => {
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe(subject);
    expect(mail.from?.value).toEqual([{ address: 'status@acme.test', name: 'Acmé "Status"' }]);
    expect(mail.text?.replace(/\r\n/g, '\n')).toBe(
      text.replace(LINK.manage, manage).replace(LINK.unsubscribe, unsub),
    );
    expect(mail.html).toBe(
      html.replace(LINK.manage, manage.replace(/&/g, '&amp;')).replace(LINK.unsubscribe, unsub),
    );
    expect(mail.messageId).toBe('<dlv_7.n1@acme.test>');
    expect(mail.date?.toISOString()).toBe('2026-11-20T12:00:00.000Z');
    const lines = mail.headerLines.map((h) => h.line);
    expect(lines).toContain(`List-Unsubscribe: <${unsub}>`);
    expect(lines).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(lines).toContain('X-Flare-Delivery: dlv_7');
  });

  it('keeps to CRLF line ends and short lines', () => {
    expect(/[^\r]\n/.test(raw)).toBe(false);
    const body = raw.slice(raw.indexOf('\r\n\r\n'));
    for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('takes only plain addresses on the fast path', () => {
    expect(isSimpleAddress('a.b+tag@example.co.uk')).toBe(true);
    for (const bad of ['a b@example.com', 'x@example.com\r\nBcc: y@z', '"q"@x.com', 'ü@x.com'])
      expect(isSimpleAddress(bad)).toBe(false);
  });
});

describe('Standard Webhooks signature', () => {
  it('is what the reference library signs and verifies', () => {
    const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    const body = JSON.stringify({ meta: { x: 'é' }, incident: { id: 'i1' } });
    const ts = Math.floor(Date.now() / 1000);
    const ours = signWebhook(secret, 'dlv_42', ts, body);
    expect(ours).toBe(new Webhook(secret).sign('dlv_42', new Date(ts * 1000), body));
    const headers = {
      'webhook-id': 'dlv_42',
      'webhook-timestamp': String(ts),
      'webhook-signature': ours,
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('is the same over the body as bytes, as the webhook channel sends it', () => {
    const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    const body = JSON.stringify({ meta: { x: 'é 🚨' }, incident: { id: 'i1' } });
    expect(signWebhook(secret, 'dlv_7', 1_700_000_000, Buffer.from(body))).toBe(
      signWebhook(secret, 'dlv_7', 1_700_000_000, body),
    );
  });

  it("is the library's own for a secret it alone reads", () => {
    // unpadded base64, which the fast path's check refuses and the library decodes
    const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcde').toString('base64').replace(/=+$/, '')}`;
    const ours = signWebhook(secret, 'dlv_9', 1_700_000_000, Buffer.from('{"a":"é"}'));
    expect(ours).toBe(new Webhook(secret).sign('dlv_9', new Date(1_700_000_000_000), '{"a":"é"}'));
  });

  it('fails like the library on a malformed secret', () => {
    expect(() => signWebhook('whsec_not*base64', 'dlv_1', 1, '{}')).toThrow();
  });
});

describe('a link as quoted-printable', () => {
  it('decodes back to the link, with short lines and no split escapes', async () => {
    const { encodeLink } = await import('../../src/channels/emailMime.js');
    for (const url of [
      'https://x.test/a?sig=abc',
      `https://status.example.com/subscriptions/${'s'.repeat(60)}/unsubscribe?sig=${'='.repeat(40)}&a=b==`,
      `https://x.test/${'a'.repeat(73)}=3D${'b'.repeat(200)}`,
      'https://x.test/ünïcode?q=a b',
    ]) {
      const enc = encodeLink(url);
      for (const line of enc.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
      const decoded = Buffer.from(
        enc
          .replace(/=\r\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_m, h: string) =>
            String.fromCharCode(Number.parseInt(h, 16)),
          ),
        'latin1',
      ).toString('utf8');
      expect(decoded).toBe(url);
    }
  });
});

describe('links signed on first read', () => {
  it('are the links subscriberLinks signs, and only the ones read are signed', () => {
    const key = Buffer.from('a key for the test, 32 bytes long');
    const eager = subscriberLinks(key, 'https://status.acme.test/', 'sub_01/x');
    const lazy = new LazySubscriberLinks(key, 'https://status.acme.test/', 'sub_01/x');
    expect(lazy.unsubscribe).toBe(eager.unsubscribe);
    expect(lazy.manage).toBe(eager.manage);
    expect(lazy.confirm).toBe(eager.confirm);
    expect(lazy.unsubscribe).toContain('/subscriptions/sub_01%2Fx/unsubscribe?sig=');
    const other = new LazySubscriberLinks(Buffer.from('another key'), 'https://s.test', 'sub_01/x');
    expect(other.unsubscribe).not.toBe(eager.unsubscribe);
  });
});

describe('the host a webhook is paced by', () => {
  it('is the URL host, without credentials, lower-cased', () => {
    expect(hostOf('https://Hooks.Example.com:8443/a/b?c=d')).toBe(
      new URL('https://Hooks.Example.com:8443/a/b?c=d').host,
    );
    expect(hostOf('http://user:pw@127.0.0.1:9000/hook/1')).toBe('127.0.0.1:9000');
    expect(hostOf('http://[::1]:8080/x')).toBe('[::1]:8080');
    expect(hostOf('ftp://example.com/x')).toBe('invalid');
    expect(hostOf('not a url')).toBe('invalid');
  });

  it('reads the common URL without the pattern, and agrees with it on every other', () => {
    const pattern = (u: string) => {
      const m = /^https?:\/\/(?:[^@/?#]*@)?([^/?#]+)/i.exec(u);
      return m ? m[1].toLowerCase() : 'invalid';
    };
    for (const u of [
      'https://hooks.example.com/a',
      'http://127.0.0.1:9000/hook/1',
      'https://example.com',
      'https://example.com?x=1',
      'https://example.com#f',
      'https://EXAMPLE.com/x',
      'HTTPS://example.com/x',
      'http://u@h.test/x',
      'http://user@/x',
      'http:///x',
      'https://',
      'http://[::1]/',
      'https://ex%41mple.com/',
      'https://exämple.com/',
      'https://exÉmple.com/',
      'https://\u212Aelvin.test/',
    ])
      expect(hostOf(u), u).toBe(pattern(u));
  });
});

describe('the one-label histogram', () => {
  it('prints cumulative buckets, sum and count per label, as prom-client does', async () => {
    const registry = new Registry();
    const h = new OneLabelHistogram('t_seconds', 'test', 'channel', [0.1, 1], registry);
    h.observe('email', 0.05);
    h.observe('email', 0.5);
    h.observe('email', 5);
    h.observe('webhook', 0.1);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE t_seconds histogram');
    expect(text).toContain('t_seconds_bucket{le="0.1",channel="email"} 1');
    expect(text).toContain('t_seconds_bucket{le="1",channel="email"} 2');
    expect(text).toContain('t_seconds_bucket{le="+Inf",channel="email"} 3');
    expect(text).toContain('t_seconds_sum{channel="email"} 5.55');
    expect(text).toContain('t_seconds_count{channel="email"} 3');
    expect(text).toContain('t_seconds_bucket{le="0.1",channel="webhook"} 1');
  });
});
