import type { Kysely } from 'kysely';

/**
 * Template versions: each saved wording of a template is kept (name, stage, renderings, who
 * saved it, when), so the console can list a template's versions and show what changed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('template_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('renderings', 'text', (c) => c.notNull()) // JSON: channel → Liquid source
    .addColumn('pre_approved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('template_versions_by_template')
    .on('template_versions')
    .columns(['template_id', 'version'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('template_versions').ifExists().execute();
}
