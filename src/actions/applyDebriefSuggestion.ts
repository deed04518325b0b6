/**
 * Applies a debrief suggestion's plan change through the plan's own actions (setPlanSetting,
 * upsertSeverity, updateTemplate): each audits the change and records a new plan version. The suggestion is
 * recomputed from the stored facts, so only a change the debrief really suggests is applied.
 */
import { computeDebrief, type Debrief } from '../domain/debrief.js';
import { invalid, notFound } from '../domain/errors.js';
import { readDebriefFacts } from '../store/queries/debrief.js';
import { type DebriefAction, listDebriefActions } from '../store/queries/debriefActions.js';
import { latestPlanVersion } from '../store/queries/plan.js';
import { getSeverity } from '../store/queries/team.js';
import { type Ctx, inTransaction } from './context.js';
import { setPlanSetting } from './setPlanSetting.js';
import { debriefSms } from './shared/debriefSms.js';
import { updateTemplate } from './updateTemplate.js';
import { upsertSeverity } from './upsertSeverity.js';

/** The debrief of an incident as it stands now, or a not_found error. */
export async function loadDebrief(
  ctx: Ctx,
  incidentId: string,
): Promise<Debrief & { name: string; action_items: DebriefAction[] }> {
  const facts = await readDebriefFacts(
    ctx.store.db,
    ctx.store.engine,
    incidentId,
    ctx.clock.now().toISOString(),
  );
  if (!facts) throw notFound('incident', incidentId);
  facts.reach.sms = await debriefSms(
    ctx.store.db,
    facts.incident,
    Boolean(facts.deliveries.sms),
    ctx.fallbackUrl,
  );
  const action_items = await listDebriefActions(ctx.store.db, { incidentId });
  return { ...computeDebrief(facts), name: facts.incident.name, action_items };
}

export async function applyDebriefSuggestion(
  ctx: Ctx,
  incidentId: string,
  suggestionId: string,
  opts: { note?: string } = {},
) {
  const d = await loadDebrief(ctx, incidentId);
  const s = d.suggestions.find((x) => x.id === suggestionId);
  if (!s) throw notFound('suggestion', suggestionId);
  const change = s.plan_change;
  if (!change) throw invalid({ sid: 'this suggestion is a check to make, not a plan change' });
  if ('template' in change) {
    await updateTemplate(ctx, change.template, { pre_approved: true });
  } else if ('setting' in change) {
    await setPlanSetting(ctx, { key: change.setting, value: change.value });
  } else {
    const sev = await getSeverity(ctx.store.db, change.severity);
    if (!sev) throw invalid({ sid: `severity ${change.severity} no longer exists` });
    await upsertSeverity(ctx, sev.key, {
      name: sev.name,
      description: sev.description,
      position: sev.position,
      settings: { ...sev.settings, cadence: { ...sev.settings.cadence, ...change.cadence } },
    });
  }
  // the plan change is audited by its own action; this records why, from which debrief
  await inTransaction(ctx, { scope: 'admin' }, (tx) =>
    tx.audit({
      action: 'debrief.suggestion.apply',
      entityType: 'incident',
      entityId: incidentId,
      after: { suggestion: s.id, text: s.text, plan_change: change, note: opts.note ?? null },
    }),
  );
  return {
    suggestion: s,
    plan_version: await latestPlanVersion(ctx.store.db),
  };
}
