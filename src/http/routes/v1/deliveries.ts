/**
 * Delivery operations: what an incident's notifications did, per channel and one by one, and
 * putting dead letters back in the queue.
 */

import { z } from 'zod';
import { requeueDeliveriesInput } from '../../../actions/inputs.js';
import { requeueDeliveries } from '../../../actions/requeueDeliveries.js';
import { DELIVERY_CHANNEL_NAMES as CHANNEL_NAMES } from '../../../channels/catalog.js';
import { notFound } from '../../../domain/errors.js';
import { maskAddress } from '../../../present/mask.js';
import {
  DELIVERY_STATES,
  incidentExists,
  listIncidentDeliveries,
  summarizeIncidentDeliveries,
} from '../../../store/queries/deliveries.js';
import { apiModule, route } from '../../api.js';
import { idParams } from '../../schemas.js';

const tag = 'delivery';
const CHANNELS = CHANNEL_NAMES;
const time = z.iso.datetime({ offset: true });

export const deliveryListQuery = z
  .object({
    state: z.enum(DELIVERY_STATES).optional(),
    channel: z.enum(CHANNELS).optional(),
    limit: z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(500, 'must be at most 500')
      .default(100),
    after: z.coerce
      .number({ error: 'must be a delivery id' })
      .int('must be a delivery id')
      .min(0, 'must be a delivery id')
      .max(Number.MAX_SAFE_INTEGER, 'must be a delivery id')
      .optional(),
  })
  .strict();

const channelSummaryOut = z.object({
  channel: z.string(),
  queued: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  dead: z.number().int(),
  total: z.number().int(),
  p50_ms: z.number().nullable(),
  p95_ms: z.number().nullable(),
  first_sent_at: time.nullable(),
  last_sent_at: time.nullable(),
});

const deliveryOut = z.object({
  id: z.number().int(),
  key: z.string().describe('the idempotency key receivers see: webhook-id, Message-ID'),
  channel: z.string(),
  state: z.string(),
  attempts: z.number().int(),
  provider: z.string().nullable(),
  provider_message_id: z.string().nullable(),
  last_error: z.string().nullable(),
  queued_at: time,
  sent_at: time.nullable(),
  failed_at: time.nullable(),
  latency_ms: z.number().int().nullable(),
  subscriber: z.object({
    id: z.string(),
    channel: z.string().nullable(),
    address: z.string().nullable(),
  }),
});

export const incidentDeliveriesOut = z.object({
  summary: z.array(channelSummaryOut),
  deliveries: z.array(deliveryOut),
  next_after: z.number().int().nullable(),
});

export const deliveryRoutes = apiModule([
  route({
    id: 'listIncidentDeliveries',
    method: 'GET',
    url: '/api/v1/incidents/:id/deliveries',
    access: 'read',
    tag,
    summary:
      "An incident's deliveries: a summary per channel and a page of deliveries by id; " +
      'page on with `after` set to the previous `next_after`',
    params: idParams,
    query: deliveryListQuery,
    response: incidentDeliveriesOut,
    handler: async ({ app, actor, params, query }) => {
      const db = app.store.db;
      if (!(await incidentExists(db, params.id))) throw notFound('incident', params.id);
      const [summary, deliveries] = await Promise.all([
        summarizeIncidentDeliveries(db, params.id),
        listIncidentDeliveries(db, params.id, query),
      ]);
      const next_after =
        deliveries.length === query.limit ? deliveries[deliveries.length - 1].id : null;
      // below write scope, no subscriber addresses or chat webhook URLs (credentials)
      const shown =
        actor.scope === 'read'
          ? deliveries.map((d) => ({
              ...d,
              subscriber: {
                ...d.subscriber,
                address: maskAddress(d.subscriber.channel, d.subscriber.address),
              },
            }))
          : deliveries;
      return { summary, deliveries: shown, next_after };
    },
  }),
  route({
    id: 'requeueDeliveries',
    method: 'POST',
    url: '/api/v1/deliveries/requeue',
    access: 'write',
    tag,
    summary:
      'Put dead letters back in the queue: those of `incident_id`, of `notification_id`, or `ids`',
    body: requeueDeliveriesInput,
    response: z.object({ requeued: z.number().int() }),
    handler: async ({ ctx, body }) => requeueDeliveries(ctx, body),
  }),
]);
