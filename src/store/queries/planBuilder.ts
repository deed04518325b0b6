/** What the plan builder's screens read: the plan, its readiness, and each step's score. */
import { planSteps, type StepScore } from '../../domain/planSteps.js';
import type { PlanSummary, Readiness } from '../../domain/readiness.js';
import { readiness } from '../../domain/readinessRules.js';
import type { Db } from '../db.js';
import { loadPlan, type PlanData } from './plan.js';
import { loadPlanSummary } from './readiness.js';

export interface PlanBuilderData {
  plan: PlanData;
  summary: PlanSummary;
  readiness: Readiness;
  steps: StepScore[];
}

export async function loadPlanBuilder(
  db: Db,
  env: Record<string, string | undefined> = process.env,
): Promise<PlanBuilderData> {
  const [plan, summary] = await Promise.all([loadPlan(db), loadPlanSummary(db, env)]);
  const r = readiness(summary);
  return { plan, summary, readiness: r, steps: planSteps(summary, r) };
}

/**
 * A new workspace: nobody on the team, nobody on a rotation, no component and no incident yet
 * (the built-in roles and default severities are always there, so they do not count).
 */
export async function isNewWorkspace(db: Db): Promise<boolean> {
  const [people, members, components, incidents] = await Promise.all([
    db.selectFrom('people').select('id').limit(1).execute(),
    db.selectFrom('rotation_members').select('person_id').limit(1).execute(),
    db.selectFrom('components').select('id').limit(1).execute(),
    db.selectFrom('incidents').select('id').limit(1).execute(),
  ]);
  return people.length + members.length + components.length + incidents.length === 0;
}
