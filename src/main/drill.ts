/**
 * Runs a drill end to end: declare it (the team only), render the first public update without
 * publishing it, wait (bounded) for the worker to send the first internal notice, then mark it
 * resolved and report the times, who was assigned and acknowledged, and the plan's gaps.
 */
import type { Actor } from '../actions/context.js';
import { finishDrill } from '../actions/finishDrill.js';
import { simulateDrillUpdate } from '../actions/simulateDrillUpdate.js';
import { type DrillInput, drillInput, startDrill } from '../actions/startDrill.js';
import type { App } from '../app.js';
import { notFound } from '../domain/errors.js';
import type { Gap } from '../domain/readiness.js';
import { readiness } from '../domain/readinessRules.js';
import { type DrillReport, getDrillReport } from '../store/queries/drills.js';
import { loadPlanSummary } from '../store/queries/readiness.js';

export interface DrillOptions {
  /** how long to wait for the first internal notice; 60 s by default */
  waitMs?: number;
  pollMs?: number;
  /** the environment readiness reads providers from */
  env?: Record<string, string | undefined>;
}

export interface DrillResult extends DrillReport {
  readiness: { score: number; gaps: Gap[] };
}

export async function drillReport(
  app: App,
  id: string,
  env: Record<string, string | undefined> = process.env,
): Promise<DrillResult> {
  const report = await getDrillReport(app.store.db, id);
  if (!report) throw notFound('drill', id);
  const r = readiness(await loadPlanSummary(app.store.db, env));
  return { ...report, readiness: { score: r.score, gaps: r.gaps } };
}

async function firstNoticeSent(app: App, id: string, opts: DrillOptions): Promise<boolean> {
  const until = Date.now() + (opts.waitMs ?? 60_000);
  for (;;) {
    const r = await getDrillReport(app.store.db, id);
    if (r?.first_internal_notice) return true;
    // nothing left that could still be sent (nobody to tell, or every notice failed): stop
    const n = r?.internal_notices;
    if (n && n.unexpanded === 0 && n.pending === 0) return false;
    if (Date.now() >= until) return false;
    await new Promise((done) => setTimeout(done, opts.pollMs ?? 200));
  }
}

async function complete(app: App, actor: Actor, id: string, opts: DrillOptions): Promise<void> {
  const sent = await firstNoticeSent(app, id, opts);
  await finishDrill(app.ctx(actor), id, { first_internal_notice_sent: sent });
}

/** Starts a drill and renders its first update now; the wait and the finish run on in the background. */
export async function beginDrill(
  app: App,
  actor: Actor,
  raw: DrillInput | unknown,
  opts: DrillOptions = {},
): Promise<{ id: string; done: Promise<void> }> {
  const input = drillInput.safeParse(raw ?? {});
  const started = await startDrill(app.ctx(actor), raw ?? {});
  await simulateDrillUpdate(app.ctx(actor), started.id, {
    locale: input.success ? input.data.locale : undefined,
  });
  const done = complete(app, actor, started.id, opts).catch((err) =>
    app.logger.error({ err, drill: started.id }, 'drill did not finish'),
  );
  return { id: started.id, done };
}

/** Runs a whole drill and returns its report. A worker must be running to send the notices. */
export async function runDrill(
  app: App,
  actor: Actor,
  raw: DrillInput | unknown,
  opts: DrillOptions = {},
): Promise<DrillResult> {
  const { id, done } = await beginDrill(app, actor, raw, opts);
  await done;
  const report = await drillReport(app, id, opts.env);
  if (report.state !== 'finished') throw new Error(`drill ${id} did not finish; see the log`);
  return report;
}
