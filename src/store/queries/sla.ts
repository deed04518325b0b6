/** The plan's SLA policies, and finance's credit decisions. */
import type { SlaPolicy } from '../../domain/sla.js';
import type { Db } from '../db.js';
import type { SlaCreditTable } from '../schema.js';

type PolicyRow = {
  key: string;
  name: string;
  tiers: string;
  account_ids: string;
  target: number;
  credits: string;
  partial_outage_weight: number;
  exclude_maintenance: number;
  goodwill: string;
};

export function policyOf(r: PolicyRow): SlaPolicy {
  return {
    key: r.key,
    name: r.name,
    tiers: JSON.parse(r.tiers),
    account_ids: JSON.parse(r.account_ids),
    target: Number(r.target),
    credits: JSON.parse(r.credits),
    partial_outage_weight: Number(r.partial_outage_weight),
    exclude_maintenance: Boolean(r.exclude_maintenance),
    goodwill: JSON.parse(r.goodwill),
  };
}

/** Every policy, in the plan's order. */
export async function listSlaPolicies(db: Db): Promise<SlaPolicy[]> {
  const rows = await db
    .selectFrom('sla_policies')
    .selectAll()
    .orderBy('position')
    .orderBy('key')
    .execute();
  return rows.map(policyOf);
}

export async function getSlaPolicy(db: Db, key: string): Promise<SlaPolicy | undefined> {
  const r = await db
    .selectFrom('sla_policies')
    .selectAll()
    .where('key', '=', key)
    .executeTakeFirst();
  return r ? policyOf(r) : undefined;
}

export type CreditDecision = SlaCreditTable;

export async function getCreditDecision(
  db: Db,
  month: string,
  accountId: string,
): Promise<CreditDecision | undefined> {
  return db
    .selectFrom('sla_credits')
    .selectAll()
    .where('month', '=', month)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/** The decisions of a month for the accounts with ids from `first` to `last`, by account id. */
export async function creditDecisions(
  db: Db,
  month: string,
  first: string,
  last: string,
): Promise<Map<string, CreditDecision>> {
  const rows = await db
    .selectFrom('sla_credits')
    .selectAll()
    .where('month', '=', month)
    .where('account_id', '>=', first)
    .where('account_id', '<=', last)
    .execute();
  return new Map(rows.map((r) => [r.account_id, r]));
}
