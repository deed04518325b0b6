/** /api/v1/subscribers: list, add (confirmed or with double opt-in), read, delete, and bounce feeds. */
import { z } from 'zod';
import { createSubscriber } from '../../../actions/createSubscriber.js';
import { deleteSubscriber } from '../../../actions/deleteSubscriber.js';
import {
  createSubscriberInput,
  markUndeliverableInput,
  SUBSCRIBER_CHANNELS,
  subscriberPreferencesInput,
} from '../../../actions/inputs.js';
import { markUndeliverable } from '../../../actions/markUndeliverable.js';
import { setSubscriberPreferences } from '../../../actions/setSubscriberPreferences.js';
import { notFound } from '../../../domain/errors.js';
import { getSubscriber, listSubscribers } from '../../../store/queries/subscribers.js';
import { apiModule, route } from '../../api.js';
import { idParams } from '../../schemas.js';

const tag = 'subscriber';
const STATES = ['pending', 'active', 'unsubscribed', 'undeliverable', 'disabled'] as const;
const time = z.iso.datetime({ offset: true });

export const subscriberOut = z.object({
  id: z.string(),
  channel: z.enum(SUBSCRIBER_CHANNELS),
  address: z.string().describe('the email address, phone number or URL'),
  state: z.enum(STATES),
  components: z.array(z.string()).nullable().describe('null: every component'),
  locale: z.string(),
  time_zone: z.string().nullable(),
  contact_email: z.string().nullable(),
  audience: z.enum(['public', 'internal']),
  consecutive_failures: z.number().int(),
  created_at: time,
  confirmed_at: time.nullable(),
  unsubscribed_at: time.nullable(),
  disabled_reason: z.string().nullable(),
  digest: z
    .boolean()
    .describe('a daily digest at 08:00 local instead of per-update emails below SEV1'),
  quiet_hours: z
    .string()
    .nullable()
    .describe('"22:00-07:00" in the subscriber’s zone: notices below SEV1 wait'),
});

const listQuery = z
  .object({
    channel: z.enum(SUBSCRIBER_CHANNELS).optional(),
    state: z.enum(STATES).optional(),
    limit: z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(1000, 'must be at most 1000')
      .default(100),
    after: z.string().min(1).max(100).optional().describe('the last id of the previous page'),
  })
  .strict();

export const subscriberRoutes = apiModule([
  route({
    id: 'listSubscribers',
    method: 'GET',
    url: '/api/v1/subscribers',
    access: 'write',
    tag,
    summary:
      'List subscribers by id, a page at a time (`after` = the last id of the previous page)',
    query: listQuery,
    response: z.object({ subscribers: z.array(subscriberOut), next_after: z.string().nullable() }),
    handler: async ({ app, query }) => {
      const subscribers = await listSubscribers(app.store.db, query);
      const full = subscribers.length === query.limit;
      return { subscribers, next_after: full ? subscribers[subscribers.length - 1].id : null };
    },
  }),
  route({
    id: 'createSubscriber',
    idempotent: true,
    method: 'POST',
    url: '/api/v1/subscribers',
    access: 'write',
    tag,
    summary:
      'Add a subscriber; `confirmed: true` skips double opt-in. A webhook subscriber’s signing `secret` is in this response only',
    body: createSubscriberInput,
    status: 201,
    response: subscriberOut.extend({ secret: z.string().optional() }),
    handler: async ({ ctx, body }) => {
      const { subscriber, secret } = await createSubscriber(ctx, body);
      return secret ? { ...subscriber, secret } : subscriber;
    },
  }),
  route({
    id: 'getSubscriber',
    method: 'GET',
    url: '/api/v1/subscribers/:id',
    access: 'write',
    tag,
    summary: 'Get one subscriber (never their secret)',
    params: idParams,
    response: subscriberOut,
    handler: async ({ app, params }) => {
      const s = await getSubscriber(app.store.db, params.id);
      if (!s) throw notFound('subscriber', params.id);
      return s;
    },
  }),
  route({
    id: 'setSubscriberPreferences',
    method: 'PATCH',
    url: '/api/v1/subscribers/:id/preferences',
    access: 'write',
    tag,
    summary:
      'Set a subscriber’s (or contact’s) digest choice, quiet hours ("22:00-07:00", null: none) and time zone',
    params: idParams,
    body: subscriberPreferencesInput,
    response: subscriberOut,
    handler: async ({ ctx, params, body }) => setSubscriberPreferences(ctx, params.id, body),
  }),
  route({
    id: 'deleteSubscriber',
    method: 'DELETE',
    url: '/api/v1/subscribers/:id',
    access: 'write',
    tag,
    summary: 'Delete a subscriber; messages already sent stay in the delivery records',
    params: idParams,
    status: 204,
    handler: async ({ ctx, params }) => deleteSubscriber(ctx, params.id),
  }),
  route({
    id: 'reportBounce',
    method: 'POST',
    url: '/api/v1/subscribers/bounces',
    access: 'write',
    tag,
    summary:
      'Report a bounce (the address becomes undeliverable) or a complaint (it is unsubscribed) from a provider feed',
    body: markUndeliverableInput,
    response: subscriberOut,
    handler: async ({ ctx, body }) => markUndeliverable(ctx, body),
  }),
]);
