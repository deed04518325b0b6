/**
 * SLA policies in the plan: the checks shared by PUT /api/v1/sla/policies/{key} and the plan
 * import (tiers, severities and accounts a policy names must exist), and the import's apply.
 */
import type { SlaPolicy } from '../../domain/sla.js';
import type { Db } from '../../store/db.js';
import { getTiers } from '../../store/queries/audiences.js';
import { listSlaPolicies } from '../../store/queries/sla.js';
import { PlanInvalid, type PlanProblem } from './planParse.js';

type PolicyFields = Omit<SlaPolicy, 'key'>;

/** Field problems of one policy, keyed by path within it ("tiers.0", "goodwill.1.severity"). */
export async function slaPolicyProblems(
  db: Db,
  p: PolicyFields,
  tiers?: string[],
): Promise<Record<string, string>> {
  const known = tiers ?? (await getTiers(db));
  const out: Record<string, string> = {};
  p.tiers.forEach((t, i) => {
    if (!known.includes(t))
      out[`tiers.${i}`] = `is not one of the plan's tiers (${known.join(', ')})`;
  });
  const sevs = new Set(
    (await db.selectFrom('severities').select('key').execute()).map((s) => s.key),
  );
  p.goodwill.forEach((g, i) => {
    if (g.severity && !sevs.has(g.severity))
      out[`goodwill.${i}.severity`] = 'is not one of the plan’s severities';
    g.tiers?.forEach((t, k) => {
      if (!known.includes(t)) out[`goodwill.${i}.tiers.${k}`] = 'is not one of the plan’s tiers';
    });
  });
  if (p.account_ids.length) {
    const found = new Set<string>();
    for (let i = 0; i < p.account_ids.length; i += 500) {
      const rows = await db
        .selectFrom('accounts')
        .select('id')
        .where('id', 'in', p.account_ids.slice(i, i + 500))
        .execute();
      for (const r of rows) found.add(r.id);
    }
    p.account_ids.forEach((a, i) => {
      if (!found.has(a)) out[`account_ids.${i}`] = 'is not a known account id';
    });
  }
  return out;
}

/** The stored row of a policy (JSON as text). */
export function slaPolicyRow(p: PolicyFields, position: number, at: string) {
  return {
    name: p.name,
    tiers: JSON.stringify(p.tiers),
    account_ids: JSON.stringify(p.account_ids),
    target: p.target,
    credits: JSON.stringify(p.credits),
    partial_outage_weight: p.partial_outage_weight,
    exclude_maintenance: p.exclude_maintenance ? 1 : 0,
    goodwill: JSON.stringify(p.goodwill),
    position,
    updated_at: at,
  };
}

/** The policies made exactly the document's, in its order; none given: they stay as they are. */
export async function applySlaPolicies(
  db: Db,
  policies: SlaPolicy[] | undefined,
  at: string,
): Promise<void> {
  if (!policies) return;
  const existing = new Set((await listSlaPolicies(db)).map((p) => p.key));
  for (const [position, p] of policies.entries()) {
    const row = slaPolicyRow(p, position, at);
    if (existing.has(p.key))
      await db.updateTable('sla_policies').set(row).where('key', '=', p.key).execute();
    else
      await db
        .insertInto('sla_policies')
        .values({ key: p.key, ...row, created_at: at })
        .execute();
  }
  const keep = new Set(policies.map((p) => p.key));
  const gone = [...existing].filter((k) => !keep.has(k));
  if (gone.length) await db.deleteFrom('sla_policies').where('key', 'in', gone).execute();
}

/** The document's policies checked against the plan as applied so far (its tiers, severities). */
export async function checkSlaPolicies(
  db: Db,
  plan: { sla_policies?: SlaPolicy[] },
  lineOf: (path: (string | number)[]) => number,
  file: string,
): Promise<void> {
  if (!plan.sla_policies) return;
  const tiers = await getTiers(db);
  const problems: PlanProblem[] = [];
  const seen = new Set<string>();
  for (const [i, p] of plan.sla_policies.entries()) {
    if (seen.has(p.key))
      problems.push({
        line: lineOf(['sla_policies', i, 'key']),
        path: `sla_policies.${i}.key`,
        message: 'duplicates another policy’s key',
      });
    seen.add(p.key);
    for (const [field, message] of Object.entries(await slaPolicyProblems(db, p, tiers))) {
      const path = [
        'sla_policies',
        i,
        ...field.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x)),
      ];
      problems.push({ line: lineOf(path), path: path.join('.'), message });
    }
  }
  if (problems.length) throw new PlanInvalid(problems, file);
}
