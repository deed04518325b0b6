import { CLI } from '../../actions/context.js';
import { createComponent } from '../../actions/createComponent.js';
import { updateComponent } from '../../actions/updateComponent.js';
import { listComponents } from '../../store/queries/components.js';
import { componentRows, table } from '../format.js';
import { asOptions } from '../options.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

interface AddOpts {
  group?: string;
  isGroup?: boolean;
  description?: string;
  status?: string;
  json?: boolean;
}

const ADD_NAMES = {
  name: 'NAME',
  group_id: '--group',
  group: '--is-group',
  description: '--description',
  status: '--status',
};

export const componentCommands: CommandModule = (program, run) => {
  const component = program.command('component').description('manage the components on the page');

  component
    .command('add')
    .description('add a component, or a group with --is-group')
    .argument('<name>', 'name shown on the status page')
    .option('--group <id>', 'id of the group this component belongs to')
    .option('--is-group', 'create a group that holds other components')
    .option('--description <text>', 'one line shown under the name')
    .option('--status <status>', 'initial status (default operational)')
    .option('--json', 'print the component as JSON')
    .action((name: string, opts: AddOpts) =>
      run(async (app) => {
        const c = await asOptions(ADD_NAMES, () =>
          createComponent(app.ctx(CLI), {
            name,
            description: opts.description,
            status: opts.status,
            group: opts.isGroup,
            group_id: opts.group,
          }),
        );
        print(
          !!opts.json,
          c,
          () => `Added ${c.group ? 'group' : 'component'} ${c.id}: ${c.name} (${c.status})`,
        );
      }),
    );

  component
    .command('list')
    .description('list components: id, name, group, status')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      run(async (app) => {
        const components = await listComponents(app.store.db);
        print(!!opts.json, components, () =>
          table(
            ['ID', 'NAME', 'GROUP', 'STATUS'],
            componentRows(components),
            'No components yet. Add one with: flare component add NAME',
          ),
        );
      }),
    );

  component
    .command('set-status')
    .description('set the status of a component (recorded in its history)')
    .argument('<id>', 'component id (see `flare component list`)')
    .argument(
      '<status>',
      'operational, degraded_performance, partial_outage, major_outage or under_maintenance',
    )
    .option('--notify', 'notify subscribers of the change')
    .option('--json', 'print the component as JSON')
    .action((id: string, status: string, opts: { notify?: boolean; json?: boolean }) =>
      run(async (app) => {
        const c = await asOptions({ status: 'STATUS' }, () =>
          updateComponent(app.ctx(CLI), id, { status, notify: !!opts.notify }),
        );
        print(!!opts.json, c, () => `${c.name} (${c.id}) is now ${c.status}`);
      }),
    );
};
