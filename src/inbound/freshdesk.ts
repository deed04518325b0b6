/**
 * Freshdesk: an automation rule's "Trigger webhook" action. Freshdesk signs nothing, so the rule
 * sends a shared secret: a custom header `X-Flare-Webhook-Secret: <secret>`, or the action's
 * "Requires authentication" as Basic auth (the secret as the password, or as the API key, which
 * Freshdesk sends as the user name). Either is compared in constant time. The body is Freshdesk's
 * simple `{"freshdesk_webhook": {ticket_id, ticket_subject, ticket_description,
 * ticket_contact_email, …}}`, or the same names at the top level (an advanced, custom body).
 */
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

function basicCredentials(value: string): [string, string] | undefined {
  const m = /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(value);
  if (!m) return undefined;
  const plain = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = plain.indexOf(':');
  return colon < 0 ? [plain, ''] : [plain.slice(0, colon), plain.slice(colon + 1)];
}

export const freshdesk: InboundSource = {
  name: 'freshdesk',
  title: 'Freshdesk',
  env: 'FLARE_FRESHDESK_WEBHOOK_SECRET',
  channel: 'helpdesk',
  mediaType: 'application/json',
  secretName: 'a shared secret you choose (at least 16 characters)',
  verify(secret, req) {
    const given = header(req.headers, 'x-flare-webhook-secret');
    if (given) return sameSecret(given.trim(), secret) ? undefined : 'the secret does not match';
    const basic = basicCredentials(header(req.headers, 'authorization'));
    if (!basic)
      return 'send the shared secret in the X-Flare-Webhook-Secret header, or as Basic authentication';
    // both are compared, whichever matches, so the time taken tells nothing
    const user = sameSecret(basic[0], secret);
    const password = sameSecret(basic[1], secret);
    return user || password ? undefined : 'the secret does not match';
  },
  parse: parseJson,
  map(payload) {
    const body = object(payload, '(body)');
    const t =
      body.freshdesk_webhook !== undefined
        ? object(body.freshdesk_webhook, 'freshdesk_webhook')
        : body;
    const at = body.freshdesk_webhook !== undefined ? 'freshdesk_webhook.' : '';
    const ticketId = required(t, 'ticket_id', `${at}ticket_id`);
    const subject = optional(t, 'ticket_subject');
    // the latest reply when the rule runs on an update, else the ticket's description
    const html =
      optional(t, 'ticket_latest_public_comment') ??
      optional(t, 'ticket_description') ??
      optional(t, 'ticket_description_text');
    const text = html ? htmlToText(html) : subject;
    if (!text) throw invalid({ [`${at}ticket_description`]: 'is required' });
    const email = optional(t, 'ticket_contact_email') ?? optional(t, 'ticket_requester_email');
    const phone = optional(t, 'ticket_contact_phone') ?? optional(t, 'ticket_contact_mobile');
    const name = optional(t, 'ticket_contact_name') ?? optional(t, 'ticket_requester_name');
    const from = email ? (name ? `${name} <${email}>` : email) : (phone ?? name);
    if (!from) throw invalid({ [`${at}ticket_contact_email`]: 'is required' });
    return {
      kind: 'enquiry',
      enquiry: {
        channel: 'helpdesk',
        from: clip(from, 320),
        text: clip(text),
        subject: subject ? clip(`#${ticketId} ${subject}`, 500) : `#${ticketId}`,
      },
      dedupeKey: `${ticketId}:${digest(text)}`,
    };
  },
};
