/** The fan-out fast paths must say exactly what the slow, reference implementations say. */
import { simpleParser } from 'mailparser';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  compileEmail,
  formatAddress,
  isSimpleAddress,
  renderEmail,
} from '../../src/channels/emailMime.js';
import { signWebhook } from '../../src/channels/webhook.js';
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
