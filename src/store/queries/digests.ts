/**
 * What the daily digests read (issue #12): the incidents a digest may tell of, who may get one,
 * which of those incidents reach each of them, and what changed since their last digest.
 */
import { sql } from 'kysely';
import type { Db } from '../db.js';

export interface DigestIncident {
  id: string;
  name: string;
  status: string;
  started_at: string;
  resolved_at: string | null;
  next_update_at: string | null;
  /** ran (or has run) longer than the plan's threshold: everyone it reaches gets a digest */
  long: boolean;
  componentIds: string[];
}

/**
 * Public incidents still open, or resolved within the last two days (so a digest can tell of
 * the resolution); drafts, drills and audience-only incidents never.
 */
export async function digestIncidents(
  db: Db,
  now: Date,
  afterHours: number,
): Promise<DigestIncident[]> {
  const recent = new Date(now.getTime() - 48 * 3600_000).toISOString();
  const rows = await db
    .selectFrom('incidents')
    .select(['id', 'name', 'status', 'started_at', 'resolved_at', 'next_update_at'])
    .where('kind', '=', 'incident')
    .where('draft', '=', 0)
    .where('drill', '=', 0)
    .where('visibility', '=', 'public')
    .where((eb) => eb.or([eb('resolved_at', 'is', null), eb('resolved_at', '>', recent)]))
    .orderBy('started_at')
    .limit(200)
    .execute();
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('incident_components')
    .select(['incident_id', 'component_id'])
    .where(
      'incident_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => {
    const end = r.resolved_at ? Date.parse(r.resolved_at) : now.getTime();
    return {
      ...r,
      long: end - Date.parse(r.started_at) > afterHours * 3600_000,
      componentIds: links.filter((l) => l.incident_id === r.id).map((l) => l.component_id),
    };
  });
}

export interface DigestCandidate {
  id: string;
  account_id: string | null;
  all_components: number;
  digest: number;
  /** the subscriber's zone, else its account's (the page's is the caller's fallback) */
  zone: string | null;
  locale: string;
}

/**
 * One page (by id) of active public email subscribers and contacts who may get a digest now:
 * those who chose one, and those a long incident reaches. Anyone sent a digest in the last 12
 * hours is left out (today's is done: digests go out between 08:00 and 12:00 local).
 */
export async function digestCandidates(
  db: Db,
  o: { after: string; limit: number; now: Date; longComponents: string[] | 'all' | null },
): Promise<DigestCandidate[]> {
  const recent = new Date(o.now.getTime() - 12 * 3600_000).toISOString();
  const comps = o.longComponents;
  const reach =
    comps === null
      ? sql`0 = 1`
      : comps === 'all'
        ? sql`1 = 1`
        : sql`(s.account_id is null and (s.all_components = 1 or exists (
            select 1 from subscriber_components sc where sc.subscriber_id = s.id
            and sc.component_id in (${sql.join(comps)}))))
          or (s.account_id is not null and exists (
            select 1 from account_components ac where ac.account_id = s.account_id
            and ac.component_id in (${sql.join(comps)})))`;
  const r = await sql<DigestCandidate>`
    select s.id, s.account_id, s.all_components, s.digest, s.locale,
      coalesce(s.time_zone, a.time_zone) as zone
    from subscribers s left join accounts a on a.id = s.account_id
    where s.id > ${o.after} and s.state = 'active' and s.audience = 'public'
      and s.channel = 'email' and (s.digest = 1 or ${reach})
      and not exists (select 1 from digest_sends d where d.subscriber_id = s.id and d.sent_at > ${recent})
    order by s.id limit ${o.limit}`.execute(db);
  return r.rows.map((x) => ({
    ...x,
    all_components: Number(x.all_components),
    digest: Number(x.digest),
  }));
}

/** For each candidate, the components it follows (plain subscribers) or its account uses. */
export async function candidateComponents(
  db: Db,
  candidates: DigestCandidate[],
  componentIds: string[],
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (componentIds.length === 0 || candidates.length === 0) return out;
  const add = (key: string, c: string) => {
    const set = out.get(key) ?? new Set<string>();
    set.add(c);
    out.set(key, set);
  };
  const plain = candidates.filter((c) => !c.account_id && !c.all_components).map((c) => c.id);
  if (plain.length) {
    const rows = await db
      .selectFrom('subscriber_components')
      .select(['subscriber_id', 'component_id'])
      .where('subscriber_id', 'in', plain)
      .where('component_id', 'in', componentIds)
      .execute();
    for (const r of rows) add(r.subscriber_id, r.component_id);
  }
  const accounts = [...new Set(candidates.map((c) => c.account_id).filter((a) => a !== null))];
  if (accounts.length) {
    const rows = await db
      .selectFrom('account_components')
      .select(['account_id', 'component_id'])
      .where('account_id', 'in', accounts)
      .where('component_id', 'in', componentIds)
      .execute();
    for (const r of rows) add(`a:${r.account_id}`, r.component_id);
  }
  return out;
}

/** When each subscriber was last sent a digest. */
export async function lastDigests(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('digest_sends')
    .select(['subscriber_id', (eb) => eb.fn.max('sent_at').as('at')])
    .where('subscriber_id', 'in', ids)
    .groupBy('subscriber_id')
    .execute();
  return new Map(rows.map((r) => [r.subscriber_id, String(r.at)]));
}

export interface DigestUpdate {
  incident_id: string;
  status: string;
  body: string;
  created_at: string;
}

/** The public updates of these incidents since a time, oldest first. */
export async function updatesSince(
  db: Db,
  incidentIds: string[],
  since: string,
): Promise<DigestUpdate[]> {
  if (incidentIds.length === 0) return [];
  return db
    .selectFrom('incident_updates')
    .select(['incident_id', 'status', 'body', 'created_at'])
    .where('incident_id', 'in', incidentIds)
    .where('visibility', '=', 'public')
    .where('created_at', '>', since)
    .orderBy('created_at')
    .execute();
}
