/** `flare template list|show|preview`: the message templates and how they read. */
import { InvalidArgumentError } from 'commander';
import { CLI } from '../../actions/context.js';
import { previewTemplate } from '../../actions/previewTemplate.js';
import { notFound } from '../../domain/errors.js';
import { STAGES, TEMPLATE_CHANNELS } from '../../domain/templates.js';
import { findTemplate, listTemplates } from '../../store/queries/templates.js';
import { table } from '../format.js';
import { asPlanOptions, findingLines, templateVar } from '../planOptions.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

function channel(value: string): string {
  if (value !== 'all' && !(TEMPLATE_CHANNELS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${TEMPLATE_CHANNELS.join(', ')} or all`);
  return value;
}

interface PreviewOpts {
  channel: string;
  var?: Record<string, string>;
  locale?: string;
  tz?: string;
  incident?: string;
  json?: boolean;
}

export const templateCommands: CommandModule = (program, run) => {
  const template = program.command('template').description('list and preview message templates');

  template
    .command('list')
    .description('list templates by key and locale')
    .option('--locale <locale>', 'only this locale, e.g. fr')
    .option('--stage <stage>', `only this stage: ${STAGES.join(', ')}`)
    .option('--json', 'print JSON')
    .action((opts: { locale?: string; stage?: string; json?: boolean }) =>
      run(async (app) => {
        const all = await listTemplates(app.store.db, { locale: opts.locale });
        const list = opts.stage ? all.filter((t) => t.stage === opts.stage) : all;
        print(!!opts.json, list, () =>
          table(
            ['KEY', 'LOCALE', 'STAGE', 'PRE-APPROVED', 'NAME'],
            list.map((t) => [t.key, t.locale, t.stage, t.pre_approved ? 'yes' : 'no', t.name]),
            'No templates.',
          ),
        );
      }),
    );

  template
    .command('show')
    .description('print a template’s Liquid for every channel')
    .argument('<key>', 'template key or id')
    .option('--locale <locale>', 'the variant', 'en')
    .option('--json', 'print JSON')
    .action((key: string, opts: { locale: string; json?: boolean }) =>
      run(async (app) => {
        const t = await findTemplate(app.store.db, key, opts.locale);
        if (!t) throw notFound('template', key);
        print(!!opts.json, t, () =>
          [
            `${t.key} (${t.locale}, ${t.stage})${t.pre_approved ? ' pre-approved' : ''}: ${t.name}`,
            ...TEMPLATE_CHANNELS.filter((c) => t[c]).map((c) => `\n[${c}]\n${t[c]}`),
          ].join('\n'),
        );
      }),
    );

  template
    .command('preview')
    .description(
      'render a template for a channel, locale and time zone, with the linter’s findings',
    )
    .argument('<key>', 'template key or id')
    .option('--channel <channel>', `${TEMPLATE_CHANNELS.join(', ')} or all`, channel, 'all')
    .option('--var <key=value>', 'a template variable (repeatable)', templateVar)
    .option('--locale <locale>', 'the reader’s language and the variant, e.g. fr')
    .option('--tz <zone>', 'the reader’s time zone, e.g. Europe/Paris')
    .option('--incident <id>', 'fill in from this incident')
    .option('--json', 'print JSON')
    .action((key: string, opts: PreviewOpts) =>
      run(async (app) => {
        const p = await asPlanOptions(() =>
          previewTemplate(app.ctx(CLI), key, {
            channel: opts.channel,
            vars: opts.var ?? {},
            locale: opts.locale,
            time_zone: opts.tz,
            incident_id: opts.incident,
          }),
        );
        print(!!opts.json, p, () => {
          const parts = Object.entries(p.renderings).map(([c, text]) => `[${c}]\n${text}`);
          const findings = p.findings.length
            ? ['findings:', ...findingLines(p.findings)]
            : ['findings: none'];
          return [
            `${p.template.key} (${p.template.locale}) for a reader in ${p.time_zone}, ${p.locale}`,
            '',
            parts.join('\n\n'),
            '',
            ...findings,
          ].join('\n');
        });
        // a template with linter errors would be refused on publish: say so in the exit code
        if (p.findings.some((f) => f.severity === 'error')) process.exitCode = 1;
      }),
    );
};
