/**
 * Zendesk: a webhook called by a trigger, with the JSON body the trigger defines (see
 * docs/enquiries.md for the body to paste). Signed: `X-Zendesk-Webhook-Signature` is
 * base64(HMAC-SHA256(signing secret, timestamp + raw body)) and the timestamp is
 * `X-Zendesk-Webhook-Signature-Timestamp`; a timestamp more than 5 minutes away is a replay.
 */
import { createHmac } from 'node:crypto';
import { invalid } from '../domain/errors.js';
import {
  clip,
  digest,
  header,
  htmlToText,
  object,
  optional,
  parseJson,
  required,
  sameSecret,
} from './shared.js';
import type { InboundSource } from './types.js';

/** How far the signature timestamp may be from now. */
export const ZENDESK_MAX_SKEW_MS = 5 * 60_000;

function timestampMs(value: string): number {
  if (/^\d{9,11}$/.test(value)) return Number(value) * 1000;
  return /^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) : Number.NaN;
}

export const zendesk: InboundSource = {
  name: 'zendesk',
  title: 'Zendesk',
  env: 'FLARE_ZENDESK_WEBHOOK_SECRET',
  channel: 'helpdesk',
  mediaType: 'application/json',
  secretName: 'the webhook’s signing secret',
  verify(secret, req) {
    const sig = header(req.headers, 'x-zendesk-webhook-signature');
    const ts = header(req.headers, 'x-zendesk-webhook-signature-timestamp');
    if (!sig || !ts)
      return 'send the X-Zendesk-Webhook-Signature and X-Zendesk-Webhook-Signature-Timestamp headers';
    const at = timestampMs(ts);
    if (!Number.isFinite(at) || Math.abs(req.now.getTime() - at) > ZENDESK_MAX_SKEW_MS)
      return 'the signature timestamp is more than 5 minutes from now (a replay, or a clock that is off)';
    const want = createHmac('sha256', secret)
      .update(Buffer.concat([Buffer.from(ts, 'utf8'), req.body]))
      .digest('base64');
    return sameSecret(sig.trim(), want) ? undefined : 'the signature does not match';
  },
  parse: parseJson,
  map(payload) {
    const body = object(payload, '(body)');
    // the documented flat body; a `ticket` object with the same names is taken too
    const t = body.ticket && typeof body.ticket === 'object' ? object(body.ticket, 'ticket') : body;
    const requester =
      t.requester && typeof t.requester === 'object' ? object(t.requester, 'requester') : {};
    const ticketId = optional(body, 'ticket_id') ?? required(t, 'id', 'ticket_id');
    const subject = optional(body, 'subject') ?? optional(t, 'subject') ?? optional(t, 'title');
    const comment =
      optional(body, 'comment') ?? optional(t, 'latest_comment') ?? optional(t, 'description');
    const from =
      optional(body, 'requester_email') ??
      optional(requester, 'email') ??
      optional(body, 'requester_name') ??
      optional(requester, 'name');
    if (!from) throw invalid({ requester_email: 'is required' });
    const text = comment ? htmlToText(comment) : subject;
    if (!text) throw invalid({ comment: 'is required: the latest comment' });
    const name = optional(body, 'requester_name') ?? optional(requester, 'name');
    return {
      kind: 'enquiry',
      enquiry: {
        channel: 'helpdesk',
        from: clip(name && from.includes('@') ? `${name} <${from}>` : from, 320),
        text: clip(text),
        subject: subject ? clip(`#${ticketId} ${subject}`, 500) : `#${ticketId}`,
      },
      dedupeKey: `${ticketId}:${digest(text)}`,
    };
  },
};
