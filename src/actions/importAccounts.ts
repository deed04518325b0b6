/**
 * Bulk sync of accounts and their contacts from a CRM export: a CSV file (one row per contact)
 * or a JSON array (one element per account), read as a stream. Accounts are upserted by
 * external_id and contacts by channel and address, 5,000 accounts per transaction with
 * multi-row `INSERT … ON CONFLICT` statements, and one audit entry per batch: memory stays flat
 * however long the file is.
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import { KEY_PATTERN } from '../domain/audience.js';
import { invalid } from '../domain/errors.js';
import { CsvError, type CsvRecord } from '../lib/csv.js';
import { csvRecordGroups } from '../lib/csvStream.js';
import { newId } from '../lib/ids.js';
import { JsonArrayError, jsonArrayElements } from '../lib/jsonArrayStream.js';
import type { Engine } from '../store/db.js';
import { getTiers } from '../store/queries/audiences.js';
import { addressKey } from '../store/queries/subscribers.js';
import { insertRows } from '../store/writes/bulkRows.js';
import { importAccount } from './accountInputs.js';
import { type Ctx, inTransaction, requireScope, type Tx } from './context.js';
import { emailAddress, phoneNumber } from './inputs.js';
import { CONTACT_SOURCE } from './shared/accountChecks.js';
import { componentResolver } from './shared/importRows.js';

/**
 * Accounts per transaction: each commit costs the pages it wrote, so fewer, larger batches
 * import faster, while the write lock is still held for only a fraction of a second at a time.
 */
export const ACCOUNT_BATCH = 5000;
/**
 * Rows a statement: 2,000 accounts (13 columns) or contacts (14) stay under SQLite's limit of
 * 32,766 bound parameters.
 */
const ROWS_PER_INSERT = 2000;
/** At most this many rejections are listed; `rejected_total` counts them all. */
export const MAX_REJECTED_LISTED = 10_000;
/** The largest body an import reads. */
export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;

export const ACCOUNT_CSV_COLUMNS = [
  'external_id',
  'name',
  'tier',
  'criticality',
  'region',
  'time_zone',
  'locale',
  'account_manager',
  'tags',
  'mrr',
  'components',
  'contact_name',
  'contact_email',
  'contact_phone',
  'contact_role',
] as const;

export interface AccountRejected {
  /** CSV: the line in the file; JSON: the element's position in the array, from 1 */
  row: number;
  external_id: string | null;
  field: string;
  reason: string;
}

export interface AccountImportResult {
  created: number;
  updated: number;
  /** contacts added or linked (an address already subscribed is linked to its account) */
  contacts: number;
  rejected: AccountRejected[];
  rejected_total: number;
}

export interface AccountImportOptions {
  format: 'csv' | 'json';
  maxBytes?: number;
  /** after each batch: rows (CSV lines or JSON elements) read so far */
  onProgress?: (rows: number) => void;
}

interface ContactIn {
  row: number;
  channel: string;
  address: string;
  key: string;
  name: string | null;
  role: string | null;
}

interface Pending {
  row: number;
  external_id: string;
  /** the validated account, or null when only contacts are added (the account came earlier) */
  account: AccountRow | null;
  components?: string[];
  contacts: ContactIn[];
  rejected: boolean;
}

interface AccountRow {
  name: string;
  tier: string;
  criticality: string;
  region: string | null;
  time_zone: string | null;
  locale: string | null;
  account_manager_id: string | null;
  tags: string;
  mrr: number | null;
}

type Json = Record<string, unknown>;

export async function importAccounts(
  ctx: Ctx,
  body: AsyncIterable<Buffer | string>,
  opts: AccountImportOptions,
): Promise<AccountImportResult> {
  requireScope(ctx.actor, 'write');
  const result: AccountImportResult = {
    created: 0,
    updated: 0,
    contacts: 0,
    rejected: [],
    rejected_total: 0,
  };
  const reject = (r: AccountRejected) => {
    result.rejected_total++;
    if (result.rejected.length < MAX_REJECTED_LISTED) result.rejected.push(r);
  };
  const check = await checker(ctx);
  /** external ids of accounts written in earlier batches: later rows only add contacts */
  const done = new Set<string>();
  let batch = new Map<string, Pending>();
  let rows = 0;
  let batches = 0;

  /**
   * The batch being written. The next batch is read and checked meanwhile: on PostgreSQL the
   * server writes while Flare reads; on SQLite the driver is synchronous and nothing overlaps.
   * Batches are written one at a time, in order.
   */
  let writing: Promise<void> | undefined;
  const flush = async () => {
    if (batch.size === 0) return;
    const pending = [...batch.values()];
    batch = new Map();
    // later rows of these accounts only add contacts, even before the batch is written
    for (const p of pending) if (!p.rejected) done.add(p.external_id);
    const rowsRead = rows;
    await writing;
    writing = inTransaction(ctx, { scope: 'write' }, (tx) =>
      writeBatch(tx, pending, rowsRead, ctx.store.engine),
    ).then((counts) => {
      batches++;
      result.created += counts.created;
      result.updated += counts.updated;
      result.contacts += counts.contacts;
      opts.onProgress?.(rowsRead);
    });
    // a failure is thrown by the next await of `writing`, not reported as unhandled meanwhile
    writing.catch(() => {});
  };

  try {
    const incoming =
      opts.format === 'csv'
        ? csvAccounts(limitBytes(body, opts.maxBytes ?? IMPORT_MAX_BYTES))
        : jsonAccounts(limitBytes(body, opts.maxBytes ?? IMPORT_MAX_BYTES));
    for await (const group of incoming)
      for (const inc of group) {
        rows++;
        if (inc.unreadable) {
          reject(inc.unreadable);
          continue;
        }
        const extId = typeof inc.value.external_id === 'string' ? inc.value.external_id.trim() : '';
        const known = batch.get(extId);
        if (!known && batch.size >= ACCOUNT_BATCH) await flush();
        const p = batch.get(extId);
        if (p || done.has(extId)) {
          // a further row of an account: only its contact counts
          const target = p ?? {
            row: inc.row,
            external_id: extId,
            account: null,
            contacts: [],
            rejected: false,
          };
          if (!p) batch.set(extId, target);
          if (target.rejected) {
            reject({
              row: inc.row,
              external_id: extId,
              field: 'external_id',
              reason: `the account on row ${target.row} was rejected`,
            });
            continue;
          }
          addContacts(target, inc, reject);
          continue;
        }
        const account = check.account(inc, reject);
        const pend: Pending = {
          row: inc.row,
          external_id: extId,
          account: account?.row ?? null,
          components: account?.components,
          contacts: [],
          rejected: !account,
        };
        if (extId) batch.set(extId, pend);
        if (account) addContacts(pend, inc, reject);
      }
    await flush();
    await writing;
  } catch (err) {
    // a batch that failed to write matters more than what went wrong reading after it
    const failedWrite = await writing?.then(
      () => null,
      (e: unknown) => e,
    );
    if (failedWrite && failedWrite !== err) throw failedWrite;
    if (err instanceof CsvError)
      throw invalid({ [`line ${err.line}`]: err.message.replace(/^line \d+: /, '') }, err.message);
    if (err instanceof JsonArrayError) throw invalid({ '(body)': err.message });
    throw err;
  }
  if (batches === 0) {
    await inTransaction(ctx, { scope: 'write' }, (tx) =>
      tx.audit({
        action: 'account.import',
        entityType: 'account',
        entityId: null,
        after: { rows, created: 0, updated: 0, contacts: 0, rejected: result.rejected_total },
      }),
    );
  }
  return result;
}

interface Incoming {
  row: number;
  /** the account's own fields */
  value: Json;
  /** its contacts, as given (checked by addContacts) */
  contacts: unknown;
  /** how to name a field of the row: CSV columns, or the JSON path */
  name: (path: string) => string;
  /** which optional parts the row carries */
  hasComponents: boolean;
  /** the line cannot be read as an account: rejected in its turn, so rejections stay in file order */
  unreadable?: AccountRejected;
}

/** Stops reading past `max` bytes. */
async function* limitBytes(source: AsyncIterable<Buffer | string>, max: number) {
  let n = 0;
  for await (const chunk of source) {
    n += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (n > max) throw invalid({ '(body)': `is larger than ${Math.round(max / 1024 / 1024)} MB` });
    yield chunk;
  }
}

const CSV_NAMES: Record<string, string> = {
  account_manager_id: 'account_manager',
  'contacts.0.name': 'contact_name',
  'contacts.0.email': 'contact_email',
  'contacts.0.phone': 'contact_phone',
  'contacts.0.role': 'contact_role',
};
const csvName = (path: string) => CSV_NAMES[path] ?? path.replace(/\.\d+$/, '');

async function* csvAccounts(source: AsyncIterable<Buffer | string>): AsyncGenerator<Incoming[]> {
  let columns: string[] | undefined;
  for await (const records of csvRecordGroups(source)) {
    const group: Incoming[] = [];
    for (const rec of records) {
      if (!columns) columns = csvHeader(rec.cells);
      else group.push(csvRow(columns, rec));
    }
    yield group;
  }
  if (!columns) throw invalid({ '(body)': 'is empty: the CSV needs a header row' });
}

function csvHeader(cells: string[]): string[] {
  const columns = cells.map((c) => c.trim().toLowerCase());
  const unknown = columns.find((c) => !(ACCOUNT_CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown)
    throw invalid({
      [`column "${unknown}"`]: `is not one Flare knows (use ${ACCOUNT_CSV_COLUMNS.join(', ')})`,
    });
  const missing = ['external_id', 'name', 'tier'].find((c) => !columns.includes(c));
  if (missing) throw invalid({ header: `needs a ${missing} column` });
  return columns;
}

/** One CSV line as an account with at most one contact. */
function csvRow(columns: string[], rec: CsvRecord): Incoming {
  const f: Record<string, string> = {};
  for (let k = 0; k < columns.length; k++) f[columns[k]] = (rec.cells[k] ?? '').trim();
  if (rec.cells.length > columns.length)
    return {
      row: rec.line,
      value: {},
      contacts: [],
      name: csvName,
      hasComponents: false,
      unreadable: {
        row: rec.line,
        external_id: f.external_id || null,
        field: '(row)',
        reason: `has ${rec.cells.length} fields but the header has ${columns.length}`,
      },
    };
  const value: Json = { external_id: f.external_id, name: f.name, tier: f.tier };
  if (f.criticality) value.criticality = f.criticality.toLowerCase();
  if (f.region) value.region = f.region;
  if (f.time_zone) value.time_zone = f.time_zone;
  if (f.locale) value.locale = f.locale;
  if (f.account_manager) value.account_manager = f.account_manager;
  value.tags = list(f.tags);
  if (f.mrr) {
    const n = Number(f.mrr);
    value.mrr = Number.isFinite(n) ? n : f.mrr;
  }
  if (f.components !== undefined) value.components = list(f.components);
  const contact: Json = {};
  let given = false;
  for (const k of ['name', 'email', 'phone', 'role'] as const) {
    const cell = f[`contact_${k}`];
    if (cell) {
      contact[k] = cell;
      given = true;
    }
  }
  return {
    row: rec.line,
    value,
    contacts: given ? [contact] : [],
    name: csvName,
    hasComponents: f.components !== undefined,
  };
}

const list = (cell: string | undefined) => {
  const out: string[] = [];
  if (!cell) return out;
  for (const part of cell.split(';')) {
    const item = part.trim();
    if (item) out.push(item);
  }
  return out;
};

async function* jsonAccounts(source: AsyncIterable<Buffer | string>): AsyncGenerator<Incoming[]> {
  for await (const el of jsonArrayElements(source)) {
    const given =
      el.value && typeof el.value === 'object' && !Array.isArray(el.value)
        ? (el.value as Json)
        : { '(element)': el.value };
    const { contacts, ...value } = given;
    yield [
      {
        row: el.index + 1,
        value,
        contacts,
        name: (p) => p,
        hasComponents: 'components' in value,
      },
    ];
  }
}

/** The row's checks against the plan: zod, then tiers, people and components. */
async function checker(ctx: Ctx) {
  const db = ctx.store.db;
  const tiers = new Set(await getTiers(db));
  const people = await db.selectFrom('people').select(['id', 'email']).execute();
  const personIds = new Set(people.map((p) => p.id));
  const personByEmail = new Map(
    people.filter((p) => p.email).map((p) => [p.email!.toLowerCase(), p.id]),
  );
  const component = await componentResolver(ctx);
  const accountOnly = importAccount.omit({ contacts: true });

  const account = (
    inc: Incoming,
    reject: (r: AccountRejected) => void,
  ): { row: AccountRow; components?: string[] } | null => {
    const fields = inc.value;
    const extId = typeof fields.external_id === 'string' ? fields.external_id : null;
    const problems: [string, string][] = [];
    const parsed = accountOnly.safeParse(fields);
    if (!parsed.success) problems.push(...zodProblems(parsed.error, inc.name, fields));
    const v = parsed.success ? parsed.data : undefined;
    let manager: string | null = null;
    let components: string[] | undefined;
    if (v) {
      if (!tiers.has(v.tier))
        problems.push([
          inc.name('tier'),
          `"${v.tier}" is not a tier of the plan (${[...tiers].join(', ')})`,
        ]);
      const ref = v.account_manager_id ?? v.account_manager;
      if (ref) {
        manager = personIds.has(ref) ? ref : (personByEmail.get(ref.toLowerCase()) ?? null);
        if (!manager)
          problems.push([
            inc.name(v.account_manager_id ? 'account_manager_id' : 'account_manager'),
            `${ref} is not a known person id or email`,
          ]);
      }
      if (inc.hasComponents) {
        components = [];
        for (const c of v.components ?? []) {
          const id = component(c);
          if (typeof id === 'string') components.push(id);
          else problems.push([inc.name('components'), id.error]);
        }
        components = [...new Set(components)];
      }
    }
    if (problems.length || !v) {
      const seen = new Set<string>();
      for (const [field, reason] of problems)
        if (!seen.has(field)) {
          seen.add(field);
          reject({ row: inc.row, external_id: extId, field, reason });
        }
      return null;
    }
    return {
      row: {
        name: v.name,
        tier: v.tier,
        criticality: v.criticality ?? 'normal',
        region: v.region ?? null,
        time_zone: v.time_zone ?? null,
        locale: v.locale ?? null,
        account_manager_id: manager,
        tags: JSON.stringify([...new Set(v.tags ?? [])]),
        mrr: v.mrr ?? null,
      },
      components,
    };
  };
  return { account };
}

function zodProblems(
  err: z.ZodError,
  name: (p: string) => string,
  given: Json,
): [string, string][] {
  const out: [string, string][] = [];
  for (const issue of err.issues) {
    const path = issue.path.join('.') || '(row)';
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys)
        out.push([name(path === '(row)' ? k : `${path}.${k}`), 'is not a known field']);
      continue;
    }
    // zod does not say whether the value was missing or of the wrong type: look
    const msg =
      issue.code === 'invalid_type' && valueAt(given, issue.path) === undefined
        ? 'is required'
        : issue.message;
    out.push([name(path), msg]);
  }
  return out;
}

function valueAt(given: Json, path: PropertyKey[]): unknown {
  let v: unknown = given;
  for (const k of path) {
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** Checks a row's contacts and adds them to the account's. */
function addContacts(p: Pending, inc: Incoming, reject: (r: AccountRejected) => void) {
  const contacts = inc.contacts;
  if (contacts === undefined) return;
  if (!Array.isArray(contacts)) {
    reject({
      row: inc.row,
      external_id: p.external_id,
      field: inc.name('contacts'),
      reason: 'must be a list',
    });
    return;
  }
  for (const [i, raw] of contacts.entries()) {
    const at = (f: string) => inc.name(`contacts.${i}.${f}`);
    const bad = (field: string, reason: string) =>
      reject({ row: inc.row, external_id: p.external_id, field, reason });
    if (!raw || typeof raw !== 'object') {
      bad(inc.name(`contacts.${i}`), 'must be an object');
      continue;
    }
    const c = raw as Json;
    const unknown = Object.keys(c).find((k) => !['name', 'email', 'phone', 'role'].includes(k));
    if (unknown) {
      bad(at(unknown), 'is not a known field');
      continue;
    }
    const str = (k: string) => (typeof c[k] === 'string' ? (c[k] as string).trim() : undefined);
    const role = str('role')?.toLowerCase() || null;
    if (role && !KEY_PATTERN.test(role)) {
      bad(at('role'), 'must be lower-case letters, digits, _ or - (up to 64)');
      continue;
    }
    const name = str('name')?.slice(0, 200) || null;
    const email = str('email');
    const phone = str('phone');
    if (!email && !phone) {
      bad(at('email'), 'a contact needs an email or a phone number');
      continue;
    }
    for (const [channel, field, address] of [
      ['email', 'email', email],
      ['sms', 'phone', phone],
    ] as const) {
      if (!address) continue;
      const ok = (channel === 'email' ? emailAddress : phoneNumber).safeParse(address);
      if (!ok.success) {
        bad(at(field), ok.error.issues[0]?.message ?? 'is not valid');
        continue;
      }
      p.contacts.push({
        row: inc.row,
        channel,
        address,
        key: addressKey(channel, address),
        name,
        role,
      });
    }
  }
}

const ACCOUNT_COLUMNS = [
  ['id', 'text'],
  ['external_id', 'text'],
  ['name', 'text'],
  ['tier', 'text'],
  ['criticality', 'text'],
  ['region', 'text'],
  ['time_zone', 'text'],
  ['locale', 'text'],
  ['account_manager_id', 'text'],
  ['tags', 'text'],
  ['mrr', 'real'],
  ['created_at', 'text'],
  ['updated_at', 'text'],
] as const;

/**
 * The columns a new contact sets; the rest take the table's defaults (all components, the
 * public audience, no failures, no secret, no confirmation code), which binds 14 values a row
 * instead of 23.
 */
const CONTACT_COLUMNS = [
  ['id', 'text'],
  ['channel', 'text'],
  ['address', 'text'],
  ['address_key', 'text'],
  ['state', 'text'],
  ['locale', 'text'],
  ['time_zone', 'text'],
  ['source', 'text'],
  ['created_at', 'text'],
  ['updated_at', 'text'],
  ['confirmed_at', 'text'],
  ['account_id', 'text'],
  ['contact_role', 'text'],
  ['contact_name', 'text'],
] as const;

async function writeBatch(tx: Tx, pending: Pending[], rowsSoFar: number, engine: Engine) {
  const counts = { created: 0, updated: 0, contacts: 0 };
  const ids = new Map<string, string>();
  const upserts = pending.filter((p) => !p.rejected && p.account);
  if (upserts.length) {
    const fresh = new Set<string>();
    const values = upserts.map((p) => {
      const a = p.account!;
      const id = newId();
      fresh.add(id);
      return {
        id,
        external_id: p.external_id,
        name: a.name,
        tier: a.tier,
        criticality: a.criticality,
        region: a.region,
        time_zone: a.time_zone,
        locale: a.locale,
        account_manager_id: a.account_manager_id,
        tags: a.tags,
        mrr: a.mrr,
        created_at: tx.at,
        updated_at: tx.at,
      };
    });
    const returned: { id: string; external_id: string | null }[] = [];
    for (let i = 0; i < values.length; i += ROWS_PER_INSERT)
      returned.push(
        ...(await insertRows<{ id: string; external_id: string | null }>(
          tx.db,
          engine,
          'accounts',
          ACCOUNT_COLUMNS,
          values.slice(i, i + ROWS_PER_INSERT),
          sql`on conflict (external_id) do update set
        name = excluded.name, tier = excluded.tier, criticality = excluded.criticality,
        region = excluded.region, time_zone = excluded.time_zone, locale = excluded.locale,
        account_manager_id = excluded.account_manager_id, tags = excluded.tags,
        mrr = excluded.mrr, updated_at = excluded.updated_at
      returning id, external_id`,
        )),
      );
    for (const r of returned) {
      ids.set(r.external_id!, r.id);
      if (fresh.has(r.id)) counts.created++;
      else counts.updated++;
    }
  }
  const later = pending.filter((p) => !p.rejected && !p.account).map((p) => p.external_id);
  if (later.length) {
    const rows = await tx.db
      .selectFrom('accounts')
      .select(['id', 'external_id'])
      .where('external_id', 'in', later)
      .execute();
    for (const r of rows) ids.set(r.external_id!, r.id);
  }

  const withFootprint = upserts.filter((p) => p.components !== undefined);
  if (withFootprint.length) {
    const accountIds = withFootprint.map((p) => ids.get(p.external_id)!);
    await tx.db.deleteFrom('account_components').where('account_id', 'in', accountIds).execute();
    const links = withFootprint.flatMap((p) =>
      p.components!.map((component_id) => ({ account_id: ids.get(p.external_id)!, component_id })),
    );
    for (let i = 0; i < links.length; i += 5000)
      await insertRows(
        tx.db,
        engine,
        'account_components',
        [
          ['account_id', 'text'],
          ['component_id', 'text'],
        ],
        links.slice(i, i + 5000),
        sql`on conflict do nothing`,
      );
  }

  // one row per address: the last mention in the batch wins
  const contacts = new Map<string, Record<string, unknown>>();
  for (const p of pending) {
    const account_id = ids.get(p.external_id);
    if (!account_id || p.rejected) continue;
    // a new contact speaks its account's language and lives in its time zone
    const locale = p.account?.locale ?? 'en';
    const time_zone = p.account?.time_zone ?? null;
    for (const c of p.contacts)
      contacts.set(`${c.channel}\n${c.key}`, {
        id: newId(),
        channel: c.channel,
        address: c.address,
        address_key: c.key,
        state: 'active',
        locale,
        time_zone,
        source: CONTACT_SOURCE,
        created_at: tx.at,
        updated_at: tx.at,
        confirmed_at: tx.at,
        account_id,
        contact_role: c.role,
        contact_name: c.name,
      });
  }
  const rows = [...contacts.values()];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await insertRows(
      tx.db,
      engine,
      'subscribers',
      CONTACT_COLUMNS,
      rows.slice(i, i + ROWS_PER_INSERT),
      sql`on conflict (channel, address_key) do update set
        account_id = excluded.account_id,
        contact_role = coalesce(excluded.contact_role, subscribers.contact_role),
        contact_name = coalesce(excluded.contact_name, subscribers.contact_name),
        updated_at = excluded.updated_at`,
    );
  }
  counts.contacts = rows.length;
  await tx.audit({
    action: 'account.import',
    entityType: 'account',
    entityId: null,
    after: {
      first_row: pending[0].row,
      rows_read: rowsSoFar,
      ...counts,
      accounts: upserts.length,
    },
  });
  return counts;
}
