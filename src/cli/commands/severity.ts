/** `flare severity list`: the severities and what each one sets in motion. */
import { listSeverities } from '../../store/queries/team.js';
import { table } from '../format.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

export const severityCommands: CommandModule = (program, run) => {
  const severity = program.command('severity').description('show the severities of the plan');

  severity
    .command('list')
    .description('list severities: roles called in, approval, cadence, acknowledgement timeout')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      run(async (app) => {
        const list = await listSeverities(app.store.db);
        print(!!opts.json, list, () =>
          table(
            ['KEY', 'NAME', 'ROLES', 'APPROVAL', 'UPDATES', 'ACK'],
            list.map((s) => {
              const c = s.settings.cadence;
              const a = s.settings;
              return [
                s.key,
                s.name,
                String(a.calledRoles.length),
                a.approvalRequired
                  ? `${a.approvalTimeBoxMinutes}m, then ${a.autoPublishOnTimeout ? 'publish' : 'escalate'}`
                  : 'none',
                `every ${c.firstMinutes}m for ${c.firstWindowMinutes}m, then ${c.laterMinutes}m`,
                `${a.ackTimeoutMinutes}m`,
              ];
            }),
            'No severities. Add one with PUT /api/v1/severities/SEV1',
          ),
        );
      }),
    );
};
