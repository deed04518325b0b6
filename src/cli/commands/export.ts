import { exportSite } from '../../main/export.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

export const exportCommands: CommandModule = (program, run) => {
  program
    .command('export')
    .description('write the whole public site as static files that any web server can serve')
    .requiredOption('--out <dir>', 'directory to write (replaced if it holds a previous export)')
    .option('--json', 'print the list of files as JSON')
    .action((opts: { out: string; json?: boolean }) =>
      run(async (app) => {
        const r = await exportSite(app, opts.out);
        const bytes = r.files.reduce((n, f) => n + f.bytes, 0);
        print(
          !!opts.json,
          r,
          () =>
            `Wrote ${r.files.length} files (${(bytes / 1024).toFixed(1)} KiB) to ${r.dir}\n` +
            `  as of ${r.generated_at}; serve the directory with any web server (directory index: index.html)`,
        );
      }),
    );
};
