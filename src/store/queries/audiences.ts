/** The plan's audiences, its account tiers and which accounts are key. */
import {
  type AudienceDefinition,
  type AudienceMatch,
  DEFAULT_TIERS,
  defaultKeyRule,
  type KeyAccountRule,
} from '../../domain/audience.js';
import type { Db } from '../db.js';
import type { AudienceTable } from '../schema.js';

/** plan_settings keys holding the tiers (JSON array, highest first) and the key-account rule. */
export const TIERS_SETTING = 'account_tiers';
export const KEY_RULE_SETTING = 'key_accounts';

export function toAudience(r: AudienceTable): AudienceDefinition {
  return {
    key: r.key,
    name: r.name,
    match: JSON.parse(r.match) as AudienceMatch,
    channels: JSON.parse(r.channels) as string[],
    outreach: Boolean(r.outreach),
    private_page: Boolean(r.private_page),
  };
}

export async function listAudiences(db: Db): Promise<AudienceDefinition[]> {
  const rows = await db
    .selectFrom('audiences')
    .selectAll()
    .orderBy('position')
    .orderBy('key')
    .execute();
  return rows.map(toAudience);
}

export async function getAudience(db: Db, key: string): Promise<AudienceDefinition | undefined> {
  const r = await db.selectFrom('audiences').selectAll().where('key', '=', key).executeTakeFirst();
  return r ? toAudience(r) : undefined;
}

export async function jsonSetting<T>(db: Db, key: string): Promise<T | undefined> {
  const r = await db
    .selectFrom('plan_settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return r ? (JSON.parse(r.value) as T) : undefined;
}

/** The plan's tiers, highest first. */
export async function getTiers(db: Db): Promise<string[]> {
  return (await jsonSetting<string[]>(db, TIERS_SETTING)) ?? [...DEFAULT_TIERS];
}

/** Which accounts are key: by default the top tier and every critical account. */
export async function getKeyRule(db: Db): Promise<KeyAccountRule> {
  return (
    (await jsonSetting<KeyAccountRule>(db, KEY_RULE_SETTING)) ?? defaultKeyRule(await getTiers(db))
  );
}
