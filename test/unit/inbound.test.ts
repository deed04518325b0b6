/** The inbound sources' pure pieces: sealing secrets, HTML to text, and what each vendor payload maps to. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { freshdesk } from '../../src/inbound/freshdesk.js';
import { intercom } from '../../src/inbound/intercom.js';
import { htmlToText } from '../../src/inbound/shared.js';
import { twilio } from '../../src/inbound/twilio.js';
import { zendesk } from '../../src/inbound/zendesk.js';
import { open, seal } from '../../src/lib/secretBox.js';

const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.fields;
    throw err;
  }
  throw new Error('no error');
};

describe('secretBox', () => {
  it('opens what it sealed, only with the same key and purpose', () => {
    const key = randomBytes(32);
    const sealed = seal(key, 'inbound-source:zendesk', 's3cret-value');
    expect(sealed).not.toContain('s3cret');
    expect(open(key, 'inbound-source:zendesk', sealed)).toBe('s3cret-value');
    expect(open(key, 'inbound-source:intercom', sealed)).toBeUndefined();
    expect(open(randomBytes(32), 'inbound-source:zendesk', sealed)).toBeUndefined();
    expect(open(key, 'inbound-source:zendesk', `${sealed.slice(0, -2)}AA`)).toBeUndefined();
    expect(seal(key, 'p', 'x')).not.toBe(seal(key, 'p', 'x')); // a fresh IV each time
  });
});

describe('htmlToText', () => {
  it('keeps the text, one line per block, entities decoded, scripts dropped', () => {
    expect(
      htmlToText('<p>Hi &amp; hello</p><p>Line<br>two &#8212; &#x263A;</p><script>x()</script>'),
    ).toBe('Hi & hello\nLine\ntwo — ☺');
  });
});

describe('payload mapping', () => {
  it('names the missing field', () => {
    expect(fieldsOf(() => zendesk.map({ ticket_id: '1', comment: 'x' }))).toEqual({
      requester_email: 'is required',
    });
    expect(fieldsOf(() => freshdesk.map({ freshdesk_webhook: { ticket_subject: 'x' } }))).toEqual({
      'freshdesk_webhook.ticket_id': 'is required',
    });
    expect(fieldsOf(() => zendesk.parse(Buffer.from('{nope')))).toEqual({
      '(body)': 'is not valid JSON',
    });
    expect(fieldsOf(() => twilio.map({ From: '+1' }))).toHaveProperty('MessageSid');
  });

  it('ignores what is not a customer message', () => {
    expect(intercom.map({ topic: 'conversation.admin.replied' }).kind).toBe('ignore');
    expect(twilio.map({ MessageSid: 'SM1', MessageStatus: 'delivered' }).kind).toBe('ignore');
    expect(twilio.map({ CallSid: 'CA1', From: '+1', Direction: 'outbound-api' }).kind).toBe(
      'ignore',
    );
  });

  it('keeps MMS links, and drops NUL characters', () => {
    const m = twilio.map({
      MessageSid: 'SM2',
      From: '+447700900123',
      Body: 'look\u0000',
      NumMedia: '1',
      MediaUrl0: 'https://api.twilio.com/m/1',
    });
    expect(m).toMatchObject({
      kind: 'enquiry',
      enquiry: { channel: 'sms', text: 'look\nhttps://api.twilio.com/m/1' },
      dedupeKey: 'sms:SM2',
    });
  });
});
