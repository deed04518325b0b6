/**
 * Many rows in one INSERT. On PostgreSQL as `SELECT * FROM unnest($1::text[], …)`: one
 * parameter per column, so the server parses and plans a short statement instead of one with a
 * parameter per value (23,000 for 1,000 contacts), which cost more than the insert itself. On
 * SQLite as Kysely's multi-row VALUES, whose statements the driver keeps prepared.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db, Engine } from '../db.js';
import type { Database } from '../schema.js';

export type ColumnType = 'text' | 'integer' | 'real';

/**
 * Inserts `rows` into `table` with `tail` after the rows (ON CONFLICT …, RETURNING …), and
 * answers the rows it returns.
 */
export async function insertRows<R>(
  db: Db,
  engine: Engine,
  table: keyof Database & string,
  columns: readonly (readonly [string, ColumnType])[],
  rows: readonly Record<string, unknown>[],
  tail: RawBuilder<unknown>,
): Promise<R[]> {
  if (rows.length === 0) return [];
  if (engine === 'postgres') {
    const names = sql.join(columns.map(([c]) => sql.ref(c)));
    const arrays = columns.map(([c, t]) => sql`${rows.map((r) => r[c] ?? null)}::${sql.raw(t)}[]`);
    const r = await sql<R>`insert into ${sql.table(table)} (${names})
      select * from unnest(${sql.join(arrays)}) ${tail}`.execute(db);
    return r.rows;
  }
  const q = db
    .insertInto(table)
    .values(rows as never)
    .modifyEnd(tail)
    .compile();
  return (await db.executeQuery<R>(q)).rows;
}
