import { readFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { CLI } from '../../actions/context.js';
import { importSubscribers, type Rejected } from '../../actions/importSubscribers.js';
import { readSubscriberCsv } from '../../actions/shared/subscriberCsv.js';
import { channelList } from '../../channels/catalog.js';
import { DomainError } from '../../domain/errors.js';
import { listSubscribers } from '../../store/queries/subscribers.js';
import { shortTime, table } from '../format.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

export const subscriberCommands: CommandModule = (program, run) => {
  const subs = program.command('subscribers').description('manage subscribers');

  subs
    .command('import')
    .description(
      'import subscribers from a CSV file with a header row: channel,address (or email / phone / url), ' +
        'components (ids or names, separated by ;), locale, time_zone, confirmed',
    )
    .argument('<file>', 'the CSV file')
    .option('--confirmed', 'the people in the file already opted in: send no confirmation')
    .option('--strict', 'exit with status 2 when any row was rejected')
    .option('--json', 'print JSON')
    .action((file: string, opts: { confirmed?: boolean; strict?: boolean; json?: boolean }) =>
      run(async (app) => {
        const { rows } = readRows(file);
        const bar =
          process.stderr.isTTY && !opts.json
            ? new SingleBar({
                format: 'Importing [{bar}] {percentage}% · {value}/{total} rows',
                stream: process.stderr,
                hideCursor: true,
              })
            : null;
        bar?.start(rows.length, 0);
        const result = await importSubscribers(app.ctx(CLI), rows, {
          confirmed: opts.confirmed,
          onProgress: (done) => bar?.update(done),
        }).finally(() => bar?.stop());
        print(!!opts.json, result, () =>
          [
            `Imported ${file}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.rejected.length} rejected.`,
            ...result.rejected.map(describe),
          ].join('\n'),
        );
        if (opts.strict && result.rejected.length > 0) process.exitCode = 2;
      }),
    );

  subs
    .command('list')
    .description('list subscribers')
    .option('--channel <channel>', `only this channel: ${channelList()}`)
    .option(
      '--state <state>',
      'only this state: pending, active, unsubscribed, undeliverable or disabled',
    )
    .option('--limit <n>', 'at most this many', '1000')
    .option('--json', 'print JSON')
    .action((opts: { channel?: string; state?: string; limit: string; json?: boolean }) =>
      run(async (app) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new DomainError('validation_failed', 'bad --limit', {
            '--limit': 'must be a whole number above 0',
          });
        const list = await listSubscribers(app.store.db, {
          channel: opts.channel,
          state: opts.state,
          limit,
        });
        print(!!opts.json, list, () =>
          table(
            ['ID', 'CHANNEL', 'STATE', 'COMPONENTS', 'CREATED', 'ADDRESS'],
            list.map((s) => [
              s.id,
              s.channel,
              s.state,
              s.components ? String(s.components.length) : 'all',
              shortTime(s.created_at),
              s.address,
            ]),
            'No subscribers yet.',
          ),
        );
      }),
    );
};

/** "line 7: email must be an email address" */
function describe(r: Rejected): string {
  return `line ${r.line}: ${Object.entries(r.fields)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ')}`;
}

function readRows(file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DomainError('not_found', `cannot read ${file}: ${(err as Error).message}`, {
      file: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    });
  }
  return readSubscriberCsv(text, file);
}
