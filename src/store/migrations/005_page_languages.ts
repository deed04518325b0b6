import type { Kysely } from 'kysely';
import { DEFAULT_PAGE_LANGUAGES } from '../../domain/locale.js';

/** The languages the status page is offered in ("en,fr,de"), negotiated per reader. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('page')
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo(DEFAULT_PAGE_LANGUAGES))
    .execute();
}
