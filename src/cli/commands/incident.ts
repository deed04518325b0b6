import { CLI } from '../../actions/context.js';
import { createIncident } from '../../actions/createIncident.js';
import { postUpdate } from '../../actions/postUpdate.js';
import { invalid, notFound } from '../../domain/errors.js';
import type { Db } from '../../store/db.js';
import { getIncident, listIncidents } from '../../store/queries/incidents.js';
import type { Incident } from '../../store/queries/models.js';
import { describeIncident, incidentRows, table } from '../format.js';
import {
  type AudienceOpts,
  asOptions,
  audienceInput,
  componentChange,
  minutes,
  withAudienceOptions,
} from '../options.js';
import { templateVar } from '../planOptions.js';
import { print } from '../run.js';
import {
  addIncidentPlanCommands,
  type TemplateUpdateOpts,
  templateUpdate,
} from './incidentPlan.js';
import type { CommandModule } from './index.js';

interface UpdateOpts extends AudienceOpts {
  status: string;
  body: string;
  component?: Record<string, string>;
  nextUpdate?: number;
  notify: boolean;
  json?: boolean;
}

interface OpenOpts extends UpdateOpts {
  name: string;
  impact?: string;
}

const NAMES = {
  name: '--name',
  body: '--body',
  status: '--status',
  impact: '--impact',
  components: '--component',
  next_update_in_minutes: '--next-update',
  audiences: '--audience',
  visibility: '--audiences-only',
};

const RESOLVED_BODY = {
  incident: 'This incident has been resolved. Thank you for your patience.',
  maintenance: 'The scheduled maintenance has been completed.',
};

/** The incident or maintenance with this id (an update needs to know which one it is). */
async function find(db: Db, id: string): Promise<Incident> {
  const found = await getIncident(db, id);
  if (!found) throw notFound('incident', id);
  return found;
}

export const incidentCommands: CommandModule = (program, run) => {
  const incident = program.command('incident').description('open, update and resolve incidents');

  const open = incident
    .command('open')
    .description('open an incident with its first update')
    .requiredOption('--name <name>', 'title, e.g. "Elevated API error rates"')
    .requiredOption('--body <text>', 'first update, in markdown')
    .option('--status <status>', 'investigating, identified or monitoring', 'investigating')
    .option('--impact <impact>', 'none, minor, major or critical (default: from the components)')
    .option(
      '--component <id=status>',
      'set a component, e.g. ID=major_outage (repeatable)',
      componentChange,
    )
    .option('--next-update <minutes>', 'promise the next update within this many minutes', minutes)
    .option('--no-notify', 'do not notify subscribers')
    .option('--json', 'print the incident as JSON');
  withAudienceOptions(open).action((opts: OpenOpts) =>
    run(async (app) => {
      const i = await asOptions(NAMES, () =>
        createIncident(app.ctx(CLI), {
          name: opts.name,
          body: opts.body,
          status: opts.status,
          impact: opts.impact,
          components: opts.component,
          next_update_in_minutes: opts.nextUpdate,
          deliver_notifications: opts.notify,
          ...audienceInput(opts),
        }),
      );
      print(!!opts.json, i, () => describeIncident('Opened', i));
    }),
  );

  const update = incident
    .command('update')
    .description('post an update: new status, body, component changes')
    .argument('<id>', 'incident id (see `flare incident list`)')
    .option(
      '--status <status>',
      'investigating, identified, monitoring, resolved or postmortem (default with --template: its stage)',
    )
    .option('--body <text>', 'the update, in markdown (or give --template)')
    .option('--template <key>', 'write the update from a template, e.g. identified or resolved')
    .option('--var <key=value>', 'a template variable (repeatable)', templateVar)
    .option('--locale <locale>', 'the template’s language', 'en')
    .option(
      '--component <id=status>',
      'set a component, e.g. ID=operational (repeatable)',
      componentChange,
    )
    .option('--next-update <minutes>', 'promise the next update within this many minutes', minutes)
    .option('--no-notify', 'do not notify subscribers')
    .option('--json', 'print the incident as JSON');
  withAudienceOptions(update).action((id: string, opts: UpdateOpts & Partial<TemplateUpdateOpts>) =>
    run(async (app) => {
      if (opts.template) return templateUpdate(app, id, { ...opts, template: opts.template });
      if (!opts.status || !opts.body)
        throw invalid({ '--status and --body': 'are required (or give --template)' });
      const { kind, severity } = await find(app.store.db, id);
      // an incident declared with a severity keeps its rules: approval, cadence
      if (severity) return templateUpdate(app, id, { ...opts, template: undefined });
      const i = await asOptions(NAMES, () =>
        postUpdate(app.ctx(CLI), kind, id, {
          status: opts.status,
          body: opts.body,
          components: opts.component,
          next_update_in_minutes: opts.nextUpdate,
          deliver_notifications: opts.notify,
          ...audienceInput(opts),
        }),
      );
      print(!!opts.json, i, () => describeIncident('Updated', i));
    }),
  );

  incident
    .command('resolve')
    .description('resolve an incident; its components go back to operational')
    .argument('<id>', 'incident id (see `flare incident list`)')
    .option('--body <text>', 'the closing update, in markdown')
    .option('--no-notify', 'do not notify subscribers')
    .option('--json', 'print the incident as JSON')
    .action((id: string, opts: { body?: string; notify: boolean; json?: boolean }) =>
      run(async (app) => {
        const { kind } = await find(app.store.db, id);
        const i = await asOptions(NAMES, () =>
          postUpdate(app.ctx(CLI), kind, id, {
            status: kind === 'maintenance' ? 'completed' : 'resolved',
            body: opts.body ?? RESOLVED_BODY[kind],
            deliver_notifications: opts.notify,
          }),
        );
        print(!!opts.json, i, () => describeIncident('Resolved', i));
      }),
    );

  incident
    .command('list')
    .description('list open incidents (all of them with --all)')
    .option('--all', 'include resolved incidents')
    .option('--json', 'print JSON')
    .action((opts: { all?: boolean; json?: boolean }) =>
      run(async (app) => {
        const list = await listIncidents(app.store.db, { kind: 'incident', unresolved: !opts.all });
        print(!!opts.json, list, () =>
          table(
            ['ID', 'STATUS', 'IMPACT', 'STARTED', 'NAME'],
            incidentRows(list),
            opts.all ? 'No incidents.' : 'No open incidents. (--all lists resolved ones too)',
          ),
        );
      }),
    );

  addIncidentPlanCommands(incident, run);
};
