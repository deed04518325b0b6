/**
 * Plan versions: each change to the plan stores the whole plan (as YAML) with who changed it
 * and a summary of what changed. Runs inside the caller's transaction, so the version and the
 * change commit together.
 */
import { sql } from 'kysely';
import { newId } from '../../lib/ids.js';
import { severityParts } from '../../present/planDiff.js';
import { planDocument } from '../../present/planDocument.js';
import { planToYaml } from '../../present/planYaml.js';
import { latestPlanVersion, loadPlan } from '../../store/queries/plan.js';
import type { Ctx, Tx } from '../context.js';

/** With the schema's hash: the transaction lock that keeps version numbers in sequence on PostgreSQL. */
const VERSION_LOCK = 7_411_533;

/** The current plan as YAML, as read inside the transaction. */
export async function currentPlanYaml(tx: Pick<Tx, 'db'>): Promise<string> {
  return planToYaml(planDocument(await loadPlan(tx.db), process.env));
}

/** Records the plan as it now stands as version n+1. Returns the new version number. */
export async function recordPlanVersion(tx: Tx, ctx: Ctx, summary: string): Promise<number> {
  // two writers at once would both pick n+1; on PostgreSQL the second waits here instead
  if (ctx.store.engine === 'postgres')
    await sql`select pg_advisory_xact_lock(${VERSION_LOCK}, hashtext(current_schema()))`.execute(
      tx.db,
    );
  const version = (await latestPlanVersion(tx.db)) + 1;
  await tx.db
    .insertInto('plan_versions')
    .values({
      id: newId(),
      version,
      document: await currentPlanYaml(tx),
      changed_by: ctx.actor.id,
      summary,
      at: tx.at,
    })
    .execute();
  return version;
}

interface SeverityRow {
  name: string;
  description: string;
  settings: string;
}

/** "+SEV4" for a new severity, else "SEV2 cadence and approval changed". */
export function severityChange(key: string, before: SeverityRow | undefined, after: SeverityRow) {
  if (!before) return `+${key}`;
  const doc = (r: SeverityRow) => ({ ...r, settings: JSON.parse(r.settings) });
  const parts = severityParts(doc(before), doc(after));
  return parts.length ? `${key} ${parts.join(' and ')} changed` : `${key} saved unchanged`;
}
