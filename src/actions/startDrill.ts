/**
 * Starts a drill: a simulated incident declared through the plan with the team as the only
 * audience. It assigns the roles and tells the team on internal channels like a real one, but
 * it is a draft that is never published (see declareIncident with drill: true).
 */
import { z } from 'zod';
import { invalid } from '../domain/errors.js';
import { getPage } from '../store/queries/page.js';
import { listSeverities } from '../store/queries/team.js';
import type { Ctx } from './context.js';
import { declareIncident } from './declareIncident.js';
import { parseInput } from './inputs.js';
import type { Assignment } from './shared/team.js';

export const drillInput = z
  .object({
    /** the severity to rehearse; the most severe one when left out */
    severity: z.string().min(1).max(20).optional(),
    template: z.string().min(1).max(100).default('investigating'),
    locale: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale such as en or fr')
      .default('en'),
  })
  .strict();

export type DrillInput = z.input<typeof drillInput>;

export interface StartedDrill {
  id: string;
  severity: string;
  template: string;
  locale: string;
  declared_at: string;
  assignments: Assignment[];
}

export async function startDrill(ctx: Ctx, raw: DrillInput | unknown = {}): Promise<StartedDrill> {
  const input = parseInput(drillInput, raw);
  const severity = input.severity ?? (await listSeverities(ctx.store.db))[0]?.key;
  if (!severity)
    throw invalid({ severity: 'the plan has no severities to rehearse; add one first' });
  const page = await getPage(ctx.store.db);
  const contact = page?.support_email ?? page?.support_url ?? page?.url ?? ctx.fallbackUrl ?? 'us';
  const d = await declareIncident(ctx, {
    severity,
    name: `Drill: simulated ${severity} incident`,
    template: input.template,
    locale: input.locale,
    vars: {
      issue: 'a simulated outage (this is a drill)',
      impact: 'Nothing is affected: this is a drill.',
      contact,
    },
    publish: false,
    drill: true,
  });
  return {
    id: d.incident.id,
    severity,
    template: input.template,
    locale: input.locale,
    declared_at: d.incident.created_at,
    assignments: d.assignments,
  };
}
