import { startWorker } from '../../main/worker.js';
import type { CommandModule } from './index.js';

export const workerCommands: CommandModule = (program, run) => {
  program
    .command('worker')
    .description('deliver notifications (run as many as you like on PostgreSQL)')
    .option('--drain', 'deliver everything that is due, then exit')
    .action((opts: { drain?: boolean }) =>
      run(async (app) => {
        const running = startWorker(app, { start: !opts.drain });
        process.stdout.write(`Flare worker ${running.worker.id} started (${app.store.engine})\n`);
        if (opts.drain) {
          await running.worker.drain(24 * 3600_000);
          await running.stop();
          return;
        }
        await new Promise<void>((resolve) => {
          const stop = () => running.stop().then(resolve, resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      }),
    );
};
