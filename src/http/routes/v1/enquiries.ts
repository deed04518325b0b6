/**
 * /api/v1/enquiries: what customers say back (issue #11). The generic intake, the inbox (newest
 * first, keyset paged), status and relink, replies, and an incident's reaction stats.
 */
import { z } from 'zod';
import {
  receiveEnquiryInput,
  replyEnquiryInput,
  updateEnquiryInput,
} from '../../../actions/enquiryInputs.js';
import { receiveEnquiry } from '../../../actions/receiveEnquiry.js';
import { replyEnquiry } from '../../../actions/replyEnquiry.js';
import { updateEnquiry } from '../../../actions/updateEnquiry.js';
import { ENQUIRY_CHANNELS, ENQUIRY_FLAGS, ENQUIRY_STATUSES } from '../../../domain/enquiry.js';
import { notFound } from '../../../domain/errors.js';
import {
  ENQUIRY_PAGE_MAX,
  enquiryStats,
  getEnquiry,
  listEnquiries,
  listEnquiryReplies,
} from '../../../store/queries/enquiries.js';
import { apiModule, route } from '../../api.js';
import { findIncident } from '../../incidentReads.js';
import { idParams } from '../../schemas.js';

const tag = 'enquiry';
const time = z.iso.datetime({ offset: true });

export const enquiryOut = z.object({
  id: z.string(),
  channel: z.enum(ENQUIRY_CHANNELS),
  source: z.string().describe('where it came in: api, console, or an inbound adapter'),
  from: z.string(),
  subject: z.string().nullable(),
  text: z.string(),
  message_id: z.string().nullable(),
  received_at: time,
  created_at: time,
  updated_at: time,
  processed: z
    .boolean()
    .describe('false while matching, linking and scoring wait for a retry (nothing is lost)'),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  incident_id: z.string().nullable(),
  account_id: z.string().nullable(),
  account_name: z.string().nullable(),
  contact_id: z.string().nullable(),
  key_account: z.boolean(),
  sentiment: z.number().nullable().describe('AFINN score per word (below 0 is negative)'),
  sentiment_score: z.number().int().nullable().describe('the sum of the AFINN word scores'),
  negative: z.boolean(),
  flags: z.array(z.enum(ENQUIRY_FLAGS)),
  status: z.enum(ENQUIRY_STATUSES),
  escalation: z.enum(['key_account', 'negative_critical']).nullable(),
  first_response_at: time.nullable(),
  first_response_seconds: z.number().int().nullable(),
});

export const enquiryReplyOut = z.object({
  id: z.string(),
  channel: z.string(),
  to_address: z.string().nullable(),
  body: z.string(),
  state: z.enum(['pending', 'sent', 'failed', 'manual']),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  message_id: z.string().nullable(),
  in_reply_to: z.string().nullable(),
  author: z.string(),
  created_at: time,
  sent_at: time.nullable(),
});

export const enquiryStatsOut = z.object({
  total: z.number().int(),
  by_channel: z.record(z.string(), z.number().int()),
  negative: z.number().int(),
  buckets: z.array(
    z.object({
      start: time,
      count: z.number().int(),
      mean_sentiment: z.number().nullable(),
      by_channel: z.record(z.string(), z.number().int()),
    }),
  ),
  themes: z.array(z.object({ theme: z.string(), count: z.number().int() })),
});

const listQuery = z
  .object({
    incident_id: z.string().min(1).max(100).optional(),
    status: z.enum(ENQUIRY_STATUSES).optional(),
    channel: z.enum(ENQUIRY_CHANNELS).optional(),
    account_id: z.string().min(1).max(100).optional(),
    limit: z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(ENQUIRY_PAGE_MAX, `must be at most ${ENQUIRY_PAGE_MAX}`)
      .default(50),
    before: z.string().min(1).max(100).optional().describe('the last id of the previous page'),
  })
  .strict();

export const enquiryRoutes = apiModule([
  route({
    id: 'receiveEnquiry',
    idempotent: true,
    method: 'POST',
    url: '/api/v1/enquiries',
    access: 'write',
    tag,
    summary:
      'Take in an enquiry from any source: stored first, then matched to an account, linked to an incident and scored (`processed` false: a retry will)',
    body: receiveEnquiryInput,
    status: 201,
    response: enquiryOut,
    handler: ({ ctx, body }) => receiveEnquiry(ctx, body, { source: 'api' }),
  }),
  route({
    id: 'listEnquiries',
    method: 'GET',
    url: '/api/v1/enquiries',
    access: 'read',
    tag,
    summary:
      'The inbox, newest first, a page at a time (`before` = the last id of the previous page)',
    query: listQuery,
    response: z.object({ enquiries: z.array(enquiryOut), next_before: z.string().nullable() }),
    handler: async ({ app, query }) => {
      const enquiries = await listEnquiries(app.store.db, query);
      const full = enquiries.length === query.limit;
      return { enquiries, next_before: full ? enquiries[enquiries.length - 1].id : null };
    },
  }),
  route({
    id: 'getEnquiry',
    method: 'GET',
    url: '/api/v1/enquiries/:id',
    access: 'read',
    tag,
    summary: 'One enquiry with its replies',
    params: idParams,
    response: enquiryOut.extend({ replies: z.array(enquiryReplyOut) }),
    handler: async ({ app, params }) => {
      const e = await getEnquiry(app.store.db, params.id);
      if (!e) throw notFound('enquiry', params.id);
      return { ...e, replies: await listEnquiryReplies(app.store.db, e.id) };
    },
  }),
  route({
    id: 'updateEnquiry',
    method: 'PATCH',
    url: '/api/v1/enquiries/:id',
    access: 'write',
    tag,
    summary: 'Change the status, or relink to another incident (null unlinks)',
    params: idParams,
    body: updateEnquiryInput,
    response: enquiryOut,
    handler: ({ ctx, params, body }) => updateEnquiry(ctx, params.id, body),
  }),
  route({
    id: 'replyEnquiry',
    method: 'POST',
    url: '/api/v1/enquiries/:id/reply',
    access: 'write',
    tag,
    summary:
      'Answer an enquiry: by email it is sent threaded (In-Reply-To); on other channels it is recorded as answered by hand',
    params: idParams,
    body: replyEnquiryInput,
    status: 201,
    response: z.object({ enquiry: enquiryOut, reply: enquiryReplyOut }),
    handler: ({ ctx, params, body }) => replyEnquiry(ctx, params.id, body),
  }),
  route({
    id: 'enquiryStats',
    method: 'GET',
    url: '/api/v1/incidents/:id/enquiries/stats',
    access: 'read',
    tag,
    summary:
      'An incident’s enquiries: totals per channel, how many negative, 5-minute buckets with the mean sentiment, and the top themes',
    params: idParams,
    response: enquiryStatsOut,
    handler: async ({ app, params }) => {
      await findIncident(app, 'incident', params.id);
      return enquiryStats(app.store.db, params.id);
    },
  }),
]);
