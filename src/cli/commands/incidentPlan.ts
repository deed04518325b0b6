/** `flare incident update --template …` and `flare incident publish`: the plan's side of incidents. */
import type { Command } from 'commander';
import { CLI } from '../../actions/context.js';
import { postTemplateUpdate } from '../../actions/postTemplateUpdate.js';
import { publishIncident } from '../../actions/publishIncident.js';
import type { App } from '../../app.js';
import { describeIncident } from '../format.js';
import { type AudienceOpts, audienceInput } from '../options.js';
import { asPlanOptions, findingLines } from '../planOptions.js';
import { print, type RunCommand } from '../run.js';

export interface TemplateUpdateOpts extends AudienceOpts {
  /** absent for free text on an incident declared with a severity */
  template?: string;
  var?: Record<string, string>;
  locale?: string;
  status?: string;
  body?: string;
  component?: Record<string, string>;
  nextUpdate?: number;
  notify: boolean;
  json?: boolean;
}

/** Posts an update from a template; prints the incident, or the approval it waits for. */
export async function templateUpdate(
  app: App,
  id: string,
  opts: TemplateUpdateOpts,
): Promise<void> {
  const r = await asPlanOptions(() =>
    postTemplateUpdate(app.ctx(CLI), id, {
      template: opts.template,
      vars: opts.var ?? {},
      locale: opts.locale ?? 'en',
      status: opts.status,
      body: opts.body,
      components: opts.component,
      next_update_in_minutes: opts.nextUpdate,
      deliver_notifications: opts.notify,
      ...audienceInput(opts),
    }),
  );
  print(!!opts.json, r, () => {
    const head = r.incident
      ? describeIncident('Updated', r.incident)
      : `Waiting for approval ${r.approvalId}: \`flare approval decide ${r.approvalId} approve\``;
    return [head, ...findingLines(r.findings)].join('\n');
  });
}

export function addIncidentPlanCommands(incident: Command, run: RunCommand): void {
  incident
    .command('publish')
    .description('publish a draft incident and notify its subscribers (drills are never published)')
    .argument('<id>', 'incident id')
    .option('--json', 'print the incident as JSON')
    .action((id: string, opts: { json?: boolean }) =>
      run(async (app) => {
        const i = await publishIncident(app.ctx(CLI), id);
        print(!!opts.json, i, () => describeIncident('Published', i));
      }),
    );
}
