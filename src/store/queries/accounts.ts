/** Accounts (customers), their footprint and their contacts. */
import type { Db } from '../db.js';
import type { AccountTable } from '../schema.js';
import { type Subscriber, toSubscriber } from './subscribers.js';

export interface Account extends Omit<AccountTable, 'tags'> {
  tags: string[];
  /** the footprint: ids of the components it uses */
  components: string[];
}

export interface Contact extends Subscriber {
  account_id: string;
  contact_role: string | null;
  contact_name: string | null;
}

export function toAccount(r: AccountTable, components: string[]): Account {
  return { ...r, tags: JSON.parse(r.tags) as string[], components, mrr: r.mrr ?? null };
}

async function footprints(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('account_components')
      .selectAll()
      .where('account_id', 'in', ids.slice(i, i + 500))
      .orderBy('component_id')
      .execute();
    for (const r of rows) out.get(r.account_id)?.push(r.component_id);
  }
  return out;
}

export async function getAccount(db: Db, id: string): Promise<Account | undefined> {
  const r = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  return toAccount(r, (await footprints(db, [id])).get(id)!);
}

export interface AccountFilter {
  q?: string;
  tier?: string;
  criticality?: string;
  region?: string;
  tag?: string;
  limit?: number;
  after?: string;
}

/** Accounts by id, a page at a time; `q` searches the name and the external id. */
export async function listAccounts(db: Db, f: AccountFilter = {}): Promise<Account[]> {
  let q = db.selectFrom('accounts').selectAll();
  if (f.q) {
    const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['name']), 'like', eb.val(like)),
        eb(eb.fn('lower', ['external_id']), 'like', eb.val(like)),
      ]),
    );
  }
  if (f.tier) q = q.where('tier', '=', f.tier);
  if (f.criticality) q = q.where('criticality', '=', f.criticality);
  if (f.region) q = q.where('region', '=', f.region);
  // tags are a JSON array of keys (no quotes inside a key), so the quoted key is exact
  if (f.tag) q = q.where('tags', 'like', `%${JSON.stringify(f.tag)}%`);
  if (f.after) q = q.where('id', '>', f.after);
  const rows = await q
    .orderBy('id')
    .limit(f.limit ?? 100)
    .execute();
  const fp = await footprints(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toAccount(r, fp.get(r.id)!));
}

/** An account's contacts, oldest first. */
export async function listContacts(db: Db, accountId: string): Promise<Contact[]> {
  const rows = await db
    .selectFrom('subscribers')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
  return rows.map((r) => toContact(r));
}

export function toContact(r: Parameters<typeof toSubscriber>[0]): Contact {
  return {
    ...toSubscriber(r, []),
    components: null,
    account_id: r.account_id as string,
    contact_role: r.contact_role ?? null,
    contact_name: r.contact_name ?? null,
  };
}
