/**
 * /api/v1/sla: the plan's SLA policies, the credits report for a month (JSON, or the billing
 * CSV with ?format=csv, streamed), and finance's decision on each account's credit.
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import { decideSlaCredit } from '../../../actions/decideSlaCredit.js';
import { deleteSlaPolicy } from '../../../actions/deleteSlaPolicy.js';
import {
  creditDecisionInput,
  creditTierInput,
  goodwillRuleInput,
  slaMonth,
  slaPolicyInput,
} from '../../../actions/slaInputs.js';
import { upsertSlaPolicy } from '../../../actions/upsertSlaPolicy.js';
import { notFound } from '../../../domain/errors.js';
import { slaReportChunks } from '../../../present/slaReport.js';
import { getSlaPolicy, listSlaPolicies } from '../../../store/queries/sla.js';
import { loadSlaMonth, slaReportRows } from '../../../store/queries/slaReport.js';
import { apiModule, Created, route } from '../../api.js';

const tag = 'sla';

export const slaPolicyOut = z.object({
  key: z.string(),
  name: z.string(),
  tiers: z.array(z.string()),
  account_ids: z.array(z.string()),
  target: z.number(),
  credits: z.array(creditTierInput),
  partial_outage_weight: z.number(),
  exclude_maintenance: z.boolean(),
  goodwill: z.array(goodwillRuleInput),
});

const keyParams = z.object({ key: z.string().min(1).max(100) }).strict();
const reportQuery = z
  .object({
    month: slaMonth,
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
  })
  .strict();

const reportRow = {
  type: 'object',
  properties: {
    account_id: { type: 'string' },
    name: { type: 'string' },
    tier: { type: 'string' },
    policy: { type: 'string' },
    time_zone: { type: 'string' },
    uptime: { type: 'number', description: 'uptime % in the month, in the account’s zone' },
    downtime_minutes: { type: 'number' },
    minutes_in_month: { type: 'number' },
    credit_percent: { type: 'number' },
    credit_amount: { type: ['number', 'null'], description: 'null when the MRR is not known' },
    goodwill: { type: ['number', 'null'], description: 'goodwill amount, beyond the SLA' },
    goodwill_percent: { type: 'number' },
    goodwill_incidents: { type: 'array', items: { type: 'string' } },
    incidents: { type: 'array', items: { type: 'string' } },
    state: { type: 'string', enum: ['pending', 'approved', 'adjusted'] },
    decided_amount: { type: ['number', 'null'] },
    note: { type: ['string', 'null'] },
  },
};

const decisionOut = z.object({
  month: z.string(),
  account_id: z.string(),
  computed_percent: z.number(),
  computed_amount: z.number().nullable(),
  goodwill_amount: z.number().nullable(),
  decided_amount: z.number().nullable(),
  state: z.string(),
  note: z.string().nullable(),
  decided_by: z.string(),
  decided_at: z.string(),
});

export const slaRoutes = apiModule([
  route({
    id: 'listSlaPolicies',
    method: 'GET',
    url: '/api/v1/sla/policies',
    access: 'read',
    tag,
    summary: 'The plan’s SLA policies: who each covers, the target, credit tiers and goodwill',
    response: z.object({ policies: z.array(slaPolicyOut) }),
    handler: async ({ app }) => ({ policies: await listSlaPolicies(app.store.db) }),
  }),
  route({
    id: 'getSlaPolicy',
    method: 'GET',
    url: '/api/v1/sla/policies/:key',
    access: 'read',
    tag,
    summary: 'One SLA policy',
    params: keyParams,
    response: slaPolicyOut,
    handler: async ({ app, params }) => {
      const p = await getSlaPolicy(app.store.db, params.key);
      if (!p) throw notFound('sla_policy', params.key);
      return p;
    },
  }),
  route({
    id: 'upsertSlaPolicy',
    method: 'PUT',
    url: '/api/v1/sla/policies/:key',
    access: 'admin',
    tag,
    summary:
      'Create (201) or replace (200) an SLA policy: the tiers or accounts it covers, the monthly target, credit tiers ({below, percent}: the highest that applies wins), the partial-outage weight, whether maintenance is excluded, and goodwill rules',
    params: keyParams,
    body: slaPolicyInput,
    response: slaPolicyOut,
    creates: true,
    handler: async ({ ctx, params, body }) => {
      const r = await upsertSlaPolicy(ctx, params.key, body);
      return r.created ? new Created(r.policy) : r.policy;
    },
  }),
  route({
    id: 'deleteSlaPolicy',
    method: 'DELETE',
    url: '/api/v1/sla/policies/:key',
    access: 'admin',
    tag,
    summary: 'Delete an SLA policy',
    params: keyParams,
    status: 204,
    handler: async ({ ctx, params }) => deleteSlaPolicy(ctx, params.key),
  }),
  route({
    id: 'getSlaReport',
    method: 'GET',
    url: '/api/v1/sla/report',
    access: 'admin',
    tag,
    summary:
      'The credits report for a month: per account a policy covers, uptime, downtime, the incidents behind it, the credit and any goodwill, and finance’s decision. `format=csv` gives the billing export (text/csv, a header row). Streamed',
    query: reportQuery,
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: { month: { type: 'string' }, accounts: { type: 'array', items: reportRow } },
        },
      },
      'text/csv': { schema: { type: 'string', description: 'one row per account, with a header' } },
    },
    handler: async ({ app, query, reply }) => {
      const data = await loadSlaMonth(app.store.db, query.month, app.clock.now());
      const chunks = slaReportChunks(query.month, slaReportRows(app.store.db, data), query.format);
      if (query.format === 'csv') {
        reply.type('text/csv; charset=utf-8');
        reply.header(
          'content-disposition',
          `attachment; filename="sla-credits-${query.month}.csv"`,
        );
      } else reply.type('application/json; charset=utf-8');
      return Readable.from(chunks);
    },
  }),
  route({
    id: 'decideSlaCredit',
    method: 'POST',
    url: '/api/v1/sla/credits/:month/:account_id',
    access: 'admin',
    tag,
    summary:
      'Approve an account’s computed credit for a month (with its goodwill), or adjust it to another amount, with a note; audited',
    params: z.object({ month: z.string(), account_id: z.string() }).strict(),
    body: creditDecisionInput,
    response: decisionOut,
    handler: async ({ ctx, params, body }) =>
      decideSlaCredit(ctx, params.month, params.account_id, body),
  }),
]);
