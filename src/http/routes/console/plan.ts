/**
 * GET /console/plan (the builder's overview) and GET /console/plan/1 … /8 (one screen per
 * step). The forms they carry post to src/http/routes/console/planForms.ts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../domain/errors.js';
import type { Flash } from '../../../pages/console/layout.js';
import {
  type FormState,
  type PlanScreen,
  planOverviewBody,
  planStepBody,
} from '../../../pages/console/plan.js';
import { loadPlanBuilder } from '../../../store/queries/planBuilder.js';
import type { RouteModule } from '../../registry.js';
import { type Console, consoleScope } from './scope.js';

/** The flash after a write on the builder, named in the redirect (`?done=person`). */
const PLAN_FLASH: Record<string, Flash> = {
  person: { tone: 'ok', text: 'Person added to the team.' },
  rotation: { tone: 'ok', text: 'Rotation saved.' },
  role: { tone: 'ok', text: 'Role added. Put someone on its rotation below.' },
  severity: { tone: 'ok', text: 'Severity saved.' },
  templates: { tone: 'ok', text: 'Missing templates restored.' },
  setting: { tone: 'ok', text: 'Saved to the plan.' },
};

export const STEP_COUNT = 8;

export async function showPlanStep(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  n: number,
  status = 200,
  failed?: FormState,
): Promise<FastifyReply> {
  const data = await loadPlanBuilder(c.app.store.db, process.env);
  const screen: PlanScreen = { data, csrf: c.session(req).csrf, failed };
  const done = (req.query as Record<string, unknown> | undefined)?.done;
  const flash = status === 200 && typeof done === 'string' ? (PLAN_FLASH[done] ?? null) : null;
  return c.render(req, reply, status, {
    title: n ? `Plan step ${n}: ${data.steps[n - 1].title}` : 'Your comms plan',
    section: 'plan',
    flash,
    body: n ? planStepBody(screen, n) : planOverviewBody(screen),
  });
}

export const consolePlanRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get('/console/plan', (req, reply) => showPlanStep(c, req, reply, 0));
    scope.get<{ Params: { n: string } }>('/console/plan/:n', async (req, reply) => {
      const n = Number(req.params.n);
      if (!/^[1-8]$/.test(req.params.n) || n > STEP_COUNT)
        throw notFound('plan step', req.params.n);
      return showPlanStep(c, req, reply, n);
    });
  });
