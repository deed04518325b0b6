/** `flare approval list|decide`: messages waiting for the approver, decided in one step. */
import { InvalidArgumentError } from 'commander';
import { CLI } from '../../actions/context.js';
import { decideApproval } from '../../actions/decideApproval.js';
import { listApprovals } from '../../store/queries/approvals.js';
import { shortTime, table } from '../format.js';
import { asPlanOptions } from '../planOptions.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

const DECISIONS = ['approve', 'edit', 'reject'];

function decision(value: string): string {
  if (!DECISIONS.includes(value))
    throw new InvalidArgumentError(`expected ${DECISIONS.join(', ')}`);
  return value;
}

export const approvalCommands: CommandModule = (program, run) => {
  const approval = program
    .command('approval')
    .description('approve, edit or reject messages that wait for the approver');

  approval
    .command('list')
    .description('list approval requests (those still waiting, unless --state says otherwise)')
    .option(
      '--state <state>',
      'open, pending, escalated, approved, rejected, auto_published or all',
      'open',
    )
    .option('--json', 'print JSON')
    .action((opts: { state: string; json?: boolean }) =>
      run(async (app) => {
        const list = await listApprovals(app.store.db, opts.state);
        print(!!opts.json, list, () =>
          table(
            ['ID', 'STATE', 'EXPIRES', 'INCIDENT', 'MESSAGE'],
            list.map((a) => {
              const r = a.request as { kind: string; update?: { body: string } };
              const msg = r.kind === 'post_update' ? (r.update?.body ?? '') : 'first post';
              return [
                a.id,
                a.state,
                shortTime(a.expires_at),
                a.incident_name ?? '-',
                msg.length > 60 ? `${msg.slice(0, 59)}…` : msg,
              ];
            }),
            'Nothing waits for approval.',
          ),
        );
      }),
    );

  approval
    .command('decide')
    .description('approve, edit (with --body) or reject a waiting message')
    .argument('<id>', 'approval id (see `flare approval list`)')
    .argument('<decision>', 'approve, edit or reject', decision)
    .option('--body <text>', 'the edited message (with edit)')
    .option('--note <text>', 'why, for the incident room and the audit log')
    .option('--json', 'print JSON')
    .action((id: string, d: string, opts: { body?: string; note?: string; json?: boolean }) =>
      run(async (app) => {
        const r = await asPlanOptions(() =>
          decideApproval(app.ctx(CLI), id, { decision: d, body: opts.body, note: opts.note }),
        );
        print(!!opts.json, r, () => `Approval ${id}: ${r.state.replace('_', ' ')}.`);
      }),
    );
};
