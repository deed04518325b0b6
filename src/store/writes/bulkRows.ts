/**
 * Many rows in one INSERT. On PostgreSQL as `SELECT * FROM unnest($1::text[], …)`: one
 * parameter per column, so the server parses and plans a short statement instead of one with a
 * parameter per value (23,000 for 1,000 contacts), which cost more than the insert itself. On
 * SQLite as a multi-row VALUES whose text is built once per shape (table, row count, tail) and
 * whose statement the driver keeps prepared (store/db.ts): building it through Kysely's query
 * builder for every batch of 1,000 rows cost about a tenth of an import.
 */
import { CompiledQuery, type RawBuilder, sql } from 'kysely';
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
  const end = tail.compile(db);
  const text = sqliteInsert(table, columns, rows.length, end.sql);
  const names = columns.map(([c]) => c);
  const width = names.length;
  const params: unknown[] = new Array(rows.length * width + end.parameters.length);
  let k = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    for (let j = 0; j < width; j++) params[k++] = r[names[j]] ?? null;
  }
  for (const p of end.parameters) params[k++] = p;
  return (await db.executeQuery<R>(CompiledQuery.raw(text, params))).rows;
}

/** The SQL of a SQLite multi-row insert of this shape, kept for the next batch of the same size. */
const shapes = new Map<string, string>();
function sqliteInsert(
  table: string,
  columns: readonly (readonly [string, ColumnType])[],
  count: number,
  tail: string,
): string {
  const key = `${table}\n${count}\n${tail}`;
  let text = shapes.get(key);
  if (!text) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    const names = columns.map(([c]) => `"${c}"`).join(', ');
    text = `insert into "${table}" (${names}) values ${Array(count).fill(row).join(', ')} ${tail}`;
    if (shapes.size >= 64) shapes.delete(shapes.keys().next().value as string);
    shapes.set(key, text);
  }
  return text;
}
