/** Versioned migrations, run at start and by `flare migrate`. Add a file and a line below. */
import { type Migration, type MigrationResultSet, Migrator, PostgresAdapter, sql } from 'kysely';
import type { Db } from './db.js';
import * as m001 from './migrations/001_core.js';
import * as m002 from './migrations/002_delivery.js';
import * as m003 from './migrations/003_plan.js';

const MIGRATIONS: Record<string, Migration> = {
  '001_core': m001,
  '002_delivery': m002,
  '003_plan': m003,
};

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    // Kysely looks for its migration tables in every schema unless told which one; name the
    // current one, or a schema of its own sees another schema's tables and never creates its own.
    migrationTableSchema: await currentSchema(db),
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(
      `migration ${failed?.migrationName ?? '?'} failed: ${(result.error as Error).message ?? result.error}`,
    );
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The PostgreSQL schema new tables go to (first of search_path); undefined on SQLite. */
async function currentSchema(db: Db): Promise<string | undefined> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return undefined;
  const r = await sql<{ s: string }>`select current_schema() as s`.execute(db);
  return r.rows[0]?.s;
}
