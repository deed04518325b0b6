/**
 * How many plain subscribers (people who subscribed on the status page or were added, not an
 * account's contacts) a public incident notice would reach, per channel. The same filters
 * expansion applies (dispatch/expand.ts): active, public, no account, subscribed to one of the
 * components (or all), on one of the severity's public channels, and, below the plan's most
 * severe level, not an email digest chooser (the component and digest fragments are expansion's
 * own, from audienceSql.ts). With the audience preview's contacts, these are
 * the deliveries a public notice queues for customers.
 */
import { sql } from 'kysely';
import type { Db } from '../db.js';
import { followsComponentsSql, notDigestEmailSql } from './audienceSql.js';
import { getSeverity, isTopSeverity } from './team.js';

export interface SubscriberReach {
  total: number;
  /** per channel, e.g. {email: 2, webhook: 1} */
  channels: Record<string, number>;
}

export async function plainSubscriberReach(
  db: Db,
  o: { componentIds: readonly string[]; severity?: string | null },
): Promise<SubscriberReach> {
  const sev = o.severity ? await getSeverity(db, o.severity) : undefined;
  const top = sev ? await isTopSeverity(db, sev.key) : false;
  const only = sev ? [...sev.settings.audiences.public] : null;
  const components = followsComponentsSql(o.componentIds);
  const channels = only ? sql`and s.channel in (${sql.join(only.length ? only : [''])})` : sql``;
  const digest = top ? sql`` : notDigestEmailSql;
  const r = await sql<{ channel: string; n: number | string }>`
    select s.channel as channel, count(*) as n from subscribers s
    where s.state = 'active' and s.audience = 'public' and s.account_id is null
    ${components} ${channels} ${digest}
    group by s.channel`.execute(db);
  const out: SubscriberReach = { total: 0, channels: {} };
  for (const row of r.rows) {
    const n = Number(row.n);
    out.channels[row.channel] = n;
    out.total += n;
  }
  return out;
}
