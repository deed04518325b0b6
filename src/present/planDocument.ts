/**
 * The comms plan as a document: the shape `flare plan export` writes and `flare plan import`
 * reads. Pure: built from a PlanData. People are referred to by email (or by name when they
 * have none), never by id, so a plan moves between installations. Built-in templates that
 * nobody edited are referenced by key and locale, not dumped.
 */
import type {
  AudienceDefinition,
  AudienceMatch,
  AudienceTarget,
  KeyAccountRule,
} from '../domain/audience.js';
import {
  BOOLEAN_SETTINGS,
  NUMBER_SETTINGS,
  PERSON_SETTINGS,
  PLAN_SETTING_KEYS,
} from '../domain/planSettings.js';
import type { SeveritySettings } from '../domain/severity.js';
import type { SlaPolicy } from '../domain/sla.js';
import { TEMPLATE_CHANNELS, type TemplateDef } from '../domain/templates.js';
import type { PlanData } from '../store/queries/plan.js';
import type { Person } from '../store/queries/team.js';
import type { StoredTemplate } from '../store/queries/templates.js';
import { LIBRARY } from '../templates/library/index.js';

export interface PersonDoc {
  name: string;
  email?: string;
  phone?: string;
  slack?: string;
  teams?: string;
  time_zone: string;
  working_hours?: string;
  /** a region key; its hours apply when the person has none of their own */
  region?: string;
}

/** A team region (follow the sun): working hours in its own time zone. */
export interface RegionDoc {
  key: string;
  name: string;
  time_zone: string;
  hours: string;
}

export interface RoleDoc {
  name?: string;
  description?: string;
  /** people in on-call order, by email or name */
  rotation: string[];
}

export interface SeverityDoc {
  name: string;
  description: string;
  settings: SeveritySettings;
}

/** One of the plan's audiences: the contacts its rule selects, and how they are told. */
export type AudienceDoc = AudienceDefinition;

/** A reference ({key, locale}) to an unchanged built-in, or a full template. */
export interface TemplateDoc {
  key: string;
  locale: string;
  stage?: string;
  name?: string;
  pre_approved?: boolean;
  page?: string;
  sms?: string;
  social?: string;
  email_subject?: string;
  email?: string;
  slack?: string;
  teams?: string;
}

export interface PlanDocument {
  flare_plan: 1;
  settings: Record<string, string | number | boolean>;
  /** noted from the environment; import ignores it, and secrets never appear */
  fallback_providers: { email: boolean; sms: boolean };
  regions: RegionDoc[];
  team: PersonDoc[];
  roles: Record<string, RoleDoc>;
  /** account tiers, highest first */
  tiers: string[];
  /** which accounts are key: any of these tiers, or any of these criticalities */
  key_accounts: KeyAccountRule;
  audiences: AudienceDoc[];
  /** the briefing pack's wording: what to say and avoid, approved answers per stage (`*`: every stage) */
  briefing: { say: string[]; avoid: string[]; faq: Record<string, { q: string; a: string }[]> };
  severities: Record<string, SeverityDoc>;
  templates: TemplateDoc[];
  /** SLA policies: who they cover, the target, credit tiers, how statuses count, goodwill */
  sla_policies: SlaPolicy[];
}

/** How a document refers to a person: the email, else the name. */
export const personRef = (p: Pick<Person, 'email' | 'name'>): string => p.email ?? p.name;

export function fallbackProviders(env: Record<string, string | undefined>) {
  return { email: Boolean(env.FLARE_SMTP_FALLBACK_URL), sms: Boolean(env.FLARE_SMS_FALLBACK_URL) };
}

function personDoc(p: Person): PersonDoc {
  const d: PersonDoc = { name: p.name, time_zone: p.time_zone };
  for (const k of ['email', 'phone', 'slack', 'teams', 'working_hours', 'region'] as const) {
    if (p[k]) d[k] = p[k] as string;
  }
  // keep a stable key order: name, contact details, time zone, hours, region
  const { name, email, phone, slack, teams, time_zone, working_hours, region } = d;
  return JSON.parse(
    JSON.stringify({ name, email, phone, slack, teams, time_zone, working_hours, region }),
  ) as PersonDoc;
}

/** Severity settings in the schema's key order, so documents compare and diff cleanly. */
export function normaliseSettings(s: SeveritySettings): SeveritySettings {
  const c = s.cadence;
  return {
    calledRoles: [...(s.calledRoles ?? [])],
    audiences: {
      public: [...(s.audiences?.public ?? [])],
      internal: [...(s.audiences?.internal ?? [])],
      key_accounts: [...(s.audiences?.key_accounts ?? [])],
    },
    approvalRequired: s.approvalRequired,
    approvalTimeBoxMinutes: s.approvalTimeBoxMinutes,
    autoPublishOnTimeout: s.autoPublishOnTimeout,
    cadence: c && {
      firstMinutes: c.firstMinutes,
      firstWindowMinutes: c.firstWindowMinutes,
      laterMinutes: c.laterMinutes,
      reminderLeadMinutes: c.reminderLeadMinutes,
      interimAfterMinutes: c.interimAfterMinutes,
    },
    ackTimeoutMinutes: s.ackTimeoutMinutes,
    ...(s.notify ? { notify: s.notify.map(normaliseTarget) } : {}),
    ...(s.outreachDueMinutes !== undefined ? { outreachDueMinutes: s.outreachDueMinutes } : {}),
  };
}

function normaliseTarget(t: AudienceTarget): AudienceTarget {
  return {
    audience: t.audience,
    ...(t.channels ? { channels: [...t.channels] } : {}),
    ...(t.outreach !== undefined ? { outreach: t.outreach } : {}),
  };
}

const MATCH_FIELDS = [
  'tiers',
  'criticality',
  'regions',
  'tags',
  'roles',
  'affected_only',
  'key_only',
] as const;

/** An audience rule with only the fields it sets, in the schema's order. */
export function normaliseMatch(m: AudienceMatch): AudienceMatch {
  const out: Record<string, unknown> = {};
  for (const f of MATCH_FIELDS) {
    const v = m[f];
    if (v === undefined) continue;
    out[f] = Array.isArray(v) ? [...v] : v;
  }
  return out as AudienceMatch;
}

export function audienceDoc(a: AudienceDefinition): AudienceDoc {
  return {
    key: a.key,
    name: a.name,
    match: normaliseMatch(a.match),
    channels: [...a.channels],
    outreach: a.outreach,
    private_page: a.private_page,
  };
}

const BODY_FIELDS = ['page', 'sms', 'social', 'email_subject', 'email', 'slack', 'teams'] as const;

/** The library's definition of a built-in template, if key and locale name one. */
export function libraryTemplate(key: string, locale: string): TemplateDef | undefined {
  return LIBRARY[locale]?.find((d) => d.key === key);
}

/** True when a stored template is a built-in exactly as the library ships it. */
export function isUnchangedBuiltin(t: StoredTemplate): boolean {
  const lib = libraryTemplate(t.key, t.locale);
  if (!lib || !t.pre_approved) return false;
  return (
    lib.name === t.name &&
    lib.stage === t.stage &&
    BODY_FIELDS.every((f) => (lib[f] ?? null) === (t[f] ?? null))
  );
}

function templateDoc(t: StoredTemplate): TemplateDoc {
  if (isUnchangedBuiltin(t)) return { key: t.key, locale: t.locale };
  const d: TemplateDoc = {
    key: t.key,
    locale: t.locale,
    stage: t.stage,
    name: t.name,
    pre_approved: t.pre_approved,
  };
  for (const f of TEMPLATE_CHANNELS) {
    const v = f in t ? (t as unknown as Record<string, string | undefined>)[f] : undefined;
    if (typeof v === 'string') d[f] = v;
  }
  return d;
}

export function planDocument(
  data: PlanData,
  env: Record<string, string | undefined> = {},
): PlanDocument {
  const byId = new Map(data.people.map((p) => [p.id, p]));
  // The document refers to people by email, which must be unique in it. People who share an
  // email (the team API allows it) keep it on the first only; the others are named instead.
  const emailHolders = new Set<string>();
  const seenEmails = new Set<string>();
  for (const p of data.people) {
    const k = p.email?.toLowerCase();
    if (!k || seenEmails.has(k)) continue;
    seenEmails.add(k);
    emailHolders.add(p.id);
  }
  const ref = (p: Person): string => (emailHolders.has(p.id) ? personRef(p) : p.name);
  const doc = (p: Person): PersonDoc => {
    const d = personDoc(p);
    if (!emailHolders.has(p.id)) delete d.email;
    return d;
  };
  const settings: Record<string, string | number | boolean> = {};
  for (const k of PLAN_SETTING_KEYS) {
    const v = data.settings[k];
    if (v === undefined) continue;
    if (PERSON_SETTINGS.has(k)) {
      // an owner who has been deleted owns nothing: leave the setting out
      const p = byId.get(v);
      if (p) settings[k] = ref(p);
    } else if (BOOLEAN_SETTINGS.has(k)) settings[k] = v === 'true';
    else settings[k] = NUMBER_SETTINGS.has(k) ? Number(v) : v;
  }
  const roles: Record<string, RoleDoc> = {};
  for (const r of data.roles) {
    const doc: RoleDoc = r.builtin
      ? { rotation: [] }
      : { name: r.name, ...(r.description ? { description: r.description } : {}), rotation: [] };
    doc.rotation = [...r.rotation]
      .sort((a, b) => a.position - b.position)
      .map((m) => ref(byId.get(m.id) ?? m));
    roles[r.key] = doc;
  }
  const severities: Record<string, SeverityDoc> = {};
  for (const s of data.severities) {
    severities[s.key] = {
      name: s.name,
      description: s.description,
      settings: normaliseSettings(s.settings),
    };
  }
  const templates = [...data.templates]
    .sort((a, b) => a.key.localeCompare(b.key) || a.locale.localeCompare(b.locale))
    .map(templateDoc);
  return {
    flare_plan: 1,
    settings,
    fallback_providers: fallbackProviders(env),
    regions: (data.regions ?? []).map((r) => ({
      key: r.key,
      name: r.name,
      time_zone: r.time_zone,
      hours: r.hours,
    })),
    team: data.people.map(doc),
    roles,
    tiers: [...data.tiers],
    key_accounts: { tiers: [...data.keyRule.tiers], criticality: [...data.keyRule.criticality] },
    audiences: data.audiences.map(audienceDoc),
    briefing: {
      say: [...data.briefing.say],
      avoid: [...data.briefing.avoid],
      faq: Object.fromEntries(
        Object.entries(data.briefing.faq).map(([stage, items]) => [
          stage,
          items.map(({ q, a }) => ({ q, a })),
        ]),
      ),
    },
    severities,
    templates,
    sla_policies: data.slaPolicies.map(slaPolicyDoc),
  };
}

/** A policy in the schema's key order, so documents compare and diff cleanly. */
export function slaPolicyDoc(p: SlaPolicy): SlaPolicy {
  return {
    key: p.key,
    name: p.name,
    tiers: [...p.tiers],
    account_ids: [...p.account_ids],
    target: p.target,
    credits: p.credits.map((c) => ({ below: c.below, percent: c.percent })),
    partial_outage_weight: p.partial_outage_weight,
    exclude_maintenance: p.exclude_maintenance,
    goodwill: p.goodwill.map((g) =>
      JSON.parse(
        JSON.stringify({
          severity: g.severity,
          tiers: g.tiers,
          over_minutes: g.over_minutes,
          percent: g.percent,
          amount: g.amount,
        }),
      ),
    ),
  };
}
