/**
 * A drill's first public update, rendered from its template for every channel and timed, but
 * never published: the time from declaring to this render is the drill's "time to first public
 * update". The result is written to the incident room and the audit log.
 */
import { notFound } from '../domain/errors.js';
import { getSeverity } from '../store/queries/team.js';
import { type Ctx, inTransaction } from './context.js';
import { addTimeline } from './shared/team.js';
import { composeForIncident } from './shared/templateMessage.js';

export interface SimulatedUpdate {
  template: string;
  rendered_at: string;
  /** milliseconds from declaring to the rendered update */
  ms: number;
  /** a template that is not pre-approved waits for the approver where the severity asks */
  would_need_approval: boolean;
  page: string;
  sms: string;
  email_subject: string;
  findings: { rule: string; severity: string; message: string }[];
}

export async function simulateDrillUpdate(
  ctx: Ctx,
  id: string,
  opts: { locale?: string } = {},
): Promise<SimulatedUpdate> {
  const db = ctx.store.db;
  const inc = await db
    .selectFrom('incidents')
    .select(['id', 'name', 'severity', 'created_at'])
    .where('id', '=', id)
    .where('drill', '=', 1)
    .executeTakeFirst();
  if (!inc) throw notFound('drill', id);
  const first = await db
    .selectFrom('incident_updates')
    .select(['template_key', 'template_vars', 'next_update_at'])
    .where('incident_id', '=', id)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  const vars = JSON.parse(first?.template_vars ?? '{}') as Record<string, string>;
  const msg = await composeForIncident(db, {
    template: first?.template_key ?? 'investigating',
    locale: opts.locale ?? 'en',
    vars: { ...vars, next_update_at: first?.next_update_at ?? undefined },
    incidentName: inc.name,
    componentIds: [],
    incidentId: id,
    fallbackUrl: ctx.fallbackUrl,
  });
  const renderedAt = ctx.clock.now();
  const sev = inc.severity ? await getSeverity(db, inc.severity) : undefined;
  const out: SimulatedUpdate = {
    template: msg.template.key,
    rendered_at: renderedAt.toISOString(),
    ms: Math.max(0, renderedAt.getTime() - Date.parse(inc.created_at)),
    would_need_approval: !msg.template.pre_approved && Boolean(sev?.settings.approvalRequired),
    page: msg.composed.renderings.page,
    sms: msg.composed.renderings.sms,
    email_subject: msg.composed.renderings.email_subject,
    findings: msg.composed.findings,
  };
  await inTransaction(ctx, { scope: 'write' }, async (tx) => {
    await addTimeline(
      tx.db,
      id,
      'system',
      `Drill: the first public update was rendered from the ${out.template} template ${(out.ms / 1000).toFixed(1)} s after declaring${out.would_need_approval ? ' (it would wait for approval)' : ''}. It was not published.`,
      'flare',
      tx.at,
    );
    await tx.audit({
      action: 'drill.simulated_update',
      entityType: 'incident',
      entityId: id,
      after: out,
    });
  });
  return out;
}
