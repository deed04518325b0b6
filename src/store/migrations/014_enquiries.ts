import type { Kysely } from 'kysely';

/**
 * Enquiries (issue #11): what customers say back, by any channel. The raw payload is stored
 * first (`processed` = 0) in its own transaction, then matched, linked and scored; a row whose
 * processing failed stays and is retried from `next_attempt_at`. Replies are their own rows
 * (an email reply waits in `pending` for the worker to send it), and the prompts to the comms
 * lead (volume spike, negative run) are recorded so each fires once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('enquiries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // api | console | zendesk | smtp | …
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text') // the email Message-ID a reply threads to
    .addColumn('raw', 'text', (c) => c.notNull()) // the payload as received (JSON)
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('incident_id', 'text')
    .addColumn('incident_pinned', 'integer', (c) => c.notNull().defaultTo(0)) // given or relinked by staff
    .addColumn('account_id', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('key_account', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sentiment', 'real')
    .addColumn('sentiment_score', 'integer')
    .addColumn('negative', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull()) // new | answered | escalated | closed
    .addColumn('escalation', 'text') // key_account | negative_critical
    .addColumn('first_response_at', 'text')
    .execute();
  for (const [name, cols] of [
    ['enquiries_by_incident', ['incident_id', 'id']],
    ['enquiries_by_status', ['status', 'id']],
    ['enquiries_by_channel', ['channel', 'id']],
    ['enquiries_pending', ['processed', 'next_attempt_at']],
    ['enquiries_by_incident_time', ['incident_id', 'received_at', 'id']],
  ] as const)
    await db.schema
      .createIndex(name)
      .on('enquiries')
      .columns([...cols])
      .execute();

  await db.schema
    .createTable('enquiry_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enquiry_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text')
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('in_reply_to', 'text')
    .addColumn('state', 'text', (c) => c.notNull()) // pending | sent | failed | manual
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('message_id', 'text')
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('enquiry_replies_by_enquiry')
    .on('enquiry_replies')
    .columns(['enquiry_id', 'id'])
    .execute();
  await db.schema
    .createIndex('enquiry_replies_due')
    .on('enquiry_replies')
    .columns(['state', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('enquiry_prompts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // spike | negative_run
    .addColumn('person_id', 'text')
    .addColumn('draft', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('enquiry_prompts_by_incident')
    .on('enquiry_prompts')
    .columns(['incident_id', 'kind', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['enquiry_prompts', 'enquiry_replies', 'enquiries'])
    await db.schema.dropTable(t).ifExists().execute();
}
