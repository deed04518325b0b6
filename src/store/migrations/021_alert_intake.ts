import type { Kysely } from 'kysely';

/**
 * Alert intake (issue #13 part 1): monitoring integrations that open draft incidents.
 * - alert_integrations: one per monitor an admin connects; its URL secret and, for PagerDuty,
 *   its signing secret are sealed (lib/secretBox.ts), never stored in clear.
 * - alert_receipts: every signed webhook as it came (nothing lost), processed after it is stored.
 * - alert_groups: one per group of alerts (vendor group key, fingerprint, or the mapping's
 *   grouping). `open_key` is the group key while the group is open and NULL once closed; it is
 *   unique per integration, so two concurrent alerts of one group can never open two drafts.
 * - alert_members: each alert (fingerprint) of a group and whether it is firing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alert_integrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('signing_secret_sealed', 'text')
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('alert_receipts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('alert_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  await db.schema
    .createIndex('alert_receipts_pending')
    .on('alert_receipts')
    .columns(['processed', 'next_attempt_at'])
    .execute();
  await db.schema
    .createTable('alert_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('open_key', 'text')
    // held | opening | open | flapped | closed
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('severity', 'text')
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('components', 'text', (c) => c.notNull()) // JSON {component_id: status}
    .addColumn('publish', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hold_until', 'text')
    .addColumn('alert_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('firing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('resolution_proposed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // NULLs never collide (SQLite and PostgreSQL alike): closed groups are free
  await db.schema
    .createIndex('alert_groups_open_key')
    .on('alert_groups')
    .columns(['integration_id', 'open_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('alert_groups_state')
    .on('alert_groups')
    .columns(['state', 'hold_until'])
    .execute();
  await db.schema
    .createTable('alert_members')
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_members_pk', ['group_id', 'fingerprint'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('alert_members').ifExists().execute();
  await db.schema.dropTable('alert_groups').ifExists().execute();
  await db.schema.dropTable('alert_receipts').ifExists().execute();
  await db.schema.dropTable('alert_integrations').ifExists().execute();
}
