/**
 * Severities: what each level means, who is called in, who is told on which channels, whether
 * free text needs approval, and the update cadence. The defaults follow PRODUCT.md, "Defaults
 * drawn from incident practice"; every one of them is editable.
 */
import {
  type AudienceDefinition,
  type AudienceTarget,
  DEFAULT_OUTREACH_DUE_MINUTES,
  DEFAULT_SEVERITY_TARGETS,
  FALLBACK_OUTREACH_DUE_MINUTES,
  type ResolvedTarget,
  resolveTargets,
} from './audience.js';
import { type CadencePolicy, DEFAULT_CADENCE } from './cadence.js';

/** The channels each audience can be told on. */
export const AUDIENCE_CHANNELS = {
  /** customers and the public: the status page and the subscriber channels */
  public: ['status_page', 'email', 'sms', 'webhook', 'slack', 'teams', 'social'],
  /** the team, through its internal subscriptions */
  internal: ['email', 'sms', 'slack', 'teams'],
  /** contract and premium customers: individual outreach through their account team */
  key_accounts: ['outreach', 'email'],
} as const;

export type Audience = keyof typeof AUDIENCE_CHANNELS;
export const AUDIENCES = Object.keys(AUDIENCE_CHANNELS) as Audience[];

/**
 * The public list may also name any channel registered later (any chat room, …): the
 * plan's validator accepts every registered channel, and only the channels listed are sent.
 */
export type Audiences = Omit<
  { [A in Audience]: (typeof AUDIENCE_CHANNELS)[A][number][] },
  'public'
> & { public: string[] };

export interface SeveritySettings {
  /** role keys called in when an incident of this severity is declared */
  calledRoles: string[];
  /** which audiences are told, and on which channels; an empty list tells nobody */
  audiences: Audiences;
  /** free text (or a changed template wording) needs the approver's yes before it goes out */
  approvalRequired: boolean;
  /** how long an approval may wait before it escalates */
  approvalTimeBoxMinutes: number;
  /** publish by itself once the time box runs out, so approval never blocks the first post */
  autoPublishOnTimeout: boolean;
  cadence: CadencePolicy;
  /** an assignment not acknowledged within this many minutes escalates to the next on call */
  ackTimeoutMinutes: number;
  /** the plan's audiences (customer contacts) told, on which channels, with outreach or not;
   * absent: DEFAULT_SEVERITY_TARGETS for a default key, else every audience as it is defined */
  notify?: AudienceTarget[];
  /** an account-manager outreach task is due this many minutes after it is created */
  outreachDueMinutes?: number;
}

export interface SeverityDefinition {
  key: string;
  name: string;
  description: string;
  settings: SeveritySettings;
}

/** A severity key: capitals and digits, e.g. SEV1 or P2. */
export const SEVERITY_KEY_PATTERN = /^[A-Z][A-Z0-9_]{0,19}$/;

export function severityKeyProblem(key: string): string | null {
  return SEVERITY_KEY_PATTERN.test(key)
    ? null
    : 'must be capital letters and digits (up to 20), starting with a letter, e.g. SEV1';
}

export const DEFAULT_SEVERITIES: readonly SeverityDefinition[] = [
  {
    key: 'SEV1',
    name: 'Critical',
    description:
      'A core service is down or data is at risk for many customers. All hands: every role is called in and every audience is told.',
    settings: {
      calledRoles: [
        'incident_lead',
        'comms_lead',
        'internal_liaison',
        'customer_liaison',
        'support_lead',
        'executive_sponsor',
        'account_manager',
      ],
      audiences: {
        public: ['status_page', 'email', 'sms', 'webhook', 'slack', 'teams'],
        internal: ['email', 'slack', 'sms'],
        key_accounts: ['outreach'],
      },
      approvalRequired: true,
      approvalTimeBoxMinutes: 5,
      autoPublishOnTimeout: true,
      cadence: { ...DEFAULT_CADENCE },
      ackTimeoutMinutes: 5,
      notify: DEFAULT_SEVERITY_TARGETS.SEV1.map((t) => ({ ...t })),
      outreachDueMinutes: DEFAULT_OUTREACH_DUE_MINUTES.SEV1,
    },
  },
  {
    key: 'SEV2',
    name: 'Major',
    description:
      'A key feature is down or badly degraded for some customers, or a workaround is hard to use.',
    settings: {
      calledRoles: ['incident_lead', 'comms_lead', 'customer_liaison', 'support_lead'],
      audiences: {
        public: ['status_page', 'email', 'webhook', 'slack', 'teams'],
        internal: ['email', 'slack'],
        key_accounts: ['outreach'],
      },
      approvalRequired: true,
      approvalTimeBoxMinutes: 5,
      autoPublishOnTimeout: false,
      cadence: { ...DEFAULT_CADENCE },
      ackTimeoutMinutes: 10,
      notify: DEFAULT_SEVERITY_TARGETS.SEV2.map((t) => ({ ...t })),
      outreachDueMinutes: DEFAULT_OUTREACH_DUE_MINUTES.SEV2,
    },
  },
  {
    key: 'SEV3',
    name: 'Minor',
    description:
      'Limited impact: a minor feature is degraded, few customers are affected, or a workaround exists.',
    settings: {
      calledRoles: ['incident_lead', 'comms_lead'],
      audiences: {
        public: ['status_page', 'webhook'],
        internal: ['slack', 'email'],
        key_accounts: [],
      },
      approvalRequired: false,
      approvalTimeBoxMinutes: 5,
      autoPublishOnTimeout: false,
      cadence: {
        firstMinutes: 30,
        firstWindowMinutes: 120,
        laterMinutes: 60,
        reminderLeadMinutes: 5,
        interimAfterMinutes: 90,
      },
      ackTimeoutMinutes: 15,
      notify: DEFAULT_SEVERITY_TARGETS.SEV3.map((t) => ({ ...t })),
      outreachDueMinutes: DEFAULT_OUTREACH_DUE_MINUTES.SEV3,
    },
  },
];

/** The audiences a severity tells (see SeveritySettings.notify). */
export function severityTargets(
  sev: { key: string; settings: SeveritySettings } | undefined,
  audiences: readonly AudienceDefinition[],
): AudienceTarget[] {
  if (sev?.settings.notify) return sev.settings.notify;
  if (sev && DEFAULT_SEVERITY_TARGETS[sev.key]) return DEFAULT_SEVERITY_TARGETS[sev.key];
  return audiences.map((a) => ({ audience: a.key }));
}

/** Minutes an outreach task of this severity has before it is overdue. */
export function outreachDueMinutes(
  sev: { key: string; settings: SeveritySettings } | undefined,
): number {
  return (
    sev?.settings.outreachDueMinutes ??
    (sev ? DEFAULT_OUTREACH_DUE_MINUTES[sev.key] : undefined) ??
    FALLBACK_OUTREACH_DUE_MINUTES
  );
}

/**
 * The audiences a notice tells, resolved: the ones named (each on the channels and with the
 * outreach its severity gives it, else as the audience is defined), or, when none is named,
 * the ones the severity notifies. The preview and the outbox both use this, so they agree.
 */
export function notifiedTargets(
  named: readonly string[] | undefined,
  sev: { key: string; settings: SeveritySettings } | undefined,
  audiences: readonly AudienceDefinition[],
): ResolvedTarget[] {
  const bySeverity = severityTargets(sev, audiences);
  const wanted: AudienceTarget[] = named?.length
    ? named.map((key) => bySeverity.find((t) => t.audience === key) ?? { audience: key })
    : bySeverity;
  return resolveTargets(wanted, [...audiences]);
}
