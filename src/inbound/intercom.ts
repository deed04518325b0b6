/**
 * Intercom: a webhook subscription of the app (Developer Hub). Signed: `X-Hub-Signature` is
 * `sha1=` + hex(HMAC-SHA1(the app's client secret, raw body)). The body is a
 * `notification_event`; customer messages are the topics conversation.user.created (the
 * conversation's first message) and conversation.user.replied (its newest customer part). Any
 * other topic (ping, admin replies, …) is answered 200 and stored nothing.
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

export const INTERCOM_TOPICS = ['conversation.user.created', 'conversation.user.replied'];
const CUSTOMERS = new Set(['user', 'lead', 'contact']);

type Obj = Record<string, unknown>;
const child = (o: Obj, key: string): Obj =>
  o[key] && typeof o[key] === 'object' && !Array.isArray(o[key]) ? (o[key] as Obj) : {};

function customerParts(item: Obj): Obj[] {
  const list = child(item, 'conversation_parts').conversation_parts;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (p): p is Obj =>
      !!p &&
      typeof p === 'object' &&
      CUSTOMERS.has(String(child(p as Obj, 'author').type)) &&
      typeof (p as Obj).body === 'string',
  );
}

export const intercom: InboundSource = {
  name: 'intercom',
  title: 'Intercom',
  env: 'FLARE_INTERCOM_CLIENT_SECRET',
  channel: 'chat',
  mediaType: 'application/json',
  secretName: 'the app’s client secret (Developer Hub, Basic information)',
  verify(secret, req) {
    const sig = header(req.headers, 'x-hub-signature').trim().toLowerCase();
    if (!sig) return 'send the X-Hub-Signature header';
    const want = `sha1=${createHmac('sha1', secret).update(req.body).digest('hex')}`;
    return sameSecret(sig, want) ? undefined : 'the signature does not match';
  },
  parse: parseJson,
  map(payload) {
    const body = object(payload, '(body)');
    const topic = required(body, 'topic');
    if (!INTERCOM_TOPICS.includes(topic))
      return { kind: 'ignore', reason: `the topic ${topic} is not a customer message` };
    const item = child(child(body, 'data'), 'item');
    const conversation = required(item, 'id', 'data.item.id');
    const source = child(item, 'source');
    const last = topic === 'conversation.user.replied' ? customerParts(item).at(-1) : undefined;
    const part = last ?? source;
    const at = last ? 'data.item.conversation_parts' : 'data.item.source';
    const html = optional(part, 'body');
    const text = html ? htmlToText(html) : undefined;
    if (!text) throw invalid({ [`${at}.body`]: 'is required: the customer’s message' });
    const author = child(part, 'author');
    const email = optional(author, 'email');
    const name = optional(author, 'name');
    const from = email ? (name ? `${name} <${email}>` : email) : (name ?? optional(author, 'id'));
    if (!from) throw invalid({ [`${at}.author.email`]: 'is required' });
    const subject = optional(source, 'subject');
    const created = Number(last ? last.created_at : item.created_at);
    return {
      kind: 'enquiry',
      enquiry: {
        channel: 'chat',
        from: clip(from, 320),
        text: clip(text),
        subject: clip(subject ? htmlToText(subject) : `Intercom conversation ${conversation}`, 500),
        ...(Number.isFinite(created) && created > 0
          ? { received_at: new Date(created * 1000).toISOString() }
          : {}),
      },
      dedupeKey: `${conversation}:${(last && optional(last, 'id')) ?? (last ? digest(text) : 'first')}`,
    };
  },
};
