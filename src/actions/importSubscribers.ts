import { randomInt } from 'node:crypto';
import type { Insertable } from 'kysely';
import { newId } from '../lib/ids.js';
import type { Db } from '../store/db.js';
import { hashToken } from '../store/queries/tokens.js';
import type { SubscriberTable } from '../store/schema.js';
import { type Ctx, inTransaction, type Tx } from './context.js';
import { enqueueConfirmation } from './createSubscriber.js';
import { type ImportRow, prepareRows, type ReadyRow, type Rejected } from './shared/importRows.js';
import { setComponents } from './shared/subscriberAccess.js';
import { newWebhookSecret } from './shared/subscriberChecks.js';

export type { ImportRow, Rejected };

/** Rows per transaction: a failure loses at most one chunk, and memory stays flat. */
export const IMPORT_CHUNK = 1000;

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  rejected: Rejected[];
}

/**
 * Imports subscribers from rows of a file. Rows are deduplicated by channel and address, within
 * the file and against the database: a new address is added, a known one gets the row's
 * components, locale and time zone. A row marked confirmed (or all rows, with `confirmed`)
 * needs no opt-in and re-activates an unsubscribed address; other new email and SMS addresses
 * are sent a confirmation. One audit entry per chunk records its counts.
 */
export async function importSubscribers(
  ctx: Ctx,
  rows: ImportRow[],
  opts: { confirmed?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportResult> {
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, rejected: [] };
  const { ready, rejected } = await prepareRows(ctx, rows, opts.confirmed ?? false);
  result.rejected = rejected;
  let done = rejected.length;
  opts.onProgress?.(done, rows.length);
  for (let i = 0; i < ready.length; i += IMPORT_CHUNK) {
    const chunk = ready.slice(i, i + IMPORT_CHUNK);
    const counts = await inTransaction(ctx, { scope: 'write' }, (tx) =>
      importChunk(ctx, tx, chunk),
    );
    result.created += counts.created;
    result.updated += counts.updated;
    result.unchanged += counts.unchanged;
    done += chunk.length;
    opts.onProgress?.(done, rows.length);
  }
  if (ready.length === 0 && rejected.length > 0) {
    await inTransaction(ctx, { scope: 'write' }, (tx) =>
      tx.audit({
        action: 'subscriber.import',
        entityType: 'subscriber',
        entityId: null,
        after: { created: 0, updated: 0, unchanged: 0, rejected: rejected.length },
      }),
    );
  }
  return result;
}

async function importChunk(ctx: Ctx, tx: Tx, chunk: ReadyRow[]) {
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const existing = await loadExisting(tx.db, chunk);
  const fresh: ReadyRow[] = [];
  for (const r of chunk) {
    const old = existing.get(`${r.channel}\n${r.key}`);
    if (!old) fresh.push(r);
    else if (await updateOne(tx, r, old.row, old.components)) counts.updated++;
    else counts.unchanged++;
  }
  await insertMany(ctx, tx, fresh);
  counts.created = fresh.length;
  await tx.audit({
    action: 'subscriber.import',
    entityType: 'subscriber',
    entityId: null,
    after: {
      lines: [chunk[0].line, chunk[chunk.length - 1].line],
      ...counts,
      // rejected rows never reach a chunk; the summary has them
    },
  });
  return counts;
}

type Existing = Map<string, { row: SubscriberTable; components: string[] }>;

async function loadExisting(db: Db, chunk: ReadyRow[]): Promise<Existing> {
  const out: Existing = new Map();
  const keys = [...new Set(chunk.map((r) => r.key))];
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('subscribers')
      .selectAll()
      .where('address_key', 'in', keys.slice(i, i + 500))
      .execute();
    for (const row of rows) out.set(`${row.channel}\n${row.address_key}`, { row, components: [] });
  }
  const ids = [...out.values()].map((e) => e.row.id);
  const byId = new Map([...out.values()].map((e) => [e.row.id, e]));
  for (let i = 0; i < ids.length; i += 500) {
    const cs = await db
      .selectFrom('subscriber_components')
      .selectAll()
      .where('subscriber_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const c of cs) byId.get(c.subscriber_id)?.components.push(c.component_id);
  }
  return out;
}

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** Applies a row to a known subscriber; true when anything changed. */
async function updateOne(
  tx: Tx,
  r: ReadyRow,
  old: SubscriberTable,
  oldComponents: string[],
): Promise<boolean> {
  const reactivate = r.confirmed && (old.state === 'unsubscribed' || old.state === 'pending');
  const next = {
    all_components: r.components.length ? 0 : 1,
    locale: r.locale ?? old.locale,
    time_zone: r.time_zone ?? old.time_zone,
    state: reactivate ? 'active' : old.state,
  };
  const componentsChanged = r.components.length
    ? old.all_components === 1 || !sameSet(r.components, oldComponents)
    : old.all_components !== 1;
  const changed =
    componentsChanged ||
    next.locale !== old.locale ||
    next.time_zone !== old.time_zone ||
    next.state !== old.state;
  if (!changed) return false;
  await tx.db
    .updateTable('subscribers')
    .set({
      ...next,
      updated_at: tx.at,
      ...(reactivate
        ? {
            unsubscribed_at: null,
            confirmed_at: old.confirmed_at ?? tx.at,
            confirm_code_hash: null,
          }
        : {}),
    })
    .where('id', '=', old.id)
    .execute();
  if (componentsChanged) await setComponents(tx.db, old.id, r.components);
  return true;
}

async function insertMany(ctx: Ctx, tx: Tx, fresh: ReadyRow[]): Promise<void> {
  const values: Insertable<SubscriberTable>[] = [];
  const confirmations: { id: string; channel: string; code: string | null }[] = [];
  for (const r of fresh) {
    const id = newId();
    const optIn = (r.channel === 'email' || r.channel === 'sms') && !r.confirmed;
    const code =
      optIn && r.channel === 'sms' ? String(randomInt(0, 1_000_000)).padStart(6, '0') : null;
    if (optIn) confirmations.push({ id, channel: r.channel, code });
    values.push({
      id,
      channel: r.channel,
      address: r.address,
      address_key: r.key,
      all_components: r.components.length ? 0 : 1,
      state: optIn ? 'pending' : 'active',
      confirm_code_hash: code ? hashToken(`${id}:${code}`) : null,
      confirm_attempts: 0,
      secret: r.channel === 'webhook' ? newWebhookSecret() : null,
      contact_email: null,
      locale: r.locale ?? 'en',
      time_zone: r.time_zone ?? null,
      audience: 'public',
      consecutive_failures: 0,
      source: 'import',
      created_at: tx.at,
      updated_at: tx.at,
      confirmed_at: optIn ? null : tx.at,
      unsubscribed_at: null,
      disabled_reason: null,
    });
  }
  // 20 columns a row: 250 rows keep well under either engine's limit on bound parameters
  for (let i = 0; i < values.length; i += 250) {
    await tx.db
      .insertInto('subscribers')
      .values(values.slice(i, i + 250))
      .execute();
  }
  const links = fresh.flatMap((r, i) =>
    r.components.map((component_id) => ({ subscriber_id: values[i].id, component_id })),
  );
  for (let i = 0; i < links.length; i += 1000) {
    await tx.db
      .insertInto('subscriber_components')
      .values(links.slice(i, i + 1000))
      .execute();
  }
  for (const c of confirmations) {
    await enqueueConfirmation(tx.db, ctx, c.id, c.channel, c.code, tx.at);
  }
}
