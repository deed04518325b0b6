/** The whole comms plan read in one go (for export, versions and readiness), and its versions. */
import type { AudienceDefinition, KeyAccountRule } from '../../domain/audience.js';
import type { BriefingDefaults } from '../../domain/briefingDefaults.js';
import { PLAN_SETTING_KEYS, type PlanSettingKey } from '../../domain/planSettings.js';
import type { SlaPolicy } from '../../domain/sla.js';
import type { Db } from '../db.js';
import { getKeyRule, getTiers, listAudiences } from './audiences.js';
import { getBriefingDefaults } from './briefings.js';
import { listRegions, type Region } from './handovers.js';
import { listSlaPolicies } from './sla.js';
import {
  listPeople,
  listRoles,
  listSeverities,
  type Person,
  type Role,
  type Severity,
} from './team.js';
import { listTemplates, type StoredTemplate } from './templates.js';

export interface PlanData {
  people: Person[];
  roles: Role[];
  severities: Severity[];
  templates: StoredTemplate[];
  settings: Partial<Record<PlanSettingKey, string>>;
  /** account tiers, highest first */
  tiers: string[];
  keyRule: KeyAccountRule;
  audiences: AudienceDefinition[];
  briefing: BriefingDefaults;
  /** the team's regions (follow the sun) */
  regions: Region[];
  slaPolicies: SlaPolicy[];
}

export async function loadPlanSettings(db: Db): Promise<Partial<Record<PlanSettingKey, string>>> {
  const rows = await db
    .selectFrom('plan_settings')
    .select(['key', 'value'])
    .where('key', 'in', PLAN_SETTING_KEYS)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

/** Reads the plan. Pass a transaction's db to read what it has written so far. */
export async function loadPlan(db: Db): Promise<PlanData> {
  const people = await listPeople(db);
  const roles = await listRoles(db);
  const severities = await listSeverities(db);
  const templates = await listTemplates(db);
  const settings = await loadPlanSettings(db);
  const tiers = await getTiers(db);
  const keyRule = await getKeyRule(db);
  const audiences = await listAudiences(db);
  const briefing = await getBriefingDefaults(db);
  const regions = await listRegions(db);
  const slaPolicies = await listSlaPolicies(db);
  return {
    people,
    roles,
    severities,
    templates,
    settings,
    tiers,
    keyRule,
    audiences,
    briefing,
    regions,
    slaPolicies,
  };
}

export interface PlanVersionInfo {
  version: number;
  changed_by: string;
  summary: string;
  at: string;
}

export interface PlanVersion extends PlanVersionInfo {
  document: string;
}

export async function listPlanVersions(db: Db, limit = 100): Promise<PlanVersionInfo[]> {
  const rows = await db
    .selectFrom('plan_versions')
    .select(['version', 'changed_by', 'summary', 'at'])
    .orderBy('version', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, version: Number(r.version) }));
}

export async function getPlanVersion(db: Db, version: number): Promise<PlanVersion | undefined> {
  const r = await db
    .selectFrom('plan_versions')
    .select(['version', 'changed_by', 'summary', 'at', 'document'])
    .where('version', '=', version)
    .executeTakeFirst();
  return r ? { ...r, version: Number(r.version) } : undefined;
}

export async function latestPlanVersion(db: Db): Promise<number> {
  const r = await db
    .selectFrom('plan_versions')
    .select((e) => e.fn.max('version').as('v'))
    .executeTakeFirst();
  return r?.v === null || r?.v === undefined ? 0 : Number(r.v);
}
