/**
 * What crosses to the send thread and back: a recipient packed into a flat array comes out with
 * every field and the same signed links, and results keep everything but a plain success.
 */
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  LinkedRecipient,
  PACKED_RECIPIENT,
  packRecipient,
  unpackRecipient,
} from '../../src/channels/recipient.js';
import { packResult, unpackResult } from '../../src/channels/threaded.js';
import type { SendResult } from '../../src/channels/types.js';
import { subscriberLinks } from '../../src/lib/signing.js';

const key = Buffer.from('a-test-key-of-more-than-thirty-two-bytes');
const pageUrl = 'https://status.example.com';

/** Through a real MessagePort, as the batch crosses between threads. */
function cross<T>(value: T): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port2.once('message', (v: T) => {
      port1.close();
      resolve(v);
    });
    port1.postMessage(value);
  });
}

describe('the send thread hand-over', () => {
  it('unpacks each recipient of a batch with all its fields and the same links', async () => {
    const a = new LinkedRecipient(
      {
        deliveryId: 7,
        key: 'dlv_7',
        subscriberId: 'sub_a',
        channel: 'webhook',
        address: 'https://hooks.example.com/a',
        secret: 'whsec_abc',
        locale: 'fr',
        timeZone: 'Europe/Paris',
        attempt: 2,
        thread: null,
        compensation: null,
      },
      key,
      pageUrl,
    );
    const b = new LinkedRecipient(
      {
        deliveryId: 8,
        key: 'dlv_8',
        subscriberId: 'sub b/ü',
        channel: 'slack',
        address: 'https://hooks.slack.com/x',
        secret: null,
        locale: 'en',
        timeZone: null,
        attempt: 1,
        thread: '1700000000.000100',
        compensation: 'A 10% credit',
      },
      key,
      pageUrl,
    );
    const flat: unknown[] = ['before'];
    packRecipient(a, flat);
    packRecipient(b, flat);
    expect(flat).toHaveLength(1 + 2 * PACKED_RECIPIENT);
    const got = await cross(flat);
    for (const [i, want] of [a, b].entries()) {
      const r = unpackRecipient(got, 1 + i * PACKED_RECIPIENT, key, pageUrl);
      const { manageUrl, unsubscribeUrl, unsubscribePostUrl, ...fields } = {
        deliveryId: r.deliveryId,
        key: r.key,
        subscriberId: r.subscriberId,
        channel: r.channel,
        address: r.address,
        secret: r.secret,
        locale: r.locale,
        timeZone: r.timeZone,
        attempt: r.attempt,
        thread: r.thread,
        compensation: r.compensation,
        manageUrl: r.manageUrl,
        unsubscribeUrl: r.unsubscribeUrl,
        unsubscribePostUrl: r.unsubscribePostUrl,
      };
      expect(fields).toEqual({
        deliveryId: want.deliveryId,
        key: want.key,
        subscriberId: want.subscriberId,
        channel: want.channel,
        address: want.address,
        secret: want.secret,
        locale: want.locale,
        timeZone: want.timeZone,
        attempt: want.attempt,
        thread: want.thread,
        compensation: want.compensation,
      });
      const links = subscriberLinks(key, pageUrl, want.subscriberId);
      expect(manageUrl).toBe(links.manage);
      expect(unsubscribeUrl).toBe(links.unsubscribe);
      expect(unsubscribePostUrl).toBe(links.unsubscribe);
    }
  });

  it('sends a plain success back as its provider, and anything else whole', async () => {
    const results: SendResult[] = [
      { ok: true, provider: 'webhook' },
      { ok: true, provider: 'slack', providerMessageId: '1700000000.000100' },
      { ok: false, provider: 'webhook', error: 'HTTP 503', retryable: true, retryAfterMs: 1000 },
      { ok: false, error: 'blocked', retryable: false, undeliverable: true },
    ];
    const packed = results.map(packResult);
    expect(packed[0]).toBe('webhook');
    const back = (await cross(packed)).map(unpackResult);
    expect(back).toEqual(results);
  });
});
