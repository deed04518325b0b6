import { CLI } from '../../actions/context.js';
import { scheduleMaintenance } from '../../actions/scheduleMaintenance.js';
import { listIncidents } from '../../store/queries/incidents.js';
import { describeIncident, maintenanceRows, table } from '../format.js';
import { asOptions, collect } from '../options.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

interface ScheduleOpts {
  name: string;
  body: string;
  from: string;
  until: string;
  component?: string[];
  auto: boolean;
  notify: boolean;
  json?: boolean;
}

const NAMES = {
  name: '--name',
  body: '--body',
  scheduled_for: '--from',
  scheduled_until: '--until',
  components: '--component',
};

export const maintenanceCommands: CommandModule = (program, run) => {
  const maintenance = program.command('maintenance').description('schedule maintenance windows');

  maintenance
    .command('schedule')
    .description('schedule a maintenance; it starts and completes by itself at the window edges')
    .requiredOption('--name <name>', 'title, e.g. "Database upgrade"')
    .requiredOption('--body <text>', 'what will happen, in markdown')
    .requiredOption('--from <iso>', 'start, ISO 8601 with a time zone, e.g. 2026-11-26T02:00:00Z')
    .requiredOption('--until <iso>', 'end, ISO 8601 with a time zone')
    .option('--component <id>', 'a component under maintenance (repeatable)', collect)
    .option('--no-auto', 'do not start and complete it automatically')
    .option('--no-notify', 'do not notify subscribers')
    .option('--json', 'print the maintenance as JSON')
    .action((opts: ScheduleOpts) =>
      run(async (app) => {
        const m = await asOptions(NAMES, () =>
          scheduleMaintenance(app.ctx(CLI), {
            name: opts.name,
            body: opts.body,
            scheduled_for: opts.from,
            scheduled_until: opts.until,
            components: opts.component ?? [],
            auto_transition: opts.auto,
            deliver_notifications: opts.notify,
          }),
        );
        print(!!opts.json, m, () => describeIncident('Scheduled', m));
      }),
    );

  maintenance
    .command('list')
    .description('list upcoming and active maintenance (all of it with --all)')
    .option('--all', 'include completed maintenance')
    .option('--json', 'print JSON')
    .action((opts: { all?: boolean; json?: boolean }) =>
      run(async (app) => {
        const list = await listIncidents(app.store.db, {
          kind: 'maintenance',
          unresolved: !opts.all,
        });
        print(!!opts.json, list, () =>
          table(
            ['ID', 'STATUS', 'FROM', 'UNTIL', 'NAME'],
            maintenanceRows(list),
            'No maintenance.',
          ),
        );
      }),
    );
};
