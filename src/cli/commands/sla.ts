/** `flare sla report`: the SLA credits report for a month, as a table, JSON or the billing CSV. */
import { slaMonth } from '../../actions/slaInputs.js';
import { invalid } from '../../domain/errors.js';
import { slaReportChunks } from '../../present/slaReport.js';
import { loadSlaMonth, slaReportRows } from '../../store/queries/slaReport.js';
import { table } from '../format.js';
import type { CommandModule } from './index.js';

/** Writes a chunk, waiting when stdout's buffer is full (a 200,000-row CSV must not pile up). */
function write(chunk: string): Promise<void> {
  return new Promise((done) => {
    if (process.stdout.write(chunk)) done();
    else process.stdout.once('drain', done);
  });
}

export const slaCommands: CommandModule = (program, run) => {
  const sla = program.command('sla').description('SLA credits: uptime per account and month');

  sla
    .command('report')
    .description(
      'the credits report for a month: uptime, downtime, credit and goodwill per account a policy covers',
    )
    .requiredOption('--month <YYYY-MM>', 'the month, in each account’s time zone')
    .option('--csv', 'print the billing CSV (a header row, one row per account)')
    .option('--json', 'print JSON ({month, accounts: […]})')
    .action((opts: { month: string; csv?: boolean; json?: boolean }) =>
      run(async (app) => {
        const m = slaMonth.safeParse(opts.month);
        if (!m.success) throw invalid({ '--month': m.error.issues[0].message });
        const data = await loadSlaMonth(app.store.db, opts.month, app.clock.now());
        const rows = slaReportRows(app.store.db, data);
        if (opts.csv || opts.json) {
          for await (const chunk of slaReportChunks(opts.month, rows, opts.csv ? 'csv' : 'json'))
            await write(chunk);
          if (opts.json) await write('\n');
          return;
        }
        const lines: string[][] = [];
        for await (const r of rows)
          lines.push([
            r.name,
            r.tier,
            r.uptime.toFixed(4),
            String(r.downtime_minutes),
            `${r.credit_percent}%`,
            r.credit_amount === null ? '-' : r.credit_amount.toFixed(2),
            r.goodwill?.amount == null ? '-' : r.goodwill.amount.toFixed(2),
            r.state,
          ]);
        await write(
          `${table(
            ['ACCOUNT', 'TIER', 'UPTIME %', 'DOWN MIN', 'CREDIT', 'AMOUNT', 'GOODWILL', 'STATE'],
            lines,
            `No account has an SLA policy for ${opts.month}.`,
          )}\n`,
        );
      }),
    );
};
