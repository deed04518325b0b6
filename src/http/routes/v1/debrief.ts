/**
 * /api/v1/incidents/:id/debrief (issue #14): the comms debrief's metrics, suggestions and
 * at-risk accounts; the same as Markdown; and applying a suggestion to the plan.
 */
import { z } from 'zod';
import { applyDebriefSuggestion, loadDebrief } from '../../../actions/applyDebriefSuggestion.js';
import { TREND_TARGETS } from '../../../domain/debriefTargets.js';
import { invalid } from '../../../domain/errors.js';
import { debriefMarkdown } from '../../../present/debriefMarkdown.js';
import { TRENDS_MAX } from '../../../store/queries/debrief.js';
import { readTrends } from '../../../store/queries/debriefTrends.js';
import { apiModule, route } from '../../api.js';
import { idParams } from '../../schemas.js';
import { actionOut, debriefActionOut } from './debriefActions.js';
import { reachMetricsShape } from './debriefReachSchema.js';

const tag = 'debrief';
const time = z.iso.datetime({ offset: true });
const missing = z.object({ value: z.null(), reason: z.string() });
const ms = z.number().nullable();

const planChange = z
  .union([
    z.object({ setting: z.literal('briefing_read_minutes'), value: z.number().int() }),
    z.object({
      severity: z.string(),
      cadence: z.object({ reminderLeadMinutes: z.number().int() }),
    }),
    z.object({
      template: z.string().describe('the template id'),
      key: z.string(),
      locale: z.string(),
      pre_approved: z.literal(true),
    }),
  ])
  .nullable()
  .describe('what applying the suggestion changes in the plan (null: a check, nothing to apply)');

export const suggestionOut = z.object({
  id: z.string(),
  text: z.string(),
  plan_change: planChange,
});

export const debriefOut = z.object({
  incident_id: z.string(),
  timeline: z.object({
    started_at: time,
    ended_at: time.describe('resolved, or now while open'),
    updates: z.array(
      z.object({ id: z.string(), at: time, status: z.string(), promised: time.nullable() }),
    ),
  }),
  metrics: z.object({
    time_to_first_public_update_s: z.number().int().nullable(),
    updates: z.number().int(),
    promises: z.number().int(),
    updates_on_time: z.number().int(),
    largest_gap_s: z.number().int().nullable(),
    broken_promises: z.array(
      z.object({
        update_id: z.string(),
        promised_at: time,
        kept_at: time.nullable(),
        late_s: z.number().int(),
      }),
    ),
    deliveries: z.record(
      z.string(),
      z.object({
        attempted: z.number().int(),
        delivered: z.number().int(),
        failed: z.number().int(),
        pending: z.number().int(),
        p50_ms: ms,
        p95_ms: ms,
        p99_ms: ms,
      }),
    ),
    unsubscribes: z.number().int(),
    briefing: z.array(
      z.object({
        version: z.number().int(),
        readers: z.number().int(),
        slowest_read_s: z.number().int().nullable(),
      }),
    ),
    enquiries: z.union([
      missing,
      z.object({
        total: z.number().int(),
        by_channel: z.record(z.string(), z.number().int()),
        negative: z.number().int(),
        escalated: z.number().int(),
        answered: z.number().int(),
        median_first_response_s: z.number().int().nullable(),
        buckets: z.array(
          z.object({ start: time, count: z.number().int(), mean_sentiment: z.number().nullable() }),
        ),
      }),
    ]),
    outreach: z.union([
      missing,
      z.object({
        total: z.number().int(),
        done: z.number().int(),
        done_on_time: z.number().int(),
        on_time_share: z.number().nullable(),
      }),
    ]),
    ...reachMetricsShape,
    missing: z.record(z.string(), z.string()).describe('why a metric above is null'),
  }),
  definitions: z.record(z.string(), z.string()).describe('what each metric means'),
  suggestions: z.array(suggestionOut),
  action_items: z.array(debriefActionOut).describe('what the team agreed to do, soonest due first'),
  at_risk_accounts: z.array(
    z.object({
      account_id: z.string(),
      name: z.string(),
      tier: z.string(),
      criticality: z.string(),
      mrr: z.number().nullable(),
      negative_enquiries: z.number().int(),
      unanswered_outreach: z.number().int(),
      tier_weight: z
        .number()
        .int()
        .describe(
          'the plan tier order: the top tier weighs as many as there are tiers, the last 1',
        ),
      downtime_s: z
        .number()
        .int()
        .describe('seconds the incident touched the account’s components'),
      score: z.number(),
    }),
  ),
});

const suggestionParams = z
  .object({ id: z.string().min(1).max(100), sid: z.string().min(1).max(100) })
  .strict();

const trendsQuery = z
  .object({
    from: time.optional().describe('start of the period (default: 90 days before `to`)'),
    to: time.optional().describe('end of the period, exclusive (default: now)'),
  })
  .strict();

const share = z.number().nullable();

const targetCheck = z.object({
  target: z
    .number()
    .nullable()
    .describe("in the trend's own unit (seconds for times); null: the plan sets none"),
  better: z.enum(['lower', 'higher']),
  met: z.boolean().nullable().describe('null when there is no target or nothing was measured'),
  setting: z.string().describe('the plan setting that holds the target'),
});

export const trendsOut = z.object({
  from: time,
  to: time,
  trends: z.object({
    incidents: z.number().int(),
    median_time_to_first_public_update_s: z.number().int().nullable(),
    cadence_adherence: share.describe('promises kept ÷ promises made'),
    delivery_success: share.describe('deliveries sent ÷ deliveries attempted'),
    enquiries_per_incident: z.number().nullable(),
    missing: z.record(z.string(), z.string()),
  }),
  targets: z
    .object(
      Object.fromEntries(TREND_TARGETS.map((t) => [t.trend, targetCheck])) as Record<
        (typeof TREND_TARGETS)[number]['trend'],
        typeof targetCheck
      >,
    )
    .describe("each trend compared with the plan's target"),
  incidents: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      started_at: time,
      time_to_first_public_update_s: z.number().int().nullable(),
      promises: z.number().int(),
      updates_on_time: z.number().int(),
      attempted: z.number().int(),
      delivered: z.number().int(),
      enquiries: z.number().int(),
    }),
  ),
});

const DAY = 86_400_000;

export const debriefRoutes = apiModule([
  route({
    id: 'debriefTrends',
    method: 'GET',
    url: '/api/v1/debrief/trends',
    access: 'read',
    tag,
    summary: `Across incidents started in a period (drills left out, at most ${TRENDS_MAX}): median time to the first public update, cadence adherence, delivery success and enquiries per incident, each compared with the plan's target`,
    query: trendsQuery,
    response: trendsOut,
    handler: async ({ ctx, query }) => {
      const now = ctx.clock.now();
      const to = query.to ? new Date(query.to) : now;
      const from = query.from ? new Date(query.from) : new Date(to.getTime() - 90 * DAY);
      if (from >= to) throw invalid({ from: 'must be before to' });
      return readTrends(ctx.store.db, from.toISOString(), to.toISOString(), now.toISOString());
    },
  }),
  route({
    id: 'getDebrief',
    method: 'GET',
    url: '/api/v1/incidents/:id/debrief',
    access: 'read',
    tag,
    summary:
      'The comms debrief: times to acknowledge, to the first internal notice, public and scoping update; cadence, delivery per channel, reach per audience and tier, consistency across channels, briefing reads, enquiries, social backlash, SMS segments, outreach, at-risk accounts, and suggestions for the plan (missing data is null with a reason)',
    params: idParams,
    response: debriefOut,
    handler: async ({ ctx, params }) => {
      const { name: _name, ...d } = await loadDebrief(ctx, params.id);
      const now = ctx.clock.now();
      return { ...d, action_items: d.action_items.map((a) => actionOut(a, now)) };
    },
  }),
  route({
    id: 'getDebriefMarkdown',
    method: 'GET',
    url: '/api/v1/incidents/:id/debrief.md',
    access: 'read',
    tag,
    summary: 'The comms debrief as Markdown, for the postmortem document',
    params: idParams,
    content: { 'text/markdown': { schema: { type: 'string' } } },
    handler: async ({ ctx, params, reply }) => {
      const d = await loadDebrief(ctx, params.id);
      reply.type('text/markdown; charset=utf-8');
      return debriefMarkdown(d.name, d, ctx.clock.now());
    },
  }),
  route({
    id: 'applyDebriefSuggestion',
    method: 'POST',
    url: '/api/v1/incidents/:id/debrief/suggestions/:sid/apply',
    access: 'admin',
    tag,
    summary:
      'Apply a suggestion: its plan change is made through the plan actions, audited, as a new plan version',
    params: suggestionParams,
    body: z
      .object({
        note: z
          .string()
          .trim()
          .max(1000, 'must be at most 1000 characters')
          .optional()
          .describe('why it is applied: kept in the audit log with the suggestion'),
      })
      .strict(),
    response: z.object({ suggestion: suggestionOut, plan_version: z.number().int() }),
    handler: ({ ctx, params, body }) =>
      applyDebriefSuggestion(ctx, params.id, params.sid, {
        note: (body as { note?: string })?.note,
      }),
  }),
]);
