/**
 * The SLA credits report for a month, as a stream of rows: accounts are read in keyset pages
 * (never all at once), and the downtime of each distinct footprint (its components, the
 * account's zone, policy and SLA start) is computed once and shared by every account with it.
 * The history, maintenance windows and incidents of the month are small and read up front.
 * See docs/adr/0018-sla-downtime-as-interval-union.md.
 */
import {
  type AccountSla,
  componentSegments,
  dayStart,
  footprintDowntime,
  type Interval,
  monthBounds,
  type Segment,
  type SlaBase,
  type SlaIncident,
  type SlaPolicy,
  type StatusPoint,
  slaBase,
  withFee,
} from '../../domain/sla.js';
import type { ComponentStatus } from '../../domain/types.js';
import type { Db } from '../db.js';
import { creditDecisions, listSlaPolicies } from './sla.js';

const DAY = 86_400_000;
const PAGE = 1000;

export interface SlaReportRow extends AccountSla {
  account_id: string;
  name: string;
  tier: string;
  policy: string;
  time_zone: string;
  /** pending until finance approves or adjusts */
  state: 'pending' | 'approved' | 'adjusted';
  decided_amount: number | null;
  note: string | null;
}

export interface SlaMonthData {
  month: string;
  now: number;
  policies: SlaPolicy[];
  history: Map<string, StatusPoint[]>;
  maintenance: Map<string, Interval[]>;
  incidents: SlaIncident[];
  pageZone: string;
}

/** Everything but the accounts: the history, windows and incidents around the month. */
export async function loadSlaMonth(db: Db, month: string, now: Date): Promise<SlaMonthData> {
  const utc = monthBounds(month, 'UTC');
  // every zone's month lies within a day of the UTC month
  const from = new Date(utc.start - DAY).toISOString();
  const to = new Date(utc.end + DAY).toISOString();
  const policies = await listSlaPolicies(db);
  const page = await db.selectFrom('page').select('time_zone').executeTakeFirst();
  const rows = await db
    .selectFrom('component_status_history')
    .select(['component_id', 'status', 'at', 'id'])
    .where('at', '>=', from)
    .where('at', '<', to)
    .orderBy('at')
    .orderBy('id')
    .execute();
  // the status in force when the range opens: each component's last change before it
  const earlier = await db
    .selectFrom('component_status_history as h')
    .select(['h.component_id', 'h.status', 'h.at', 'h.id'])
    .where('h.at', '<', from)
    .where(({ eb, selectFrom }) =>
      eb(
        'h.at',
        '=',
        selectFrom('component_status_history as h2')
          .select((e) => e.fn.max('h2.at').as('m'))
          .whereRef('h2.component_id', '=', 'h.component_id')
          .where('h2.at', '<', from),
      ),
    )
    .orderBy('h.at')
    .orderBy('h.id')
    .execute();
  const history = new Map<string, StatusPoint[]>();
  for (const r of [...earlier, ...rows]) {
    const list = history.get(r.component_id) ?? [];
    list.push({ status: r.status as ComponentStatus, at: Date.parse(r.at) });
    history.set(r.component_id, list);
  }
  const windows = await db
    .selectFrom('incidents')
    .innerJoin('incident_components', 'incident_components.incident_id', 'incidents.id')
    .select([
      'incident_components.component_id',
      'incidents.scheduled_for',
      'incidents.scheduled_until',
    ])
    .where('incidents.kind', '=', 'maintenance')
    .where('incidents.draft', '=', 0)
    .where('incidents.drill', '=', 0)
    .where('incidents.status', 'in', ['in_progress', 'verifying', 'completed'])
    .where('incidents.scheduled_for', '<', to)
    .where('incidents.scheduled_until', '>', from)
    .execute();
  const maintenance = new Map<string, Interval[]>();
  for (const w of windows) {
    if (!w.scheduled_for || !w.scheduled_until) continue;
    const list = maintenance.get(w.component_id) ?? [];
    list.push({ start: Date.parse(w.scheduled_for), end: Date.parse(w.scheduled_until) });
    maintenance.set(w.component_id, list);
  }
  const links = await db
    .selectFrom('incidents')
    .innerJoin('incident_components', 'incident_components.incident_id', 'incidents.id')
    .select([
      'incidents.id',
      'incidents.severity',
      'incidents.started_at',
      'incidents.resolved_at',
      'incident_components.component_id',
    ])
    .where('incidents.kind', '=', 'incident')
    .where('incidents.draft', '=', 0)
    .where('incidents.drill', '=', 0)
    .where('incidents.started_at', '<', to)
    .where((eb) =>
      eb.or([eb('incidents.resolved_at', 'is', null), eb('incidents.resolved_at', '>', from)]),
    )
    .orderBy('incidents.started_at')
    .orderBy('incidents.id')
    .execute();
  const byId = new Map<string, SlaIncident>();
  for (const l of links) {
    let inc = byId.get(l.id);
    if (!inc) {
      inc = {
        id: l.id,
        severity: l.severity,
        start: Date.parse(l.started_at),
        end: l.resolved_at ? Date.parse(l.resolved_at) : null,
        components: [],
      };
      byId.set(l.id, inc);
    }
    inc.components.push(l.component_id);
  }
  return {
    month,
    now: now.getTime(),
    policies,
    history,
    maintenance,
    incidents: [...byId.values()],
    pageZone: page?.time_zone || 'UTC',
  };
}

interface AccountIn {
  id: string;
  name: string;
  tier: string;
  time_zone: string | null;
  mrr: number | null;
  sla_start: string | null;
}

/**
 * Computes rows from month data. Remembers each policy's component segments, each zone's
 * month, and per footprint (components, zone, policy, SLA start) and tier everything but the
 * money, so an account costs a map lookup and a multiplication.
 */
export class SlaCalculator {
  private segments = new Map<string, Segment[]>();
  private months = new Map<string, Interval>();
  private bases = new Map<string, SlaBase | null>();
  private policies: SlaPolicy[];
  private named = new Map<string, SlaPolicy>();
  private byTier = new Map<string, SlaPolicy>();
  /** how many footprint computations ran (the bench reports it) */
  computed = 0;

  constructor(readonly data: SlaMonthData) {
    this.policies = [...data.policies].sort((a, b) => a.key.localeCompare(b.key));
    // the same choice as policyFor: one naming the account, else one for its tier; first key wins
    for (const p of [...this.policies].reverse()) {
      for (const id of p.account_ids) this.named.set(id, p);
      for (const t of p.tiers) this.byTier.set(t, p);
    }
  }

  private policyOf(account: { id: string; tier: string }): SlaPolicy | undefined {
    return this.named.get(account.id) ?? this.byTier.get(account.tier);
  }

  private segmentsOf(policy: SlaPolicy, component: string): Segment[] {
    const key = `${policy.key}\u0000${component}`;
    let s = this.segments.get(key);
    if (!s) {
      s = componentSegments(
        this.data.history.get(component) ?? [],
        this.data.maintenance.get(component) ?? [],
        this.data.now,
        policy,
      );
      this.segments.set(key, s);
    }
    return s;
  }

  private monthIn(zone: string): Interval {
    let m = this.months.get(zone);
    if (!m) {
      m = monthBounds(this.data.month, zone);
      this.months.set(zone, m);
    }
    return m;
  }

  private base(
    policy: SlaPolicy,
    zone: string,
    slaStart: string | null,
    components: string[],
    tier: string,
  ) {
    const sorted = components.length > 1 ? [...components].sort() : components;
    const key = `${policy.key}|${zone}|${slaStart ?? ''}|${tier}|${sorted.join(',')}`;
    let b = this.bases.get(key);
    if (b !== undefined) return b;
    this.computed++;
    const month = this.monthIn(zone);
    const start = slaStart ? Math.max(month.start, dayStart(slaStart, zone)) : month.start;
    if (start >= month.end || month.start > this.data.now) b = null;
    else {
      const fp = footprintDowntime(
        sorted,
        (c) => this.segmentsOf(policy, c),
        this.data.incidents,
        { start, end: month.end },
        this.data.now,
      );
      b = slaBase(fp, policy, tier);
    }
    this.bases.set(key, b);
    return b;
  }

  /** null when no policy covers the account, or its SLA starts after the month. */
  row(account: AccountIn, components: string[], decision?: DecisionIn): SlaReportRow | null {
    const policy = this.policyOf(account);
    if (!policy) return null;
    const zone = account.time_zone || this.data.pageZone;
    const base = this.base(policy, zone, account.sla_start, components, account.tier);
    if (!base) return null;
    return {
      account_id: account.id,
      name: account.name,
      tier: account.tier,
      policy: policy.key,
      time_zone: zone,
      ...withFee(base, account.mrr),
      state: (decision?.state as SlaReportRow['state']) ?? 'pending',
      decided_amount: decision?.decided_amount ?? null,
      note: decision?.note ?? null,
    };
  }
}

type DecisionIn = { state: string; decided_amount: number | null; note: string | null };

/** The report's rows, account by account in id order, read in keyset pages. */
export async function* slaReportRows(
  db: Db,
  data: SlaMonthData,
  opts: { accountIds?: string[]; calculator?: SlaCalculator; after?: string } = {},
): AsyncGenerator<SlaReportRow> {
  const calc = opts.calculator ?? new SlaCalculator(data);
  if (!data.policies.length) return;
  let after = opts.after ?? '';
  for (;;) {
    let q = db
      .selectFrom('accounts')
      .select(['id', 'name', 'tier', 'time_zone', 'mrr', 'sla_start'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE);
    if (opts.accountIds) q = q.where('id', 'in', opts.accountIds.length ? opts.accountIds : ['']);
    const accounts = await q.execute();
    if (!accounts.length) return;
    after = accounts[accounts.length - 1].id;
    const ids = accounts.map((a) => a.id);
    const links = await db
      .selectFrom('account_components')
      .select(['account_id', 'component_id'])
      .where('account_id', '>=', ids[0])
      .where('account_id', '<=', after)
      .execute();
    const footprint = new Map<string, string[]>();
    for (const l of links) {
      const list = footprint.get(l.account_id);
      if (list) list.push(l.component_id);
      else footprint.set(l.account_id, [l.component_id]);
    }
    const decisions = await creditDecisions(db, data.month, ids[0], after);
    for (const a of accounts) {
      const r = calc.row(
        { ...a, mrr: a.mrr === null ? null : Number(a.mrr) },
        footprint.get(a.id) ?? [],
        decisions.get(a.id),
      );
      if (r) yield r;
    }
    if (accounts.length < PAGE) return;
  }
}
