/** `flare declare`: declare an incident from the plan in one command. */
import { CLI } from '../../actions/context.js';
import { declareIncident } from '../../actions/declareIncident.js';
import { describeIncident } from '../format.js';
import {
  type AudienceOpts,
  audienceInput,
  componentChange,
  minutes,
  withAudienceOptions,
} from '../options.js';
import { asPlanOptions, findingLines, roleAssignment, templateVar } from '../planOptions.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

interface DeclareOpts {
  severity: string;
  template: string;
  var?: Record<string, string>;
  component?: Record<string, string>;
  assign?: Record<string, string>;
  name?: string;
  body?: string;
  locale: string;
  draft?: boolean;
  drill?: boolean;
  nextUpdate?: number;
  notify: boolean;
  json?: boolean;
}

type DeclareAllOpts = DeclareOpts & AudienceOpts;

export const declareCommands: CommandModule = (program, run) => {
  const declare = program
    .command('declare')
    .description(
      'declare an incident: assign the roles, tell the team, open the incident room and publish from a template',
    )
    .requiredOption('--severity <key>', 'e.g. SEV1 (see `flare severity list`)')
    .option('--template <key>', 'the template of the first update', 'investigating')
    .option(
      '--var <key=value>',
      'a template variable, e.g. issue="failed logins" (repeatable)',
      templateVar,
    )
    .option(
      '--component <id=status>',
      'set a component, e.g. ID=major_outage (repeatable)',
      componentChange,
    )
    .option('--assign <role=person>', 'assign a role by hand (repeatable)', roleAssignment)
    .option('--name <name>', 'title (default: the issue, capitalised)')
    .option('--body <text>', 'free text instead of the template (may need approval)')
    .option('--locale <locale>', 'the template’s language', 'en')
    .option('--draft', 'do not publish yet (`flare incident publish ID` later)')
    .option('--drill', 'a drill: the team is the only audience')
    .option('--next-update <minutes>', 'promise the next update within this many minutes', minutes)
    .option('--no-notify', 'do not notify subscribers')
    .option('--json', 'print the result as JSON');
  withAudienceOptions(declare).action((opts: DeclareAllOpts) =>
    run(async (app) => {
      const d = await asPlanOptions(() =>
        declareIncident(app.ctx(CLI), {
          severity: opts.severity,
          template: opts.template,
          vars: opts.var ?? {},
          components: opts.component,
          assign: opts.assign,
          name: opts.name,
          body: opts.body,
          locale: opts.locale,
          publish: !opts.draft,
          drill: !!opts.drill,
          next_update_in_minutes: opts.nextUpdate,
          deliver_notifications: opts.notify,
          ...audienceInput(opts),
        }),
      );
      if (opts.json) return print(true, d, () => '');
      // stdout is the bare id, so `ID=$(flare declare …)` works; the rest is for the person
      const i = d.incident;
      const lines = [describeIncident(`Declared ${i.severity}`, i)];
      lines.push(
        `  ${i.drill ? 'drill: the team only' : i.draft ? (d.approvalId ? `waiting for approval ${d.approvalId}` : 'draft: not public yet') : 'published'}`,
      );
      lines.push(
        `  roles: ${d.assignments.map((a) => `${a.role_name} ${a.person_name}`).join(', ') || 'nobody on call'}`,
      );
      process.stderr.write(`${[...lines, ...findingLines(d.findings)].join('\n')}\n`);
      process.stdout.write(`${i.id}\n`);
    }),
  );
};
