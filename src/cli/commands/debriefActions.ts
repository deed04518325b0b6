/** `flare debrief actions <incident_id>`: a debrief's action items, soonest due first. */
import { CLI } from '../../actions/context.js';
import { isOverdue } from '../../domain/debriefActions.js';
import { notFound } from '../../domain/errors.js';
import { listDebriefActions } from '../../store/queries/debriefActions.js';
import { getIncident } from '../../store/queries/incidents.js';
import { shortTime, table } from '../format.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

export const debriefActionCommands: CommandModule = (program, run) => {
  // another module may define `flare debrief` too: add to it rather than a second one
  const debrief =
    program.commands.find((c) => c.name() === 'debrief') ??
    program.command('debrief').description('the comms debrief after an incident');

  debrief
    .command('actions')
    .description("an incident's debrief action items (owner, due, done), soonest due first")
    .argument('<incident_id>', 'incident id')
    .option('--open', 'only the items still open')
    .option('--json', 'print JSON')
    .action((incidentId: string, opts: { open?: boolean; json?: boolean }) =>
      run(async (app) => {
        if (!(await getIncident(app.store.db, incidentId))) throw notFound('incident', incidentId);
        const now = app.ctx(CLI).clock.now();
        const list = await listDebriefActions(app.store.db, {
          incidentId,
          ...(opts.open ? { status: 'open' as const } : {}),
        });
        print(
          !!opts.json,
          list.map((a) => ({ ...a, overdue: isOverdue(a, now) })),
          () =>
            table(
              ['ID', 'TEXT', 'OWNER', 'DUE', 'STATUS'],
              list.map((a) => [
                a.id,
                a.text.length > 60 ? `${a.text.slice(0, 59)}…` : a.text,
                a.owner_name ?? a.owner_id,
                shortTime(a.due_at),
                a.status === 'done' ? 'done' : isOverdue(a, now) ? 'OVERDUE' : 'open',
              ]),
              'No action items for this incident.',
            ),
        );
      }),
    );
};
