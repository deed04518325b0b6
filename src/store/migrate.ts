/** Versioned migrations, run at start and by `flare migrate`. Add a file and a line below. */
import { type Migration, type MigrationResultSet, Migrator } from 'kysely';
import type { Db } from './db.js';
import * as m001 from './migrations/001_core.js';

const MIGRATIONS: Record<string, Migration> = {
  '001_core': m001,
};

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
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
