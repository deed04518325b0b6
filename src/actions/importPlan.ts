/**
 * Imports a whole comms plan from YAML. Everything is checked first (each problem names the
 * line and the field) and nothing is written while any problem remains. Then the plan is
 * applied in one transaction, audited, and recorded as a new plan version. A dry run does the
 * same work and rolls it back, so it reports exactly what an import would change.
 */
import { DomainError } from '../domain/errors.js';
import { diffPlans } from '../present/planDiff.js';
import { planDocument } from '../present/planDocument.js';
import { getTiers, listAudiences } from '../store/queries/audiences.js';
import { loadPlan } from '../store/queries/plan.js';
import { type Ctx, inTransaction, requireScope } from './context.js';
import { checkPersonUrls } from './shared/personSubscribers.js';
import {
  applyAccountTiers,
  applyAudiences,
  applyBriefing,
  applyPeople,
  applyRegions,
  applyRoles,
  applySettings,
  applySeverities,
  applyTemplates,
} from './shared/planApply.js';
import { PlanInvalid, type PlanProblem, parsePlan } from './shared/planParse.js';
import { checkAudiences } from './shared/planRefs.js';
import { applySlaPolicies, checkSlaPolicies } from './shared/planSla.js';
import { recordPlanVersion } from './shared/planVersions.js';

export interface ImportResult {
  dry_run: boolean;
  /** what changed (or would), e.g. ["+2 people", "SEV2 cadence changed"] */
  changes: string[];
  summary: string;
  /** the plan version written; null for a dry run or when nothing changed */
  version: number | null;
}

class DryRun extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

export async function importPlan(
  ctx: Ctx,
  text: string,
  opts: { dryRun?: boolean; file?: string } = {},
): Promise<ImportResult> {
  requireScope(ctx.actor, 'admin');
  const file = opts.file ?? 'plan.yaml';
  const { plan, lineOf } = parsePlan(text, file);
  const team = plan.team ?? [];
  const urlProblems: PlanProblem[] = [];
  for (const [i, p] of team.entries()) {
    try {
      await checkPersonUrls(p, ctx.allowPrivateNetwork ?? false);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      for (const [field, message] of Object.entries(err.fields))
        urlProblems.push({ line: lineOf(['team', i, field]), path: `team.${i}.${field}`, message });
    }
  }
  if (urlProblems.length) throw new PlanInvalid(urlProblems, file);

  const dryRun = opts.dryRun ?? false;
  try {
    return await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
      const before = planDocument(await loadPlan(tx.db), process.env);
      await checkRemovedSeverities(
        tx.db,
        Object.keys(before.severities),
        plan.severities,
        lineOf,
        file,
      );
      await checkStoredAudiences(tx.db, plan, lineOf, file);
      await applyRegions(tx.db, plan.regions, tx.at);
      const people = await applyPeople(tx.db, team, tx.at);
      await applyRoles(tx.db, plan.roles, people);
      await applyAccountTiers(tx.db, plan.tiers, plan.key_accounts);
      await applyAudiences(tx.db, plan.audiences, tx.at);
      await applyBriefing(tx.db, plan.briefing);
      await applySeverities(tx.db, plan.severities, tx.at);
      await checkSlaPolicies(tx.db, plan, lineOf, file);
      await applySlaPolicies(tx.db, plan.sla_policies, tx.at);
      await applyTemplates(tx.db, plan.templates ?? [], tx.at);
      await applySettings(tx.db, plan.settings, people);
      const after = planDocument(await loadPlan(tx.db), process.env);
      const changes = diffPlans(before, after);
      const summary = changes.join(', ') || 'no changes';
      let version: number | null = null;
      if (changes.length && !dryRun) {
        await tx.audit({
          action: 'plan.import',
          entityType: 'plan',
          entityId: null,
          after: { summary, changes },
        });
        version = await recordPlanVersion(tx, ctx, summary);
      }
      const result = { dry_run: dryRun, changes, summary, version };
      if (dryRun) throw new DryRun(result);
      return result;
    });
  } catch (err) {
    if (err instanceof DryRun) return err.result;
    throw err;
  }
}

type PlanDb = Parameters<typeof loadPlan>[0];
type LineOf = (path: (string | number)[]) => number;

/**
 * What needs the stored plan to check: references to the tiers or audiences a document leaves
 * out (those stay), and tiers it leaves out that accounts still hold.
 */
async function checkStoredAudiences(
  db: PlanDb,
  plan: Parameters<typeof checkAudiences>[0],
  lineOf: LineOf,
  file: string,
): Promise<void> {
  const problems: PlanProblem[] = [];
  if (!plan.tiers || !plan.audiences) {
    const stored = {
      tiers: await getTiers(db),
      audiences: (await listAudiences(db)).map((a) => a.key),
    };
    for (const p of checkAudiences(plan, stored))
      problems.push({ line: lineOf(p.path), path: p.path.join('.'), message: p.message });
  }
  if (plan.tiers) {
    const held = await db
      .selectFrom('accounts')
      .select(['tier', (e) => e.fn.countAll<number>().as('n')])
      .where('tier', 'not in', plan.tiers)
      .groupBy('tier')
      .execute();
    for (const h of held)
      problems.push({
        line: lineOf(['tiers']),
        path: 'tiers',
        message: `leaves out ${h.tier}, which ${Number(h.n)} account(s) still hold; keep it or move them first`,
      });
  }
  if (problems.length) throw new PlanInvalid(problems, file);
}

/** A severity the plan leaves out cannot go while an unresolved incident has it. */
async function checkRemovedSeverities(
  db: Parameters<typeof loadPlan>[0],
  current: string[],
  wanted: Record<string, unknown>,
  lineOf: (path: (string | number)[]) => number,
  file: string,
): Promise<void> {
  const gone = current.filter((k) => !(k in wanted));
  if (gone.length === 0) return;
  const open = await db
    .selectFrom('incidents')
    .select(['id', 'severity'])
    .where('severity', 'in', gone)
    .where('kind', '=', 'incident')
    .where('resolved_at', 'is', null)
    .execute();
  if (open.length === 0) return;
  const keys = [...new Set(open.map((o) => o.severity as string))];
  throw new PlanInvalid(
    keys.map((k) => ({
      line: lineOf(['severities']),
      path: 'severities',
      message: `leaves out ${k}, which unresolved incidents still have (${open
        .filter((o) => o.severity === k)
        .map((o) => o.id)
        .join(', ')}); resolve them or keep ${k}`,
    })),
    file,
  );
}
