import { type Kysely, sql } from 'kysely';

/**
 * Inbound email (issue #11): a reply threads to an enquiry by the Message-IDs in its In-Reply-To
 * and References, looked up in both enquiries and Flare's replies, so both are indexed. A message
 * that came in by email (SMTP listener or mailbox poll) is stored once per Message-ID: a sending
 * MTA's retry, or the same message both forwarded and polled, finds the row already there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('enquiries_by_message_id')
    .on('enquiries')
    .column('message_id')
    .execute();
  await db.schema
    .createIndex('enquiry_replies_by_message_id')
    .on('enquiry_replies')
    .column('message_id')
    .execute();
  await sql`create unique index enquiries_email_once on enquiries (message_id) where source in ('smtp', 'imap')`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'enquiries_email_once',
    'enquiry_replies_by_message_id',
    'enquiries_by_message_id',
  ])
    await db.schema.dropIndex(name).ifExists().execute();
}
