/** `flare outreach list|done`: account-manager calls to key accounts, and their outcomes. */

import { completeOutreach } from '../../actions/completeOutreach.js';
import { CLI } from '../../actions/context.js';
import { notFound } from '../../domain/errors.js';
import { getIncident } from '../../store/queries/incidents.js';
import { listOutreach } from '../../store/queries/outreach.js';
import { shortTime, table } from '../format.js';
import { asOptions } from '../options.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

export const outreachCommands: CommandModule = (program, run) => {
  const outreach = program
    .command('outreach')
    .description('account-manager calls to the key accounts an incident affects');

  outreach
    .command('list')
    .description("an incident's outreach tasks, soonest due first, with who calls whom")
    .argument('<incident_id>', 'incident id')
    .option('--json', 'print JSON (with talking points and contacts)')
    .action((incidentId: string, opts: { json?: boolean }) =>
      run(async (app) => {
        if (!(await getIncident(app.store.db, incidentId))) throw notFound('incident', incidentId);
        const list = await listOutreach(app.store.db, incidentId);
        print(!!opts.json, list, () =>
          table(
            ['ID', 'ACCOUNT', 'ASSIGNEE', 'STATUS', 'DUE', 'OUTCOME', 'CONTACTS'],
            list.map((t) => [
              t.id,
              t.account_name,
              t.assignee_name ?? '-',
              t.status,
              shortTime(t.due_at),
              t.outcome ?? '-',
              t.contacts.map((c) => `${c.name}${c.phone ? ` ${c.phone}` : ''}`).join('; ') || '-',
            ]),
            'No outreach tasks for this incident.',
          ),
        );
      }),
    );

  outreach
    .command('done')
    .description('record how an outreach call went, which completes the task')
    .argument('<task_id>', 'outreach task id (see `flare outreach list`)')
    .requiredOption('--outcome <outcome>', 'reached, left_message or no_answer')
    .option('--note <text>', 'what was said or agreed')
    .option('--json', 'print JSON')
    .action((taskId: string, opts: { outcome: string; note?: string; json?: boolean }) =>
      run(async (app) => {
        const t = await asOptions({ outcome: '--outcome', note: '--note' }, () =>
          completeOutreach(app.ctx(CLI), taskId, { outcome: opts.outcome, note: opts.note }),
        );
        print(
          !!opts.json,
          t,
          () => `Outreach to ${t.account_name}: ${t.outcome?.replace('_', ' ')}.`,
        );
      }),
    );
};
