import { DEFAULT_CADENCE, dueCadence } from '../domain/cadence.js';
import { getSeverity } from '../store/queries/team.js';
import { type Ctx, inTransaction } from './context.js';
import { addTimeline, notifyPeople } from './shared/team.js';
import { composeForIncident } from './shared/templateMessage.js';

const WHO: Record<string, string[]> = {
  reminder: ['comms_lead', 'incident_lead'],
  overdue: ['incident_lead', 'comms_lead'],
  interim: ['comms_lead', 'incident_lead'],
};

/**
 * Keeps every promise of a next update: reminds the comms lead before it is due, escalates to
 * the incident lead once it is overdue, and prompts for an interim update on a long incident.
 * Each action is written to cadence_log under a unique key first, so it happens once even if
 * two schedulers race. Run by the scheduler.
 */
export async function runCadence(ctx: Ctx): Promise<{ kind: string; incident_id: string }[]> {
  const now = ctx.clock.now();
  const open = await ctx.store.db
    .selectFrom('incidents')
    .select(['id', 'name', 'status', 'started_at', 'next_update_at', 'updated_at', 'severity'])
    .where('kind', '=', 'incident')
    .where('draft', '=', 0)
    .where('status', 'in', ['investigating', 'identified', 'monitoring'])
    .execute();
  const done: { kind: string; incident_id: string }[] = [];
  for (const inc of open) {
    const sev = inc.severity ? await getSeverity(ctx.store.db, inc.severity) : undefined;
    const policy = sev?.settings.cadence ?? DEFAULT_CADENCE;
    const due = dueCadence(
      {
        incidentId: inc.id,
        status: inc.status,
        startedAt: inc.started_at,
        nextUpdateAt: inc.next_update_at,
        lastUpdateAt: inc.updated_at,
      },
      now,
      policy,
    );
    for (const d of due) {
      const acted = await inTransaction(ctx, { scope: 'write' }, async (tx) => {
        const r = await tx.db
          .insertInto('cadence_log')
          .values({ key: `${inc.id}:${d.key}`, incident_id: inc.id, kind: d.kind, at: tx.at })
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst();
        if (!Number(r.numInsertedOrUpdatedRows ?? 0)) return false;
        const roles = await tx.db
          .selectFrom('incident_roles')
          .select(['role_key', 'person_id'])
          .where('incident_id', '=', inc.id)
          .where('role_key', 'in', WHO[d.kind])
          .execute();
        const first = WHO[d.kind].map((k) => roles.find((r) => r.role_key === k)).find(Boolean);
        const dueTime = new Date(d.dueAt).toISOString().slice(11, 16);
        let text = '';
        if (d.kind === 'reminder')
          text = `The next public update on "${inc.name}" is due at ${dueTime} UTC. Post it, even if there is no news: say so and give the next time.`;
        if (d.kind === 'overdue')
          text = `The update promised on "${inc.name}" for ${dueTime} UTC is overdue. Customers were told to expect it: post now.`;
        if (d.kind === 'interim') {
          const draft = await composeForIncident(tx.db, {
            template: 'interim',
            locale: 'en',
            vars: {
              issue: inc.name.toLowerCase(),
              next_update_at: new Date(now.getTime() + policy.laterMinutes * 60_000).toISOString(),
            },
            incidentName: inc.name,
            componentIds: [],
            incidentId: inc.id,
            fallbackUrl: ctx.fallbackUrl,
          });
          text = `"${inc.name}" has run for ${policy.interimAfterMinutes} minutes. Send an interim update. A draft from the interim template:\n\n${draft.composed.renderings.page}`;
        }
        await notifyPeople(
          tx.db,
          first ? [first.person_id] : [],
          {
            subject: `${d.kind === 'overdue' ? 'OVERDUE: ' : ''}${d.kind === 'interim' ? 'Interim update needed' : 'Update due'}: ${inc.name}`,
            text,
          },
          tx.at,
          inc.id,
        );
        await addTimeline(
          tx.db,
          inc.id,
          'system',
          !first
            ? `${d.kind === 'reminder' ? `Update due at ${dueTime} UTC` : d.kind === 'overdue' ? `Update overdue since ${dueTime} UTC` : 'Interim update needed'}, but nobody holds the comms lead or incident lead role, so nobody was told: assign the roles.`
            : d.kind === 'reminder'
              ? `Reminder sent: update due at ${dueTime} UTC.`
              : d.kind === 'overdue'
                ? `Update overdue since ${dueTime} UTC; escalated to the incident lead.`
                : 'Interim update prompted (long-running incident).',
          'flare',
          tx.at,
        );
        await tx.audit({
          action: `cadence.${d.kind}`,
          entityType: 'incident',
          entityId: inc.id,
          after: { key: d.key, due_at: d.dueAt, notified: first?.person_id ?? null },
        });
        return true;
      });
      if (acted) done.push({ kind: d.kind, incident_id: inc.id });
    }
  }
  return done;
}
