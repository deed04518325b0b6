import { consoleBase, notifyOutreach, roleHolder } from '../store/writes/outreach.js';
import { type Ctx, inTransaction } from './context.js';
import { addTimeline } from './shared/team.js';

/**
 * An outreach task still open when it falls due escalates to the incident's comms lead (the
 * person holding the role, else the first on call in its rotation): it is marked escalated,
 * the comms lead is told, and the incident room notes it. Tasks of a closed incident do not
 * escalate. Run by the scheduler; returns how many tasks escalated.
 */
export async function escalateOutreach(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const overdue = await ctx.store.db
    .selectFrom('outreach_tasks as t')
    .innerJoin('incidents as i', 'i.id', 't.incident_id')
    .select('t.incident_id')
    .distinct()
    .where('t.status', '=', 'open')
    .where('t.due_at', '<=', now)
    .where('i.status', 'not in', ['resolved', 'postmortem', 'completed'])
    .execute();
  let escalated = 0;
  for (const { incident_id } of overdue) {
    escalated += await inTransaction(ctx, { scope: 'write' }, async (tx) => {
      const tasks = await tx.db
        .selectFrom('outreach_tasks as t')
        .innerJoin('accounts as a', 'a.id', 't.account_id')
        .innerJoin('incidents as i', 'i.id', 't.incident_id')
        .select(['t.id', 't.due_at', 't.assignee_id', 'a.name as account', 'i.name as incident'])
        .where('t.incident_id', '=', incident_id)
        .where('t.status', '=', 'open')
        .where('t.due_at', '<=', tx.at)
        .orderBy('t.due_at')
        .orderBy('a.name')
        .execute();
      if (tasks.length === 0) return 0; // completed meanwhile
      const ids = tasks.map((t) => t.id);
      await tx.db
        .updateTable('outreach_tasks')
        .set({ status: 'escalated', escalated_at: tx.at })
        .where('id', 'in', ids)
        .where('status', '=', 'open')
        .execute();
      const lead = await roleHolder(tx.db, incident_id, 'comms_lead', tx.at);
      const accounts = tasks.map((t) => t.account);
      for (const t of tasks)
        await addTimeline(
          tx.db,
          incident_id,
          'system',
          `Outreach to ${t.account} is overdue (due ${t.due_at}) and escalated to ${lead ? `${lead.name} (comms lead)` : 'the comms lead, but nobody holds the role or is on its rotation'}.`,
          'flare',
          tx.at,
        );
      if (lead)
        await notifyOutreach(tx.db, {
          kind: 'outreach.escalated',
          personId: lead.id,
          incidentId: incident_id,
          incidentName: tasks[0].incident,
          accounts,
          dueAt: tasks[0].due_at,
          at: tx.at,
          base: await consoleBase(tx.db),
        });
      await tx.audit({
        action: 'outreach.escalate',
        entityType: 'incident',
        entityId: incident_id,
        before: { tasks: ids, status: 'open' },
        after: { tasks: ids, status: 'escalated', comms_lead: lead?.id ?? null },
      });
      return tasks.length;
    });
  }
  return escalated;
}
