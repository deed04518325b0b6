import { CLI } from '../../actions/context.js';
import { createSigninCode } from '../../actions/createSigninCode.js';
import { getPage } from '../../store/queries/page.js';
import { asOptions } from '../options.js';
import type { CommandModule } from './index.js';

export const signinCommands: CommandModule = (program, run) => {
  program
    .command('signin-code')
    .description(
      'print a one-time console sign-in link (and its code to paste): it works once, for 10 minutes',
    )
    .option('--minutes <n>', 'how long the code works', '10')
    .option(
      '--url <url>',
      'the base URL of the console (default: FLARE_PUBLIC_URL or the page URL)',
    )
    .action((opts: { minutes: string; url?: string }) =>
      run(async (app) => {
        const { code, expiresAt } = await asOptions({ minutes: '--minutes' }, () =>
          createSigninCode(app.ctx(CLI), { minutes: Number(opts.minutes) }),
        );
        const base = (
          opts.url ??
          app.config.publicUrl ??
          (await getPage(app.store.db))?.url ??
          `http://${app.config.host}:${app.config.port}`
        ).replace(/\/+$/, '');
        process.stdout.write(
          `Open this link to sign in to the console (once, until ${expiresAt}):\n` +
            `${base}/console/signin?code=${code}\n` +
            `or paste the code at ${base}/console/signin:\n${code}\n`,
        );
      }),
    );
};
