/**
 * The briefing pack (issue #11 part 1): what the customer-facing team (support, sales, account
 * managers) needs to tell customers the same thing — the public statement word for word, what to
 * say and not to say, approved answers, who is affected, when the next update is due, and whom
 * to escalate to. Pure: built from plain inputs, validated here, compared as text.
 */

import {
  type BriefingDefaults,
  briefingDefaults,
  DEFAULT_BRIEFING_ROLES,
  DEFAULT_READ_MINUTES,
  defaultFaq,
} from './briefingDefaults.js';

export interface FaqItem {
  q: string;
  a: string;
}

export interface KeyAccount {
  id: string;
  name: string;
  tier: string;
}

export interface EscalationContact {
  role_key: string;
  role_name: string;
  person_id: string;
  name: string;
  email: string | null;
  phone: string | null;
}

export type EditableField = 'say' | 'avoid' | 'faq';

export interface BriefingPack {
  incident_name: string;
  /** the lifecycle stage of the latest public update (investigating, identified, ...) */
  stage: string;
  statement: string;
  statement_at: string | null;
  say: string[];
  avoid: string[];
  faq: FaqItem[];
  next_update_at: string | null;
  affected: {
    components: string[];
    accounts_by_tier: Record<string, number>;
    key_accounts: KeyAccount[];
  };
  escalation_contacts: EscalationContact[];
  /** the lists someone edited for this incident: they carry over to later versions */
  edited: EditableField[];
  /** who this version is pushed to (person ids), fixed when it is made */
  recipients: string[];
}

export function briefingRoles(setting: string | undefined): string[] {
  const keys = (setting ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  return keys.length ? keys : [...DEFAULT_BRIEFING_ROLES];
}

export function readMinutes(setting: string | undefined): number {
  const n = Number(setting);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_READ_MINUTES;
}

export interface PackInputs {
  incident: { name: string; status: string; next_update_at: string | null };
  update: { status: string; body: string; created_at: string } | null;
  components: string[];
  accounts: { id: string; name: string; tier: string; key: boolean }[];
  contacts: EscalationContact[];
  recipients: string[];
  /** the previous version: its edited lists carry over */
  previous?: BriefingPack;
  /** the plan's wording (default: the built-in one) */
  defaults?: BriefingDefaults;
}

/** A new pack from the incident as it stands; lists edited for the incident are kept. */
export function buildPack(i: PackInputs): BriefingPack {
  const stage = i.update?.status ?? i.incident.status;
  const prev = i.previous;
  const edited = prev?.edited ?? [];
  const keep = (f: EditableField) => prev !== undefined && edited.includes(f);
  const plan = i.defaults ?? briefingDefaults();
  const byTier: Record<string, number> = {};
  for (const a of i.accounts) byTier[a.tier] = (byTier[a.tier] ?? 0) + 1;
  return {
    incident_name: i.incident.name,
    stage,
    statement: i.update?.body ?? '',
    statement_at: i.update?.created_at ?? null,
    say: keep('say') ? [...prev!.say] : [...plan.say],
    avoid: keep('avoid') ? [...prev!.avoid] : [...plan.avoid],
    faq: keep('faq') ? prev!.faq.map((f) => ({ ...f })) : defaultFaq(stage, plan.faq),
    next_update_at: i.incident.next_update_at,
    affected: {
      components: [...i.components],
      accounts_by_tier: byTier,
      key_accounts: i.accounts
        .filter((a) => a.key)
        .map(({ id, name, tier }) => ({ id, name, tier })),
    },
    escalation_contacts: i.contacts,
    edited: [...edited],
    recipients: [...i.recipients],
  };
}

export const LIMITS = { items: 30, line: 500, question: 300, answer: 2000 } as const;

export interface BriefingEdit {
  say?: string[];
  avoid?: string[];
  faq?: FaqItem[];
}

/** Checks an edit; the problems by field (`say[2]`, `faq[0].a`), empty when it is fine. */
export function editProblems(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { body: 'must be an object with say, avoid or faq' };
  const body = raw as Record<string, unknown>;
  for (const k of Object.keys(body))
    if (!['say', 'avoid', 'faq'].includes(k)) out[k] = 'is not a briefing field (say, avoid, faq)';
  if (body.say === undefined && body.avoid === undefined && body.faq === undefined)
    out.body = 'give at least one of say, avoid or faq';
  for (const f of ['say', 'avoid'] as const) {
    const v = body[f];
    if (v === undefined) continue;
    if (!Array.isArray(v)) {
      out[f] = 'must be a list of lines';
      continue;
    }
    if (v.length > LIMITS.items) out[f] = `must have at most ${LIMITS.items} lines`;
    v.forEach((line, n) => {
      if (typeof line !== 'string' || !line.trim()) out[`${f}[${n}]`] = 'must be non-empty text';
      else if (line.length > LIMITS.line)
        out[`${f}[${n}]`] = `must be at most ${LIMITS.line} characters`;
    });
  }
  const faq = body.faq;
  if (faq !== undefined) {
    if (!Array.isArray(faq)) out.faq = 'must be a list of {q, a}';
    else {
      if (faq.length > LIMITS.items) out.faq = `must have at most ${LIMITS.items} questions`;
      faq.forEach((item, n) => {
        if (typeof item !== 'object' || item === null) {
          out[`faq[${n}]`] = 'must be {q, a}';
          return;
        }
        const { q, a, ...rest } = item as Record<string, unknown>;
        for (const k of Object.keys(rest)) out[`faq[${n}].${k}`] = 'is not allowed (only q and a)';
        if (typeof q !== 'string' || !q.trim()) out[`faq[${n}].q`] = 'must be a question';
        else if (q.length > LIMITS.question)
          out[`faq[${n}].q`] = `must be at most ${LIMITS.question} characters`;
        if (typeof a !== 'string' || !a.trim()) out[`faq[${n}].a`] = 'must be an answer';
        else if (a.length > LIMITS.answer)
          out[`faq[${n}].a`] = `must be at most ${LIMITS.answer} characters`;
      });
    }
  }
  return out;
}

/** The pack with an edit applied (assumes editProblems found nothing). */
export function applyEdit(pack: BriefingPack, e: BriefingEdit): BriefingPack {
  const edited = new Set(pack.edited);
  const next = { ...pack };
  if (e.say) {
    next.say = e.say.map((s) => s.trim());
    edited.add('say');
  }
  if (e.avoid) {
    next.avoid = e.avoid.map((s) => s.trim());
    edited.add('avoid');
  }
  if (e.faq) {
    next.faq = e.faq.map((f) => ({ q: f.q.trim(), a: f.a.trim() }));
    edited.add('faq');
  }
  next.edited = [...edited].sort();
  return next;
}

/** The pack as plain text, one fact a line: what two versions are compared on. */
export function packText(p: BriefingPack): string {
  const lines = [`Statement (${p.stage}):`, ...p.statement.split(/\r?\n/), ''];
  lines.push('Say:', ...p.say.map((s) => `- ${s}`), '');
  lines.push('Avoid:', ...p.avoid.map((s) => `- ${s}`), '');
  lines.push('FAQ:', ...p.faq.flatMap((f) => [`Q: ${f.q}`, `A: ${f.a}`]), '');
  lines.push(`Next update: ${p.next_update_at ?? 'none promised'}`);
  lines.push(`Components: ${p.affected.components.join(', ') || 'none'}`);
  const tiers = Object.entries(p.affected.accounts_by_tier).map(([t, n]) => `${t} ${n}`);
  lines.push(`Accounts: ${tiers.join(', ') || 'none'}`);
  lines.push(`Key accounts: ${p.affected.key_accounts.map((a) => a.name).join(', ') || 'none'}`);
  lines.push(
    `Escalate to: ${p.escalation_contacts.map((c) => `${c.role_name}: ${c.name}`).join('; ') || 'nobody assigned'}`,
  );
  return lines.join('\n');
}

/** What is due for a version `minutes` after it was made: reminders, then the escalation. */
export function followUpsDue(
  createdAt: string,
  now: Date,
  minutes: number,
): { remind: boolean; escalate: boolean } {
  const waited = now.getTime() - Date.parse(createdAt);
  return { remind: waited >= minutes * 60_000, escalate: waited >= 2 * minutes * 60_000 };
}
