/**
 * `flare drill`: runs a simulated incident through the plan with the team as the only
 * audience, with a worker in this process to send the team's notices, and reports the time to
 * the first internal notice and to the (simulated, never published) first public update.
 */
import { CLI } from '../../actions/context.js';
import { type DrillResult, runDrill } from '../../main/drill.js';
import { startWorker } from '../../main/worker.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function drillText(r: DrillResult): string {
  const lines = [`Drill ${r.id} (${r.severity ?? 'no severity'}): ${r.state}`];
  const n = r.first_internal_notice;
  lines.push(
    n
      ? `  Time to first internal notice:         ${secs(n.ms)} (${n.channel})`
      : `  Time to first internal notice:         none sent (${r.internal_notices.failed} failed, ${r.internal_notices.pending} pending)`,
  );
  const u = r.simulated_public_update;
  lines.push(
    u
      ? `  Time to simulated first public update: ${secs(u.ms)} (template ${u.template}${u.would_need_approval ? ', would wait for approval' : ''}; not published)`
      : '  Time to simulated first public update: not rendered',
  );
  lines.push('', 'Assigned:');
  for (const a of r.assignments)
    lines.push(
      `  ${a.role_name.padEnd(20)} ${a.person_name} (${a.acknowledged ? 'acknowledged' : 'not acknowledged'})`,
    );
  if (r.assignments.length === 0) lines.push('  nobody');
  if (r.unassigned_roles.length)
    lines.push(`  Nobody on call for: ${r.unassigned_roles.join(', ')}`);
  if (u)
    lines.push(
      '',
      'Simulated public update (not published):',
      ...u.page.split('\n').map((l) => `  ${l}`),
    );
  lines.push('', `Readiness: ${r.readiness.score}/100`);
  for (const g of r.readiness.gaps)
    lines.push(`  ${(g.severity === 'critical' ? 'CRITICAL' : 'warning').padEnd(9)} ${g.message}`);
  return lines.join('\n');
}

export const drillCommands: CommandModule = (program, run) => {
  program
    .command('drill')
    .description(
      'rehearse an incident with the team only: time the first internal notice and the first public update',
    )
    .option('--severity <key>', 'severity to rehearse (default: the most severe)')
    .option('--template <key>', 'template for the simulated first public update', 'investigating')
    .option('--locale <locale>', 'locale of the simulated update', 'en')
    .option('--wait <seconds>', 'how long to wait for the first internal notice', '60')
    .option('--json', 'print the report as JSON')
    .action(
      (opts: {
        severity?: string;
        template: string;
        locale: string;
        wait: string;
        json?: boolean;
      }) =>
        run(async (app) => {
          const worker = startWorker(app, { flushMs: 5 });
          try {
            const r = await runDrill(
              app,
              CLI,
              { severity: opts.severity, template: opts.template, locale: opts.locale },
              { waitMs: Math.max(1, Number(opts.wait) || 60) * 1000 },
            );
            print(!!opts.json, r, () => drillText(r));
            if (!r.first_internal_notice) process.exitCode = 1;
          } finally {
            await worker.stop();
          }
        }),
    );
};
