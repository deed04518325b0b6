/**
 * Writes a checked plan document, inside the import's transaction, so that the plan matches
 * it: people matched by email, then by name; roles, rotations, severities, templates,
 * settings, account tiers and audiences replaced. Things the document leaves out are removed (built-ins are reset instead).
 */

import { invalid } from '../../domain/errors.js';
import { PERSON_SETTINGS, PLAN_SETTING_KEYS } from '../../domain/planSettings.js';
import { BUILTIN_ROLE_KEYS, BUILTIN_ROLES, canonicalHours } from '../../domain/team.js';
import type { TemplateDef } from '../../domain/templates.js';
import { newId } from '../../lib/ids.js';
import { libraryTemplate, normaliseMatch } from '../../present/planDocument.js';
import type { Db } from '../../store/db.js';
import {
  getKeyRule,
  KEY_RULE_SETTING,
  listAudiences,
  TIERS_SETTING,
} from '../../store/queries/audiences.js';
import { BRIEFING_SETTING } from '../../store/queries/briefings.js';
import type { Person } from '../../store/queries/team.js';
import { LIBRARY } from '../../templates/library/index.js';
import type { PlanInput, TemplateDocInput } from '../planSchema.js';
import { removePersonSubscribers, syncPersonSubscribers } from './personSubscribers.js';
import { resolvePerson } from './planRefs.js';

type Team = NonNullable<PlanInput['team']>;

/** Upserts the team; returns every person now on it. */
export async function applyPeople(db: Db, team: Team, at: string): Promise<Person[]> {
  const regions = new Set(
    (await db.selectFrom('regions').select('key').execute()).map((r) => r.key),
  );
  const left = await db
    .selectFrom('people')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const kept: Person[] = [];
  for (const p of team) {
    const email = p.email?.toLowerCase();
    let i = email ? left.findIndex((q) => q.email?.toLowerCase() === email) : -1;
    if (i < 0)
      i = left.findIndex((q) => q.name.trim().toLowerCase() === p.name.trim().toLowerCase());
    const before = i >= 0 ? left.splice(i, 1)[0] : undefined;
    const region = p.region === undefined ? (before?.region ?? null) : p.region;
    if (region && !regions.has(region))
      throw invalid({
        [`team.${kept.length}.region`]: `no region ${JSON.stringify(region)}: add it under regions:`,
      });
    const fields = {
      name: p.name,
      email: p.email ?? null,
      phone: p.phone ?? null,
      slack: p.slack ?? null,
      teams: p.teams ?? null,
      time_zone: p.time_zone ?? 'Etc/UTC',
      working_hours: canonicalHours(p.working_hours),
      region,
    };
    let row: Person;
    if (before) {
      row = { ...before, ...fields };
      const changed = (Object.keys(fields) as (keyof typeof fields)[]).some(
        (k) => before[k] !== fields[k],
      );
      if (changed) {
        row.updated_at = at;
        await db
          .updateTable('people')
          .set({ ...fields, updated_at: at })
          .where('id', '=', row.id)
          .execute();
      }
    } else {
      row = { id: newId(), ...fields, created_at: at, updated_at: at };
      await db.insertInto('people').values(row).execute();
    }
    await syncPersonSubscribers(db, row, at);
    kept.push(row);
  }
  for (const gone of left) {
    await db.deleteFrom('rotation_members').where('person_id', '=', gone.id).execute();
    await removePersonSubscribers(db, gone.id);
    await db.deleteFrom('people').where('id', '=', gone.id).execute();
  }
  return kept;
}

const idOf = (team: Person[], ref: string) => resolvePerson(team, ref).person!.id;

/** Custom roles added, renamed or removed; every rotation set (a built-in left out is emptied). */
export async function applyRoles(db: Db, roles: PlanInput['roles'], team: Person[]): Promise<void> {
  const existing = await db.selectFrom('roles').select(['key', 'builtin']).execute();
  const have = new Set(existing.map((r) => r.key));
  let position = BUILTIN_ROLES.length;
  for (const [key, role] of Object.entries(roles)) {
    if (BUILTIN_ROLE_KEYS.has(key)) continue;
    const row = {
      name: role?.name ?? key,
      description: role?.description ?? '',
      position: position++,
    };
    if (have.has(key)) await db.updateTable('roles').set(row).where('key', '=', key).execute();
    else
      await db
        .insertInto('roles')
        .values({ key, ...row, builtin: 0 })
        .execute();
  }
  for (const r of existing) {
    if (Number(r.builtin) === 1 || r.key in roles) continue;
    await db.deleteFrom('rotation_members').where('role_key', '=', r.key).execute();
    await db.deleteFrom('roles').where('key', '=', r.key).execute();
  }
  await db.deleteFrom('rotation_members').execute();
  const members = Object.entries(roles).flatMap(([key, role]) =>
    (role?.rotation ?? []).map((ref, i) => ({
      role_key: key,
      person_id: idOf(team, ref),
      position: i,
    })),
  );
  if (members.length) await db.insertInto('rotation_members').values(members).execute();
}

export async function applySeverities(
  db: Db,
  severities: PlanInput['severities'],
  at: string,
): Promise<void> {
  const existing = new Set(
    (await db.selectFrom('severities').select('key').execute()).map((s) => s.key),
  );
  let position = 0;
  for (const [key, s] of Object.entries(severities)) {
    const row = {
      name: s.name,
      description: s.description,
      position: position++,
      settings: JSON.stringify(s.settings),
      updated_at: at,
    };
    const old = existing.has(key)
      ? await db.selectFrom('severities').selectAll().where('key', '=', key).executeTakeFirst()
      : undefined;
    if (!old)
      await db
        .insertInto('severities')
        .values({ key, ...row })
        .execute();
    else if (
      old.name !== row.name ||
      old.description !== row.description ||
      Number(old.position) !== row.position ||
      old.settings !== row.settings
    )
      await db.updateTable('severities').set(row).where('key', '=', key).execute();
  }
  const gone = [...existing].filter((k) => !(k in severities));
  if (gone.length) await db.deleteFrom('severities').where('key', 'in', gone).execute();
}

function definition(t: TemplateDocInput): { def: TemplateDef; pre_approved: boolean } {
  const lib = libraryTemplate(t.key, t.locale);
  if (!t.stage) return { def: lib!, pre_approved: true };
  const { key, locale: _l, pre_approved, ...rest } = t;
  return {
    def: { ...(rest as Omit<TemplateDef, 'key'>), key },
    pre_approved: pre_approved ?? true,
  };
}

/** Custom and edited templates written; built-ins left out or referenced are reset to the library. */
export async function applyTemplates(
  db: Db,
  templates: TemplateDocInput[],
  at: string,
): Promise<void> {
  const want = new Map<string, { locale: string; def: TemplateDef; pre_approved: boolean }>();
  for (const [locale, defs] of Object.entries(LIBRARY))
    for (const d of defs) want.set(`${d.key}:${locale}`, { locale, def: d, pre_approved: true });
  for (const t of templates)
    want.set(`${t.key}:${t.locale}`, { locale: t.locale, ...definition(t) });
  const existing = await db.selectFrom('templates').selectAll().execute();
  for (const row of existing) {
    const w = want.get(`${row.key}:${row.locale}`);
    if (!w) await db.deleteFrom('templates').where('id', '=', row.id).execute();
  }
  const byId = new Map(existing.map((r) => [`${r.key}:${r.locale}`, r]));
  for (const [id, w] of want) {
    const { key, stage, name, ...renderings } = w.def;
    const row = {
      stage,
      name,
      pre_approved: w.pre_approved ? 1 : 0,
      builtin: libraryTemplate(key, w.locale) ? 1 : 0,
      renderings: JSON.stringify(renderings),
    };
    const old = byId.get(id);
    if (!old) {
      await db
        .insertInto('templates')
        .values({ id: newId(), key, locale: w.locale, ...row, created_at: at, updated_at: at })
        .execute();
    } else if (
      old.stage !== row.stage ||
      old.name !== row.name ||
      Number(old.pre_approved) !== row.pre_approved ||
      Number(old.builtin) !== row.builtin ||
      !sameJson(old.renderings, row.renderings)
    ) {
      await db
        .updateTable('templates')
        .set({ ...row, updated_at: at })
        .where('id', '=', old.id)
        .execute();
    }
  }
}

function sameJson(a: string, b: string): boolean {
  const norm = (s: string) =>
    JSON.stringify(
      Object.entries(JSON.parse(s) as object)
        .filter(([, v]) => v !== undefined)
        .sort(),
    );
  return norm(a) === norm(b);
}

/** Sets the plan settings the document gives and clears the rest; owners are stored as person ids. */
export async function applySettings(
  db: Db,
  settings: PlanInput['settings'],
  team: Person[],
): Promise<void> {
  for (const k of PLAN_SETTING_KEYS) {
    const v = settings?.[k];
    if (v === undefined) {
      await db.deleteFrom('plan_settings').where('key', '=', k).execute();
      continue;
    }
    const value = PERSON_SETTINGS.has(k) ? idOf(team, String(v)) : String(v);
    await db
      .insertInto('plan_settings')
      .values({ key: k, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
}

/** Sets the tiers and the key-account rule the document gives; a part it leaves out stays. */
export async function applyAccountTiers(
  db: Db,
  tiers: PlanInput['tiers'],
  keyRule: PlanInput['key_accounts'],
): Promise<void> {
  const put = async (key: string, value: unknown) => {
    const v = JSON.stringify(value);
    const old = await db
      .selectFrom('plan_settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    if (old?.value === v) return;
    await db
      .insertInto('plan_settings')
      .values({ key, value: v })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: v }))
      .execute();
  };
  if (tiers) await put(TIERS_SETTING, tiers);
  if (keyRule) await put(KEY_RULE_SETTING, keyRule);
  else if (tiers) {
    // a stored rule naming a tier now gone gives way to the default for the new tiers
    const rule = await getKeyRule(db);
    if (rule.tiers.some((t) => !tiers.includes(t)))
      await db.deleteFrom('plan_settings').where('key', '=', KEY_RULE_SETTING).execute();
  }
}

/** The document's briefing wording; a part it leaves out is the built-in one. None given: it stays. */
export async function applyBriefing(db: Db, briefing: PlanInput['briefing']): Promise<void> {
  if (!briefing) return;
  const v = JSON.stringify(briefing);
  await db
    .insertInto('plan_settings')
    .values({ key: BRIEFING_SETTING, value: v })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: v }))
    .execute();
}

/** The audiences made exactly the document's, in its order; none given: they stay as they are. */
export async function applyAudiences(
  db: Db,
  audiences: PlanInput['audiences'],
  at: string,
): Promise<void> {
  if (!audiences) return;
  const existing = new Map((await listAudiences(db)).map((a, i) => [a.key, { a, i }]));
  for (const [position, a] of audiences.entries()) {
    const row = {
      name: a.name,
      match: JSON.stringify(normaliseMatch(a.match)),
      channels: JSON.stringify(a.channels),
      outreach: a.outreach ? 1 : 0,
      private_page: a.private_page ? 1 : 0,
      position,
      updated_at: at,
    };
    const old = existing.get(a.key);
    if (!old) {
      await db
        .insertInto('audiences')
        .values({ key: a.key, ...row, created_at: at })
        .execute();
      continue;
    }
    const was = old.a;
    if (
      was.name !== row.name ||
      JSON.stringify(normaliseMatch(was.match)) !== row.match ||
      JSON.stringify(was.channels) !== row.channels ||
      was.outreach !== Boolean(row.outreach) ||
      was.private_page !== Boolean(row.private_page) ||
      old.i !== position
    )
      await db.updateTable('audiences').set(row).where('key', '=', a.key).execute();
  }
  const keep = new Set(audiences.map((a) => a.key));
  const gone = [...existing.keys()].filter((k) => !keep.has(k));
  if (gone.length) await db.deleteFrom('audiences').where('key', 'in', gone).execute();
}

/** The regions made exactly the document's, in its order; none given: they stay as they are. */
export async function applyRegions(
  db: Db,
  regions: PlanInput['regions'],
  at: string,
): Promise<void> {
  if (!regions) return;
  const existing = new Map(
    (await db.selectFrom('regions').selectAll().execute()).map((r) => [r.key, r]),
  );
  for (const [position, r] of regions.entries()) {
    const row = {
      name: r.name,
      time_zone: r.time_zone,
      hours: canonicalHours(r.hours) ?? r.hours,
      position,
    };
    const old = existing.get(r.key);
    if (!old)
      await db
        .insertInto('regions')
        .values({ key: r.key, ...row, updated_at: at })
        .execute();
    else if (
      old.name !== row.name ||
      old.time_zone !== row.time_zone ||
      old.hours !== row.hours ||
      Number(old.position) !== position
    )
      await db
        .updateTable('regions')
        .set({ ...row, updated_at: at })
        .where('key', '=', r.key)
        .execute();
  }
  const keep = new Set(regions.map((r) => r.key));
  const gone = [...existing.keys()].filter((k) => !keep.has(k));
  if (gone.length) {
    await db.updateTable('people').set({ region: null }).where('region', 'in', gone).execute();
    await db.deleteFrom('regions').where('key', 'in', gone).execute();
  }
}
