import { readFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { CLI } from '../../actions/context.js';
import { importStatuspage } from '../../actions/importStatuspage.js';
import { importSubscribers } from '../../actions/importSubscribers.js';
import { readStatuspage } from '../../channels/import/statuspage.js';
import { DomainError } from '../../domain/errors.js';
import { subscriberFields } from '../../domain/statuspage.js';
import { csvObjects } from '../../lib/csv.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

/** `flare import statuspage`: move a page from Atlassian Statuspage (docs/import.md). */
export const importCommands: CommandModule = (program, run) => {
  const imports = program.command('import').description('bring a status page in from another tool');
  imports
    .command('statuspage')
    .description(
      'import a Statuspage page from its public /api/v2: components with their groups, incidents and maintenances with every update (as history: nobody is notified); a rerun updates what changed',
    )
    .requiredOption('--url <url>', 'the page, e.g. https://status.example.com')
    .option(
      '--subscribers <file>',
      "Statuspage's subscriber export (CSV) to import as confirmed subscribers",
    )
    .option('--json', 'print JSON')
    .action((opts: { url: string; subscribers?: string; json?: boolean }) =>
      run(async (app) => {
        const csv = opts.subscribers ? readText(opts.subscribers) : null;
        const docs = await readStatuspage(opts.url, app.config.allowPrivateNetwork, (p) => {
          if (!opts.json && process.stderr.isTTY) process.stderr.write(`Reading ${p}\n`);
        });
        const bar =
          process.stderr.isTTY && !opts.json
            ? new SingleBar({
                format: 'Importing [{bar}] {percentage}% · {value}/{total}',
                stream: process.stderr,
                hideCursor: true,
              })
            : null;
        bar?.start(docs.components.length + docs.incidents.length + docs.maintenances.length, 0);
        const result = await importStatuspage(app.ctx(CLI), docs, {
          onProgress: (done) => bar?.update(done),
        }).finally(() => bar?.stop());
        let subscribers: Awaited<ReturnType<typeof importSubscribers>> | null = null;
        if (csv) {
          const { rows } = csvObjects(csv);
          const mapped = rows.map((r) => {
            const { fields, problem } = subscriberFields(r.fields);
            return {
              line: r.line,
              fields,
              ...(problem
                ? {
                    error: Object.entries(problem)
                      .map(([k, v]) => `${k} ${v}`)
                      .join('; '),
                  }
                : {}),
            };
          });
          subscribers = await importSubscribers(app.ctx(CLI), mapped, { confirmed: true });
        }
        const c = (n: { created: number; updated: number; unchanged: number }) =>
          `${n.created} created, ${n.updated} updated, ${n.unchanged} unchanged`;
        print(!!opts.json, { ...result, subscribers }, () =>
          [
            `Imported ${opts.url}:`,
            `  components:   ${c(result.components)}`,
            `  incidents:    ${c(result.incidents)}`,
            `  maintenances: ${c(result.maintenances)}`,
            ...(subscribers
              ? [
                  `  subscribers:  ${subscribers.created} created, ${subscribers.updated} updated, ${subscribers.unchanged} unchanged, ${subscribers.rejected.length} rejected`,
                  ...subscribers.rejected.map(
                    (r) =>
                      `    line ${r.line}: ${Object.entries(r.fields)
                        .map(([k, v]) => `${k} ${v}`)
                        .join('; ')}`,
                  ),
                ]
              : []),
          ].join('\n'),
        );
      }),
    );
};

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new DomainError('not_found', `cannot read ${file}: ${(err as Error).message}`, {
      subscribers: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    });
  }
}
