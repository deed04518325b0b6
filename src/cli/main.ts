/** The `flare` command. Thin: parse, call an action or a query, print. */
import { Command } from 'commander';
import { commands } from './commands/index.js';
import { runCommand } from './run.js';

const program = new Command()
  .name('flare')
  .description('Flare: outage communications for SaaS teams')
  .showHelpAfterError()
  .enablePositionalOptions()
  // Commander exits 1 on a usage error (unknown option, missing value); in Flare bad input is 2.
  .exitOverride((err) => process.exit(err.exitCode === 1 ? 2 : err.exitCode));

for (const register of commands) register(program, runCommand);

program.parseAsync(process.argv).catch((err) => {
  process.stderr.write(`flare: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
