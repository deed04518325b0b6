/**
 * Customers and audiences: account tiers and criticality, which accounts are key, and the
 * named rules (audiences) that select contacts. Pure: the SQL that applies a rule lives in
 * store/queries/audienceSql.ts.
 */

export const CRITICALITIES = ['critical', 'high', 'normal'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

/** The plan's tiers, highest first, when the plan names none. */
export const DEFAULT_TIERS = ['enterprise', 'business', 'free'] as const;

/** Roles a contact can have at its account; any other lower-case word is accepted too. */
export const CONTACT_ROLES = ['technical', 'billing', 'executive', 'admin', 'other'] as const;

export const OUTREACH_OUTCOMES = ['reached', 'left_message', 'no_answer'] as const;
export type OutreachOutcome = (typeof OUTREACH_OUTCOMES)[number];

/** A key (audience, tier, tag, role, region): lower-case letters, digits, `_` and `-`. */
export const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Which contacts an audience selects. Every field given must hold (AND); values in a list are OR. */
export interface AudienceMatch {
  tiers?: string[];
  criticality?: Criticality[];
  regions?: string[];
  /** the account carries at least one of these tags */
  tags?: string[];
  /** the contact's role at its account */
  roles?: string[];
  /** only accounts whose footprint touches the incident's affected components */
  affected_only?: boolean;
  /** only key accounts (see KeyAccountRule) */
  key_only?: boolean;
}

export interface AudienceDefinition {
  key: string;
  name: string;
  match: AudienceMatch;
  /** the channels its contacts are told on */
  channels: string[];
  /** each affected key account in it gets an account-manager outreach task */
  outreach: boolean;
  /** it has its own status page at /a/{key} */
  private_page: boolean;
}

/** Which accounts are key: any of the tiers, or any of the criticalities. */
export interface KeyAccountRule {
  tiers: string[];
  criticality: Criticality[];
}

/** By default the top tier and every `critical` account are key. */
export function defaultKeyRule(tiers: readonly string[]): KeyAccountRule {
  return { tiers: tiers.length ? [tiers[0]] : [], criticality: ['critical'] };
}

export function isKeyAccount(
  a: { tier: string; criticality: string },
  rule: KeyAccountRule,
): boolean {
  return rule.tiers.includes(a.tier) || (rule.criticality as string[]).includes(a.criticality);
}

/** One audience a severity (or an update) tells: on which channels, and with outreach or not. */
export interface AudienceTarget {
  audience: string;
  /** absent: the audience's own channels */
  channels?: string[];
  /** absent: the audience's own setting */
  outreach?: boolean;
}

/** A target with the audience's rule resolved: what a notification carries to expansion. */
export interface ResolvedTarget {
  key: string;
  match: AudienceMatch;
  channels: string[];
  outreach: boolean;
}

/** Resolves targets against the plan's audiences; unknown keys are left out. */
export function resolveTargets(
  targets: AudienceTarget[],
  audiences: AudienceDefinition[],
): ResolvedTarget[] {
  const byKey = new Map(audiences.map((a) => [a.key, a]));
  const out: ResolvedTarget[] = [];
  const seen = new Set<string>();
  for (const t of targets) {
    const a = byKey.get(t.audience);
    if (!a || seen.has(a.key)) continue;
    seen.add(a.key);
    const channels = t.channels ? a.channels.filter((c) => t.channels!.includes(c)) : a.channels;
    out.push({ key: a.key, match: a.match, channels, outreach: t.outreach ?? a.outreach });
  }
  return out;
}

/** The audiences a new plan starts with. */
export const DEFAULT_AUDIENCES: readonly AudienceDefinition[] = [
  {
    key: 'affected_customers',
    name: 'Affected customers',
    match: { affected_only: true },
    channels: ['email', 'sms', 'webhook', 'slack', 'teams'],
    outreach: false,
    private_page: false,
  },
  {
    key: 'key_accounts',
    name: 'Key accounts',
    match: { key_only: true, affected_only: true },
    channels: ['email', 'sms'],
    outreach: true,
    private_page: true,
  },
];

/** Which audiences each default severity tells (by severity key). */
export const DEFAULT_SEVERITY_TARGETS: Readonly<Record<string, AudienceTarget[]>> = {
  SEV1: [{ audience: 'affected_customers' }, { audience: 'key_accounts', outreach: true }],
  SEV2: [{ audience: 'affected_customers' }, { audience: 'key_accounts', outreach: false }],
  SEV3: [{ audience: 'affected_customers', channels: ['email'] }],
};

/** Outreach due times per severity (minutes); SEV1 is 15 minutes. */
export const DEFAULT_OUTREACH_DUE_MINUTES: Readonly<Record<string, number>> = {
  SEV1: 15,
  SEV2: 30,
  SEV3: 60,
};
export const FALLBACK_OUTREACH_DUE_MINUTES = 60;

/** Field problems of an audience match, keyed by field name. */
export function matchProblems(m: AudienceMatch, tiers: readonly string[]): Record<string, string> {
  const p: Record<string, string> = {};
  for (const t of m.tiers ?? [])
    if (!tiers.includes(t)) p.tiers = `"${t}" is not a tier of the plan (${tiers.join(', ')})`;
  for (const c of m.criticality ?? [])
    if (!(CRITICALITIES as readonly string[]).includes(c))
      p.criticality = `"${c}" must be one of ${CRITICALITIES.join(', ')}`;
  for (const f of ['regions', 'tags', 'roles'] as const)
    for (const v of m[f] ?? [])
      if (!KEY_PATTERN.test(v))
        p[f] = `"${v}" must be lower-case letters, digits, _ or - (up to 64)`;
  return p;
}
