/**
 * `flare debrief <incident>`: the comms debrief (issue #14) as Markdown (the default), JSON,
 * or the standalone HTML file with its charts, printed or written to a file.
 */
import { writeFile } from 'node:fs/promises';
import { loadDebrief } from '../../actions/applyDebriefSuggestion.js';
import { CLI } from '../../actions/context.js';
import { invalid } from '../../domain/errors.js';
import { pageZone } from '../../lib/format.js';
import { debriefFile } from '../../pages/console/debriefFile.js';
import { debriefMarkdown } from '../../present/debriefMarkdown.js';
import { getPage } from '../../store/queries/page.js';
import type { CommandModule } from './index.js';

const FORMATS = ['md', 'json', 'html'] as const;

export const debriefCommands: CommandModule = (program, run) => {
  program
    .command('debrief <incident>')
    .description(
      'the comms debrief of an incident: metrics with definitions, suggestions and at-risk accounts',
    )
    .option(
      '--format <md|json|html>',
      'Markdown for the postmortem, JSON, or the standalone HTML file with its charts',
      'md',
    )
    .option('--html', 'the same as --format html')
    .option('--json', 'the same as --format json')
    .option('--out <file>', 'write to this file instead of printing')
    .action(
      (incident: string, opts: { format: string; html?: boolean; json?: boolean; out?: string }) =>
        run(async (app) => {
          const format = opts.html ? 'html' : opts.json ? 'json' : opts.format;
          if (!FORMATS.includes(format as (typeof FORMATS)[number]))
            throw invalid({ '--format': `must be one of ${FORMATS.join(', ')}` });
          const ctx = app.ctx(CLI);
          const d = await loadDebrief(ctx, incident);
          let text: string;
          if (format === 'json') {
            const { name: _name, ...rest } = d;
            text = `${JSON.stringify(rest, null, 2)}\n`;
          } else if (format === 'md') text = debriefMarkdown(d.name, d);
          else {
            const page = await getPage(app.store.db);
            text = debriefFile(d, {
              page: page ?? { name: 'Flare', url: '', brand_color: '' },
              zone: pageZone(page?.time_zone ?? 'UTC'),
              now: ctx.clock.now(),
            });
          }
          if (!opts.out) {
            process.stdout.write(text);
            return;
          }
          await writeFile(opts.out, text);
          process.stdout.write(
            `Wrote the debrief (${format}, ${Buffer.byteLength(text)} bytes) to ${opts.out}\n`,
          );
        }),
    );
};
