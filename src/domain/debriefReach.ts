/**
 * The debrief's further metrics (issue #14): time to acknowledge, to the first internal notice
 * and to the scoping update; reach per audience and tier; consistency across channels; social
 * backlash; and the SMS that went over one segment. Pure: the facts are read by
 * store/queries/debriefReach.ts (and the SMS rendered by actions/shared/debriefSms.ts).
 * A metric whose data does not exist is null with a reason in `missing`, never 0.
 */

export interface ReachCount {
  contacts: number;
  accounts: number;
}

export interface ConsistencyUpdate {
  update_id: string;
  posted_at: string;
  /** channels on which at least one delivery of this update was sent */
  channels_sent: string[];
  /** channels the incident used that did not carry this update */
  missing: string[];
}

export interface SocialMention {
  id: string;
  source: string;
  sender: string;
  received_at: string;
  sentiment: number | null;
}

export interface SmsOverSegment {
  update_id: string;
  template: string;
  key: string;
  locale: string;
  encoding: 'GSM-7' | 'UCS-2';
  units: number;
  segments: number;
}

export interface ReachFacts {
  started_at: string;
  /** earliest acknowledgement of a role; `assigned`: roles handed out for the incident */
  first_ack_at: string | null;
  roles_assigned: number;
  /** earliest sent delivery of a team notice about the incident; `notices`: deliveries queued */
  first_internal_notice_at: string | null;
  internal_notice_deliveries: number;
  /** the first public update naming an affected component */
  first_scoping_update_at: string | null;
  /** null: no delivery for the incident at all; no_contacts: no subscriber is linked to an account */
  reach: {
    total: ReachCount;
    by_audience: Record<string, ReachCount & { name: string }>;
    by_tier: Record<string, ReachCount>;
  } | null;
  contacts_exist: boolean;
  consistency: ConsistencyUpdate[];
  /** null: no social account is reading mentions and none was stored for the incident */
  social: {
    mentions: number;
    negative: SocialMention[];
    negative_count: number;
    buckets: { start: string; count: number }[];
  } | null;
  /** null: no SMS was queued for the incident */
  sms: { checked: number; over: SmsOverSegment[] } | null;
}

export interface ReachMetrics {
  time_to_acknowledge_s: number | null;
  time_to_first_internal_notice_s: number | null;
  time_to_scoping_update_s: number | null;
  reach:
    | {
        total: ReachCount;
        by_audience: Record<string, ReachCount & { name: string }>;
        by_tier: Record<string, ReachCount>;
      }
    | { value: null; reason: string };
  consistency:
    | { consistent: boolean; channels: string[]; updates: ConsistencyUpdate[] }
    | { value: null; reason: string };
  social_backlash:
    | {
        mentions: number;
        negative: number;
        listed: SocialMention[];
        buckets: { start: string; count: number }[];
      }
    | { value: null; reason: string };
  sms_segments:
    | { checked: number; over_one_segment: SmsOverSegment[] }
    | { value: null; reason: string };
}

export const REACH_DEFINITIONS: Record<string, string> = {
  time_to_acknowledge_s:
    'seconds from the incident starting to the first acknowledgement of a role by the person it was assigned to',
  time_to_first_internal_notice_s:
    'seconds from the incident starting to the first team notice about it (role assignment, reminder, escalation) being delivered',
  time_to_scoping_update_s:
    'seconds from the incident starting to the first public update naming at least one affected component',
  reach:
    'contacts (subscribers linked to an account) and accounts with at least one delivery sent for the incident: in total, per audience of the plan (its rule and channels as they are now) and per account tier',
  consistency:
    'for each public update sent to subscribers: the channels with a delivery of it sent, and the channels the incident used (for any update) that carried none of it',
  social_backlash:
    'mentions read from social accounts (Mastodon, Bluesky) linked to the incident; the negative ones listed, with their 10-minute volume',
  sms_segments:
    'SMS of updates written from a template, rendered again in each page language (GSM-7 safe): those longer than one segment (160 GSM-7 or 70 UCS-2 characters)',
};

const secs = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 1000);
const none = (reason: string) => ({ value: null, reason }) as const;

export function computeReach(f: ReachFacts, missing: Record<string, string>): ReachMetrics {
  const since = (at: string | null) => (at === null ? null : secs(f.started_at, at));
  if (f.first_ack_at === null)
    missing.time_to_acknowledge_s = f.roles_assigned
      ? `no one acknowledged their role (${f.roles_assigned} assigned)`
      : 'no role was assigned for this incident';
  if (f.first_internal_notice_at === null)
    missing.time_to_first_internal_notice_s = f.internal_notice_deliveries
      ? `none of the ${f.internal_notice_deliveries} team notice deliveries was sent`
      : 'no team notice was sent about this incident';
  if (f.first_scoping_update_at === null)
    missing.time_to_scoping_update_s = 'no public update named an affected component';
  const sent = f.consistency.filter((u) => u.channels_sent.length);
  const channels = [...new Set(sent.flatMap((u) => u.channels_sent))].sort();
  const updates = f.consistency.map((u) => ({
    ...u,
    missing: channels.filter((c) => !u.channels_sent.includes(c)),
  }));
  return {
    time_to_acknowledge_s: since(f.first_ack_at),
    time_to_first_internal_notice_s: since(f.first_internal_notice_at),
    time_to_scoping_update_s: since(f.first_scoping_update_at),
    reach: f.reach
      ? f.contacts_exist
        ? f.reach
        : none('no contacts: no subscriber is linked to an account')
      : none('no notification was delivered for this incident'),
    consistency: channels.length
      ? { consistent: updates.every((u) => !u.missing.length), channels, updates }
      : none('no public update was delivered on any channel'),
    social_backlash: f.social
      ? {
          mentions: f.social.mentions,
          negative: f.social.negative_count,
          listed: f.social.negative,
          buckets: f.social.buckets,
        }
      : none('no social account reads mentions, and none was linked to this incident'),
    sms_segments: f.sms
      ? { checked: f.sms.checked, over_one_segment: f.sms.over }
      : none('no SMS was sent for this incident'),
  };
}

export interface SmsSuggestion {
  id: 'sms-one-segment';
  text: string;
  plan_change: null;
}

/** An SMS went over one segment: shorten the template's SMS wording (a check, nothing to apply). */
export function suggestSms(m: ReachMetrics): SmsSuggestion[] {
  const s = m.sms_segments;
  if ('reason' in s || !s.over_one_segment.length) return [];
  const by = new Map<string, SmsOverSegment>();
  for (const o of s.over_one_segment) {
    const k = `${o.key} (${o.locale})`;
    const seen = by.get(k);
    if (!seen || o.segments > seen.segments) by.set(k, o);
  }
  const list = [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([k, o]) =>
        `${k}: ${o.segments} segments, ${o.units} ${o.encoding} characters where one holds ${o.encoding === 'GSM-7' ? 160 : 70}`,
    );
  return [
    {
      id: 'sms-one-segment',
      text: `${s.over_one_segment.length === 1 ? 'An SMS' : `${s.over_one_segment.length} SMS`} went over one segment (${list.join('; ')}): shorten the SMS wording of ${by.size === 1 ? 'that template' : 'those templates'} so each notice costs one message and arrives whole.`,
      plan_change: null,
    },
  ];
}
