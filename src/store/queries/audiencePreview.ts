/**
 * How many contacts a notice to some audiences would reach: in all, per audience, per channel,
 * and which key accounts are among them. Built only from the SQL expansion uses
 * (audienceSql.ts), over the same rows, so the preview's numbers are the deliveries queued.
 */
import { sql } from 'kysely';
import type { KeyAccountRule, ResolvedTarget } from '../../domain/audience.js';
import type { Db } from '../db.js';
import { audienceContactsSql, matchSql, targetSql } from './audienceSql.js';

export interface AudiencePreview {
  /** contacts reached, each once whatever the number of audiences it is in */
  total: number;
  audiences: { key: string; contacts: number }[];
  /** contacts reached per channel, e.g. {email: 12, sms: 3} */
  channels: Record<string, number>;
  /** key accounts with a contact reached, by name (at most KEY_ACCOUNTS_LISTED) */
  key_accounts: { id: string; name: string }[];
  key_accounts_total: number;
}

export const KEY_ACCOUNTS_LISTED = 100;

export async function audiencePreview(
  db: Db,
  targets: readonly ResolvedTarget[],
  componentIds: readonly string[],
  keyRule: KeyAccountRule,
): Promise<AudiencePreview> {
  // the very fragment expansion queues deliveries from: accounts a join subscribers s where …
  const from = audienceContactsSql(targets, componentIds, keyRule);
  const perAudience = targets.map(
    (t, i) =>
      sql`sum(case when ${targetSql(t, componentIds, keyRule)} then 1 else 0 end) as ${sql.ref(`a${i}`)}`,
  );
  const counts = await sql<Record<string, number | string | null>>`
    select count(*) as total${perAudience.length ? sql`, ${sql.join(perAudience)}` : sql``}
    from ${from}`.execute(db);
  const row = counts.rows[0] ?? {};

  const channels = await sql<{ channel: string; n: number | string }>`
    select s.channel as channel, count(*) as n from ${from}
    group by s.channel order by s.channel`.execute(db);

  const isKey = matchSql({ key_only: true }, componentIds, keyRule);
  const keyTotal = await sql<{ n: number | string }>`
    select count(distinct a.id) as n from ${from} and ${isKey}`.execute(db);
  const keyAccounts = await sql<{ id: string; name: string }>`
    select a.id as id, a.name as name from ${from} and ${isKey}
    group by a.id, a.name order by a.name, a.id limit ${KEY_ACCOUNTS_LISTED}`.execute(db);

  return {
    total: Number(row.total ?? 0),
    audiences: targets.map((t, i) => ({ key: t.key, contacts: Number(row[`a${i}`] ?? 0) })),
    channels: Object.fromEntries(channels.rows.map((r) => [r.channel, Number(r.n)])),
    key_accounts: keyAccounts.rows.map((r) => ({ id: r.id, name: r.name })),
    key_accounts_total: Number(keyTotal.rows[0]?.n ?? 0),
  };
}
