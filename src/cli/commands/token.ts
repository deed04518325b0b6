import { CLI } from '../../actions/context.js';
import { createToken } from '../../actions/createToken.js';
import { revokeToken } from '../../actions/revokeToken.js';
import { listTokens } from '../../store/queries/tokens.js';
import { shortTime, table } from '../format.js';
import { asOptions } from '../options.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

export const tokenCommands: CommandModule = (program, run) => {
  const token = program.command('token').description('manage admin API tokens');

  token
    .command('create')
    .description('create an API token; the token is printed alone on the last line')
    .requiredOption('--name <name>', 'what the token is for, e.g. "ci-deploy"')
    .requiredOption('--scope <scope>', 'read, write or admin')
    .action((opts: { name: string; scope: string }) =>
      run(async (app) => {
        const { token: t, secret } = await asOptions({ name: '--name', scope: '--scope' }, () =>
          createToken(app.ctx(CLI), { name: opts.name, scope: opts.scope }),
        );
        process.stdout.write(
          `Created ${t.scope} token ${t.id} (${t.name}).\n` +
            'Send it as "Authorization: Bearer <token>". It is shown only this once:\n' +
            `${secret}\n`,
        );
      }),
    );

  token
    .command('list')
    .description('list API tokens (never their secrets)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      run(async (app) => {
        const tokens = await listTokens(app.store.db);
        print(!!opts.json, tokens, () =>
          table(
            ['ID', 'NAME', 'SCOPE', 'CREATED', 'LAST USED', 'REVOKED'],
            tokens.map((t) => [
              t.id,
              t.name,
              t.scope,
              shortTime(t.created_at),
              shortTime(t.last_used_at),
              shortTime(t.revoked_at),
            ]),
            'No tokens yet. Create one with: flare token create --name NAME --scope admin',
          ),
        );
      }),
    );

  token
    .command('revoke')
    .description('revoke an API token; requests using it are refused from now on')
    .argument('<id>', 'token id (see `flare token list`)')
    .action((id: string) =>
      run(async (app) => {
        await revokeToken(app.ctx(CLI), id);
        process.stdout.write(`Revoked token ${id}.\n`);
      }),
    );
};
