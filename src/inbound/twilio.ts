/**
 * Twilio (SMS and voice): the number's "A message comes in" and "A call comes in" webhooks, and
 * a recording's transcription callback (voicemail). Form-encoded bodies, signed:
 * `X-Twilio-Signature` is base64(HMAC-SHA1(auth token, full URL + each POST parameter sorted by
 * name, name then value)). The full URL is the one Twilio called; the route offers the URL built
 * from the public URL setting and the one from the request's Host (see InboundRequest.urls).
 * An SMS becomes an `sms` enquiry; a call a `phone` enquiry with a call-log line; a voicemail a
 * `phone` enquiry with its transcription and recording. Twilio is answered with empty TwiML.
 */
import { createHmac } from 'node:crypto';
import { invalid } from '../domain/errors.js';
import { clip, header, optional, sameSecret } from './shared.js';
import type { InboundSource } from './types.js';

function params(body: Buffer): [string, string][] {
  return [...new URLSearchParams(body.toString('utf8')).entries()];
}

/** Twilio's signature of a request to `url` with these POST parameters. */
function signature(token: string, url: string, fields: [string, string][]): string {
  const sorted = [...fields].sort(([a, x], [b, y]) =>
    a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0,
  );
  const data = url + sorted.map(([k, v]) => k + v).join('');
  return createHmac('sha1', token).update(Buffer.from(data, 'utf8')).digest('base64');
}

export const twilio: InboundSource = {
  name: 'twilio',
  title: 'Twilio (SMS and voice)',
  env: 'FLARE_SMS_AUTH_TOKEN',
  channel: 'phone',
  mediaType: 'application/x-www-form-urlencoded',
  secretName: 'the account’s auth token',
  verify(secret, req) {
    const sig = header(req.headers, 'x-twilio-signature').trim();
    if (!sig) return 'send the X-Twilio-Signature header';
    const fields = params(req.body);
    // every candidate is tried, so which URL matched tells nothing
    let ok = false;
    for (const url of req.urls) if (sameSecret(sig, signature(secret, url, fields))) ok = true;
    return ok
      ? undefined
      : 'the signature does not match (is the public URL setting the URL Twilio calls?)';
  },
  parse(body) {
    const out: Record<string, string> = {};
    for (const [k, v] of params(body)) out[k] = k in out ? `${out[k]},${v}` : v;
    return out;
  },
  map(payload) {
    const p = payload as Record<string, unknown>;
    const messageSid = optional(p, 'MessageSid') ?? optional(p, 'SmsSid');
    const callSid = optional(p, 'CallSid');
    const from = optional(p, 'From');
    if (!messageSid && !callSid)
      throw invalid({ MessageSid: 'is required: an SMS (MessageSid) or a call (CallSid)' });
    if (optional(p, 'Direction')?.startsWith('outbound'))
      return { kind: 'ignore', reason: 'an outbound call or message' };
    if (!callSid && messageSid) {
      const status = optional(p, 'MessageStatus') ?? optional(p, 'SmsStatus');
      if (status && status !== 'received')
        return { kind: 'ignore', reason: `a delivery status (${status}), not a message` };
      if (!from) throw invalid({ From: 'is required' });
      const media = Number(optional(p, 'NumMedia') ?? 0);
      const links = Array.from({ length: Math.min(media, 10) }, (_, i) =>
        optional(p, `MediaUrl${i}`),
      ).filter(Boolean);
      const text = [optional(p, 'Body'), ...links].filter(Boolean).join('\n');
      if (!text) throw invalid({ Body: 'is required' });
      return {
        kind: 'enquiry',
        enquiry: { channel: 'sms', from: clip(from, 320), text: clip(text) },
        dedupeKey: `sms:${messageSid}`,
      };
    }
    if (!from) throw invalid({ From: 'is required' });
    const transcript = optional(p, 'TranscriptionText');
    const recording = optional(p, 'RecordingUrl');
    if (transcript || recording || optional(p, 'TranscriptionSid')) {
      const failed = optional(p, 'TranscriptionStatus') === 'failed';
      const lines = [
        `Voicemail from ${from}${failed ? ' (the transcription failed)' : ''}:`,
        transcript ?? '(no transcription)',
        ...(recording ? [`Recording: ${recording}`] : []),
      ];
      return {
        kind: 'enquiry',
        enquiry: {
          channel: 'phone',
          from: clip(from, 320),
          text: clip(lines.join('\n')),
          subject: 'Voicemail',
        },
        dedupeKey: `voicemail:${optional(p, 'RecordingSid') ?? callSid}`,
      };
    }
    const status = optional(p, 'CallStatus') ?? 'ringing';
    const seconds = optional(p, 'CallDuration');
    const caller = optional(p, 'CallerName');
    const text =
      `Phone call from ${caller ? `${caller} ` : ''}${from}` +
      `${optional(p, 'To') ? ` to ${optional(p, 'To')}` : ''}: ${status}` +
      `${seconds ? `, ${seconds} s` : ''}.`;
    return {
      kind: 'enquiry',
      enquiry: { channel: 'phone', from: clip(from, 320), text: clip(text), subject: 'Phone call' },
      dedupeKey: `call:${callSid}`,
    };
  },
  reply: {
    type: 'text/xml; charset=utf-8',
    body: '<?xml version="1.0" encoding="UTF-8"?><Response/>',
  },
};
