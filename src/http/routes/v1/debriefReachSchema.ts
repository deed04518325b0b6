/** The response shapes of the debrief's further metrics (domain/debriefReach.ts). */
import { z } from 'zod';

const time = z.iso.datetime({ offset: true });
const missing = z.object({ value: z.null(), reason: z.string() });
const count = z.object({ contacts: z.number().int(), accounts: z.number().int() });

export const reachMetricsShape = {
  time_to_acknowledge_s: z.number().int().nullable(),
  time_to_first_internal_notice_s: z.number().int().nullable(),
  time_to_scoping_update_s: z.number().int().nullable(),
  reach: z.union([
    missing,
    z.object({
      total: count,
      by_audience: z.record(z.string(), count.extend({ name: z.string() })),
      by_tier: z.record(z.string(), count),
    }),
  ]),
  consistency: z.union([
    missing,
    z.object({
      consistent: z.boolean(),
      channels: z.array(z.string()).describe('channels that carried any update of the incident'),
      updates: z.array(
        z.object({
          update_id: z.string(),
          posted_at: time,
          channels_sent: z.array(z.string()),
          missing: z.array(z.string()),
        }),
      ),
    }),
  ]),
  social_backlash: z.union([
    missing,
    z.object({
      mentions: z.number().int(),
      negative: z.number().int(),
      listed: z.array(
        z.object({
          id: z.string(),
          source: z.string(),
          sender: z.string(),
          received_at: time,
          sentiment: z.number().nullable(),
        }),
      ),
      buckets: z.array(z.object({ start: time, count: z.number().int() })),
    }),
  ]),
  sms_segments: z.union([
    missing,
    z.object({
      checked: z.number().int(),
      over_one_segment: z.array(
        z.object({
          update_id: z.string(),
          template: z.string(),
          key: z.string(),
          locale: z.string(),
          encoding: z.enum(['GSM-7', 'UCS-2']),
          units: z.number().int(),
          segments: z.number().int(),
        }),
      ),
    }),
  ]),
};
