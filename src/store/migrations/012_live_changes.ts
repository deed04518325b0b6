import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Live console (ADR 0014): on PostgreSQL, every statement that writes audit rows sends
 * `NOTIFY flare_changes, '<schema>'` when its transaction commits, so a console in any process
 * hears of a change made by any other (API, CLI, worker). One notification per statement, and
 * PostgreSQL folds identical ones within a transaction, so a bulk import sends one. SQLite has no
 * such thing: the console polls the newest audit row instead (src/live/changeFeed.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create or replace function flare_notify_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('flare_changes', tg_table_schema);
  return null;
end $$`.execute(db);
  await sql`create trigger audit_log_notify after insert on audit_log
    for each statement execute function flare_notify_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop trigger if exists audit_log_notify on audit_log`.execute(db);
  await sql`drop function if exists flare_notify_change()`.execute(db);
}
