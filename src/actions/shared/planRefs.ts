/**
 * Checks that a plan document holds together: unique people, rotations and owners that name
 * someone on the team, severities that call roles the plan has, and templates that are whole
 * and parse. Pure: it reads the parsed document only.
 */
import { matchProblems } from '../../domain/audience.js';
import { BUILTIN_ROLE_KEYS } from '../../domain/team.js';
import { TEMPLATE_CHANNELS, type TemplateDef } from '../../domain/templates.js';
import { libraryTemplate } from '../../present/planDocument.js';
import { variablesUsed } from '../../templates/render.js';
import type { PlanInput } from '../planSchema.js';

export interface RefProblem {
  path: (string | number)[];
  message: string;
}

type TeamMember = { name: string; email?: string | null };

/** Finds a person by email (any case), then by name. Ambiguous names resolve to nothing. */
export function resolvePerson<T extends TeamMember>(
  team: T[],
  ref: string,
): { person?: T; problem?: string } {
  const lower = ref.trim().toLowerCase();
  const byEmail = team.find((p) => p.email && p.email.toLowerCase() === lower);
  if (byEmail) return { person: byEmail };
  const byName = team.filter((p) => p.name.trim().toLowerCase() === lower);
  if (byName.length === 1) return { person: byName[0] };
  if (byName.length > 1)
    return { problem: `is ambiguous: ${byName.length} people are named ${ref}; use an email` };
  return { problem: `${ref} is not on the team (use an email or name from team:)` };
}

const REQUIRED_BODY = ['stage', 'name', 'page', 'sms', 'social'] as const;

export function checkPlanRefs(plan: PlanInput): RefProblem[] {
  const out: RefProblem[] = [];
  const team = plan.team ?? [];
  const emails = new Map<string, number>();
  team.forEach((p, i) => {
    if (!p.email) return;
    const k = p.email.toLowerCase();
    const first = emails.get(k);
    if (first !== undefined)
      out.push({ path: ['team', i, 'email'], message: `duplicates the email of team.${first}` });
    else emails.set(k, i);
  });

  if (plan.regions) {
    const keys = new Map<string, number>();
    plan.regions.forEach((r, i) => {
      const first = keys.get(r.key);
      if (first !== undefined)
        out.push({ path: ['regions', i, 'key'], message: `duplicates regions.${first}` });
      else keys.set(r.key, i);
    });
    team.forEach((p, i) => {
      if (p.region && !keys.has(p.region))
        out.push({
          path: ['team', i, 'region'],
          message: `no region ${JSON.stringify(p.region)}: add it under regions:`,
        });
    });
  }

  for (const [key, role] of Object.entries(plan.roles)) {
    const builtin = BUILTIN_ROLE_KEYS.has(key);
    if (builtin && role?.name !== undefined)
      out.push({
        path: ['roles', key, 'name'],
        message: 'is fixed for a built-in role; leave it out',
      });
    if (builtin && role?.description !== undefined)
      out.push({
        path: ['roles', key, 'description'],
        message: 'is fixed for a built-in role; leave it out',
      });
    if (!builtin && !role?.name)
      out.push({ path: ['roles', key], message: 'is a custom role, so it needs a name' });
    const seen = new Set<string>();
    (role?.rotation ?? []).forEach((ref, i) => {
      const r = resolvePerson(team, ref);
      const at = ['roles', key, 'rotation', i];
      if (r.problem) out.push({ path: at, message: r.problem });
      else if (seen.has(r.person!.name + (r.person!.email ?? '')))
        out.push({ path: at, message: `names ${ref} twice in one rotation` });
      if (r.person) seen.add(r.person.name + (r.person.email ?? ''));
    });
  }

  const roles = new Set([...BUILTIN_ROLE_KEYS, ...Object.keys(plan.roles)]);
  for (const [key, sev] of Object.entries(plan.severities)) {
    sev.settings.calledRoles.forEach((r, i) => {
      if (!roles.has(r))
        out.push({
          path: ['severities', key, 'settings', 'calledRoles', i],
          message: `${r} is not a role in this plan (add it under roles:)`,
        });
    });
  }

  for (const k of ['briefing_owner', 'debrief_owner'] as const) {
    const ref = plan.settings?.[k];
    const problem = ref ? resolvePerson(team, ref).problem : undefined;
    if (problem) out.push({ path: ['settings', k], message: problem });
  }

  out.push(...checkTemplates(plan));
  out.push(...checkAudiences(plan));
  return out;
}

/** What the plan's tiers and audiences are when the document leaves them out. */
export interface StoredAudiences {
  tiers: string[];
  audiences: string[];
}

/**
 * Audiences select tiers the plan has, the key-account rule names tiers it has, and each
 * severity notifies audiences it has. A document that leaves out its tiers or its audiences
 * keeps the stored ones: pass them as `stored` to check against them (without, those checks
 * are left to the import, which reads them).
 */
export function checkAudiences(plan: PlanInput, stored?: StoredAudiences): RefProblem[] {
  const out: RefProblem[] = [];
  const tiers = plan.tiers ?? stored?.tiers;
  if (tiers) {
    const list = tiers.join(', ');
    (plan.key_accounts?.tiers ?? []).forEach((t, i) => {
      if (!tiers.includes(t))
        out.push({
          path: ['key_accounts', 'tiers', i],
          message: `"${t}" is not a tier of the plan (${list})`,
        });
    });
    (plan.audiences ?? []).forEach((a, i) => {
      for (const [field, message] of Object.entries(matchProblems(a.match, tiers)))
        if (field === 'tiers') out.push({ path: ['audiences', i, 'match', field], message });
    });
  }
  const seen = new Map<string, number>();
  (plan.audiences ?? []).forEach((a, i) => {
    const first = seen.get(a.key);
    if (first !== undefined)
      out.push({ path: ['audiences', i, 'key'], message: `duplicates audiences.${first}` });
    else seen.set(a.key, i);
  });
  const audiences = plan.audiences ? [...seen.keys()] : stored?.audiences;
  if (audiences) {
    const known = new Set(audiences);
    for (const [key, sev] of Object.entries(plan.severities))
      (sev.settings.notify ?? []).forEach((t, i) => {
        if (!known.has(t.audience))
          out.push({
            path: ['severities', key, 'settings', 'notify', i, 'audience'],
            message: `${t.audience} is not an audience of the plan (add it under audiences:)`,
          });
      });
  }
  return out;
}

function checkTemplates(plan: PlanInput): RefProblem[] {
  const out: RefProblem[] = [];
  const seen = new Map<string, number>();
  (plan.templates ?? []).forEach((t, i) => {
    const id = `${t.key}:${t.locale}`;
    if (seen.has(id)) {
      out.push({
        path: ['templates', i, 'key'],
        message: `duplicates templates.${seen.get(id)} (${t.key} in ${t.locale})`,
      });
      return;
    }
    seen.set(id, i);
    const given = Object.keys(t).filter((k) => k !== 'key' && k !== 'locale');
    if (given.length === 0) {
      if (!libraryTemplate(t.key, t.locale))
        out.push({
          path: ['templates', i],
          message: `refers to a built-in template ${t.key} in ${t.locale} that Flare does not ship; give its stage, name, page, sms and social`,
        });
      return;
    }
    for (const f of REQUIRED_BODY) {
      if (t[f] === undefined) out.push({ path: ['templates', i, f], message: 'is required' });
    }
    if (REQUIRED_BODY.some((f) => t[f] === undefined)) return;
    const bad = new Set<string>();
    for (const ch of TEMPLATE_CHANNELS) {
      const field = t[ch] !== undefined ? ch : 'page';
      if (bad.has(field)) continue;
      try {
        variablesUsed(t as TemplateDef, ch);
      } catch (err) {
        bad.add(field);
        const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
        out.push({ path: ['templates', i, field], message: `is not valid Liquid: ${why}` });
      }
    }
  });
  return out;
}
