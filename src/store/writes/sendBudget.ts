import { sql } from 'kysely';
import type { Db } from '../db.js';

/**
 * Takes one unit of a fixed-window budget (`max` per `windowMs`) for `key`, atomically: one
 * upsert that starts a new window when the old one is over, and returns the units used. True
 * when this call was within the budget. Safe under concurrency on SQLite and PostgreSQL.
 */
export async function takeSendBudget(
  db: Db,
  key: string,
  at: string,
  max: number,
  windowMs: number,
): Promise<boolean> {
  const cutoff = new Date(Date.parse(at) - windowMs).toISOString();
  const row = await db
    .insertInto('send_budgets')
    .values({ key, window_start: at, used: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        used: sql<number>`case when send_budgets.window_start <= ${cutoff} then 1 else send_budgets.used + 1 end`,
        window_start: sql<string>`case when send_budgets.window_start <= ${cutoff} then ${at} else send_budgets.window_start end`,
      }),
    )
    .returning('used')
    .executeTakeFirstOrThrow();
  return Number(row.used) <= max;
}
