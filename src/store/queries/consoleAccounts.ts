/**
 * Reads for the console's Accounts screens: a filtered, paginated list (search by name or
 * external id; tier, criticality, region, tag), the values the filters offer, and one account
 * with its contacts, footprint and the incidents that touched that footprint. Set-based: the
 * counts are subqueries, nothing is fetched per account.
 */
import { sql } from 'kysely';
import type { AudienceDefinition } from '../../domain/audience.js';
import type { Db } from '../db.js';
import { targetSql } from './audienceSql.js';
import { getKeyRule } from './audiences.js';

export interface AccountFilter {
  /** part of the name or the external id, any case */
  q?: string;
  tier?: string;
  criticality?: string;
  region?: string;
  tag?: string;
  /** 1-based */
  page?: number;
  perPage?: number;
}

export interface AccountListRow {
  id: string;
  name: string;
  external_id: string | null;
  tier: string;
  criticality: string;
  region: string | null;
  tags: string[];
  manager: string | null;
  contacts: number;
  components: number;
}

export interface AccountList {
  rows: AccountListRow[];
  total: number;
  page: number;
  pages: number;
  perPage: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function parseTags(json: string | null): string[] {
  try {
    const v = JSON.parse(json ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function filtered(db: Db, f: AccountFilter) {
  let q = db.selectFrom('accounts as a');
  const term = f.q?.trim().toLowerCase();
  if (term) {
    const like = `%${escapeLike(term)}%`;
    q = q.where(
      sql<boolean>`(lower(a.name) like ${like} escape '\\' or lower(coalesce(a.external_id, '')) like ${like} escape '\\')`,
    );
  }
  if (f.tier) q = q.where('a.tier', '=', f.tier);
  if (f.criticality) q = q.where('a.criticality', '=', f.criticality);
  if (f.region) q = q.where('a.region', '=', f.region);
  if (f.tag) q = q.where(sql<boolean>`a.tags like ${`%"${escapeLike(f.tag)}"%`} escape '\\'`);
  return q;
}

/** One page of accounts matching the filter, by name. */
export async function listAccounts(db: Db, f: AccountFilter = {}): Promise<AccountList> {
  const perPage = Math.min(Math.max(f.perPage ?? 25, 1), 200);
  const totalRow = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const total = Number(totalRow?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(Math.max(Math.floor(f.page ?? 1), 1), pages);
  const rows = await filtered(db, f)
    .leftJoin('people as p', 'p.id', 'a.account_manager_id')
    .select([
      'a.id',
      'a.name',
      'a.external_id',
      'a.tier',
      'a.criticality',
      'a.region',
      'a.tags',
      'p.name as manager',
      sql<number>`(select count(*) from subscribers s where s.account_id = a.id)`.as('contacts'),
      sql<number>`(select count(*) from account_components ac where ac.account_id = a.id)`.as(
        'components',
      ),
    ])
    .orderBy(sql`lower(a.name)`)
    .orderBy('a.id')
    .limit(perPage)
    .offset((page - 1) * perPage)
    .execute();
  return {
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      external_id: r.external_id,
      tier: r.tier,
      criticality: r.criticality,
      region: r.region,
      tags: parseTags(r.tags),
      manager: r.manager ?? null,
      contacts: Number(r.contacts),
      components: Number(r.components),
    })),
    total,
    page,
    pages,
    perPage,
  };
}

export interface AccountFacets {
  tiers: string[];
  regions: string[];
  tags: string[];
  total: number;
}

/** The values the filters offer: tiers, regions and tags in use. */
export async function accountFacets(db: Db): Promise<AccountFacets> {
  const [tiers, regions, tagSets, total] = await Promise.all([
    db.selectFrom('accounts').select('tier').distinct().orderBy('tier').execute(),
    db
      .selectFrom('accounts')
      .select('region')
      .distinct()
      .where('region', 'is not', null)
      .orderBy('region')
      .execute(),
    // distinct tag lists are few even when accounts are many
    db.selectFrom('accounts').select('tags').distinct().limit(2000).execute(),
    db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  ]);
  const tags = new Set<string>();
  for (const r of tagSets) for (const t of parseTags(r.tags)) tags.add(t);
  return {
    tiers: tiers.map((r) => r.tier),
    regions: regions.map((r) => r.region).filter((r): r is string => Boolean(r)),
    tags: [...tags].sort(),
    total: Number(total?.n ?? 0),
  };
}

export interface AccountDetail {
  id: string;
  name: string;
  external_id: string | null;
  tier: string;
  criticality: string;
  region: string | null;
  time_zone: string | null;
  locale: string | null;
  tags: string[];
  mrr: number | null;
  account_manager_id: string | null;
  manager: { name: string; email: string | null; phone: string | null } | null;
  created_at: string;
  updated_at: string;
}

export interface AccountContact {
  id: string;
  name: string | null;
  role: string | null;
  channel: string;
  address: string;
  state: string;
}

export interface AccountIncident {
  id: string;
  name: string;
  status: string;
  severity: string | null;
  started_at: string;
  resolved_at: string | null;
  draft: boolean;
  /** the account's components this incident touched */
  components: string[];
}

export interface AccountView {
  account: AccountDetail;
  contacts: AccountContact[];
  components: { id: string; name: string }[];
  incidents: AccountIncident[];
}

/** One account with its contacts, footprint and the incidents that touched the footprint. */
export async function getAccountView(
  db: Db,
  id: string,
  incidentLimit = 50,
): Promise<AccountView | undefined> {
  const a = await db
    .selectFrom('accounts as a')
    .leftJoin('people as p', 'p.id', 'a.account_manager_id')
    .selectAll('a')
    .select(['p.name as m_name', 'p.email as m_email', 'p.phone as m_phone'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!a) return undefined;
  const [contacts, components, touched] = await Promise.all([
    db
      .selectFrom('subscribers')
      .select(['id', 'contact_name', 'contact_role', 'channel', 'address', 'state'])
      .where('account_id', '=', id)
      .orderBy('contact_role')
      .orderBy('contact_name')
      .orderBy('id')
      .limit(500)
      .execute(),
    db
      .selectFrom('account_components as ac')
      .innerJoin('components as c', 'c.id', 'ac.component_id')
      .select(['c.id', 'c.name'])
      .where('ac.account_id', '=', id)
      .orderBy('c.position')
      .orderBy('c.name')
      .execute(),
    db
      .selectFrom('incidents as i')
      .select([
        'i.id',
        'i.name',
        'i.status',
        'i.severity',
        'i.started_at',
        'i.resolved_at',
        'i.draft',
      ])
      .where('i.kind', '=', 'incident')
      .where('i.drill', '=', 0)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('incident_components as ic')
            .innerJoin('account_components as ac', 'ac.component_id', 'ic.component_id')
            .select(sql`1`.as('one'))
            .whereRef('ic.incident_id', '=', 'i.id')
            .where('ac.account_id', '=', id),
        ),
      )
      .orderBy('i.started_at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(incidentLimit)
      .execute(),
  ]);
  const touchedIds = touched.map((t) => t.id);
  const links = touchedIds.length
    ? await db
        .selectFrom('incident_components as ic')
        .innerJoin('account_components as ac', 'ac.component_id', 'ic.component_id')
        .innerJoin('components as c', 'c.id', 'ic.component_id')
        .select(['ic.incident_id', 'c.name'])
        .where('ac.account_id', '=', id)
        .where('ic.incident_id', 'in', touchedIds)
        .execute()
    : [];
  const byIncident = new Map<string, string[]>();
  for (const l of links) {
    const list = byIncident.get(l.incident_id) ?? [];
    list.push(l.name);
    byIncident.set(l.incident_id, list);
  }
  return {
    account: {
      id: a.id,
      name: a.name,
      external_id: a.external_id,
      tier: a.tier,
      criticality: a.criticality,
      region: a.region,
      time_zone: a.time_zone,
      locale: a.locale,
      tags: parseTags(a.tags),
      mrr: a.mrr,
      account_manager_id: a.account_manager_id,
      manager: a.m_name ? { name: a.m_name, email: a.m_email, phone: a.m_phone } : null,
      created_at: a.created_at,
      updated_at: a.updated_at,
    },
    contacts: contacts.map((c) => ({
      id: c.id,
      name: c.contact_name,
      role: c.contact_role,
      channel: c.channel,
      address: c.address,
      state: c.state,
    })),
    components: components.map((c) => ({ id: c.id, name: c.name })),
    incidents: touched.map((t) => ({
      id: t.id,
      name: t.name,
      status: t.status,
      severity: t.severity,
      started_at: t.started_at,
      resolved_at: t.resolved_at,
      draft: Boolean(t.draft),
      components: byIncident.get(t.id) ?? [],
    })),
  };
}

/** Active contacts each audience selects today (its rule and channels; "affected only" left aside). */
export async function audienceContactCounts(
  db: Db,
  audiences: readonly AudienceDefinition[],
): Promise<Map<string, number>> {
  const rule = await getKeyRule(db);
  const out = new Map<string, number>();
  for (const a of audiences) {
    const r = await db
      .selectFrom('subscribers as s')
      .leftJoin('accounts as a', 'a.id', 's.account_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('s.state', '=', 'active')
      .where(
        sql<boolean>`${targetSql({ key: a.key, match: a.match, channels: a.channels, outreach: false }, [], rule)}`,
      )
      .executeTakeFirst();
    out.set(a.key, Number(r?.n ?? 0));
  }
  return out;
}
