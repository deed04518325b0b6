import { CLI } from '../../actions/context.js';
import { loadDemo } from '../../actions/loadDemo.js';
import { conflict } from '../../domain/errors.js';
import type { CommandModule } from './index.js';

export const demoCommands: CommandModule = (program, run) => {
  program
    .command('demo')
    .description('load a realistic demo page (components, history, incidents, maintenance)')
    .option('--force', 'load it even if the database already has components')
    .action((opts: { force?: boolean }) =>
      run(async (app) => {
        const loaded = await loadDemo(app.ctx(CLI), {
          publicUrl: app.config.publicUrl,
          onlyIfEmpty: !opts.force,
        });
        if (!loaded) {
          throw conflict(
            'the database already has components; the demo is for an empty database (use --force to add it anyway)',
          );
        }
        process.stdout.write(
          `Loaded the demo page into ${app.store.engine} (${app.store.url.replace(/\/\/[^@]*@/, '//***@')}).\n`,
        );
      }),
    );
};
