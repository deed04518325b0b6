import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { SingleBar } from 'cli-progress';
import { CLI } from '../../actions/context.js';
import { type AccountRejected, importAccounts } from '../../actions/importAccounts.js';
import { DomainError } from '../../domain/errors.js';
import { listAccounts } from '../../store/queries/accounts.js';
import { table } from '../format.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

export const accountCommands: CommandModule = (program, run) => {
  const accounts = program.command('accounts').description('manage accounts (customers)');

  accounts
    .command('import')
    .description(
      'upsert accounts and their contacts by external_id from a CSV file (one row per contact) ' +
        'or a JSON array (.json); see docs/accounts.md for the columns',
    )
    .argument('<file>', 'a .csv or .json file')
    .option('--strict', 'exit with status 2 when any row was rejected')
    .option('--json', 'print JSON')
    .action((file: string, opts: { strict?: boolean; json?: boolean }) =>
      run(async (app) => {
        let size: number;
        try {
          size = statSync(file).size;
        } catch (err) {
          throw new DomainError('not_found', `cannot read ${file}: ${(err as Error).message}`, {
            file: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
          });
        }
        const format = extname(file).toLowerCase() === '.json' ? 'json' : 'csv';
        const bar =
          process.stderr.isTTY && !opts.json
            ? new SingleBar({
                format: 'Importing [{bar}] {percentage}% · {rows} rows',
                stream: process.stderr,
                hideCursor: true,
              })
            : null;
        bar?.start(size, 0, { rows: 0 });
        const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
        const result = await importAccounts(app.ctx(CLI), stream, {
          format,
          maxBytes: Number.MAX_SAFE_INTEGER,
          onProgress: (rows) => bar?.update(stream.bytesRead, { rows }),
        }).finally(() => {
          bar?.update(size);
          bar?.stop();
        });
        print(!!opts.json, result, () =>
          [
            `Imported ${file}: ${result.created} accounts created, ${result.updated} updated, ${result.contacts} contacts, ${result.rejected_total} rejected.`,
            ...result.rejected.map(describe),
          ].join('\n'),
        );
        if (opts.strict && result.rejected_total > 0) process.exitCode = 2;
      }),
    );

  accounts
    .command('list')
    .description('list accounts')
    .option('--q <text>', 'search the name and external id')
    .option('--tier <tier>', 'only this tier')
    .option('--criticality <c>', 'only this criticality: critical, high or normal')
    .option('--tag <tag>', 'only accounts with this tag')
    .option('--limit <n>', 'at most this many', '1000')
    .option('--json', 'print JSON')
    .action(
      (opts: {
        q?: string;
        tier?: string;
        criticality?: string;
        tag?: string;
        limit: string;
        json?: boolean;
      }) =>
        run(async (app) => {
          const limit = Number(opts.limit);
          if (!Number.isInteger(limit) || limit < 1)
            throw new DomainError('validation_failed', 'bad --limit', {
              '--limit': 'must be a whole number above 0',
            });
          const list = await listAccounts(app.store.db, { ...opts, limit });
          print(!!opts.json, list, () =>
            table(
              ['ID', 'EXTERNAL ID', 'TIER', 'CRITICALITY', 'COMPONENTS', 'NAME'],
              list.map((a) => [
                a.id,
                a.external_id ?? '',
                a.tier,
                a.criticality,
                String(a.components.length),
                a.name,
              ]),
              'No accounts yet.',
            ),
          );
        }),
    );
};

/** "line 7: tier "gold" is not a tier of the plan" */
function describe(r: AccountRejected): string {
  return `row ${r.row}${r.external_id ? ` (${r.external_id})` : ''}: ${r.field} ${r.reason}`;
}
