/** `flare plan …`: export and import the whole plan as YAML, its versions, settings and readiness. */
import { readFileSync, writeFileSync } from 'node:fs';
import { CLI } from '../../actions/context.js';
import { importPlan } from '../../actions/importPlan.js';
import { setPlanSetting } from '../../actions/setPlanSetting.js';
import { PlanInvalid } from '../../actions/shared/planParse.js';
import { notFound } from '../../domain/errors.js';
import { PLAN_SETTING_KEYS } from '../../domain/planSettings.js';
import type { Readiness } from '../../domain/readiness.js';
import { readiness } from '../../domain/readinessRules.js';
import { planDocument } from '../../present/planDocument.js';
import { planToYaml } from '../../present/planYaml.js';
import { getPlanVersion, listPlanVersions, loadPlan } from '../../store/queries/plan.js';
import { loadPlanSummary } from '../../store/queries/readiness.js';
import { shortTime, table } from '../format.js';
import { print } from '../run.js';
import type { CommandModule } from './index.js';

/** The readiness report as text: the score, each area, then every gap with its fix. */
export function readinessText(r: Readiness): string {
  const critical = r.gaps.filter((g) => g.severity === 'critical').length;
  const verdict = critical
    ? `not ready: ${critical} critical gap${critical === 1 ? '' : 's'}`
    : r.gaps.length
      ? `ready, with ${r.gaps.length} warning${r.gaps.length === 1 ? '' : 's'}`
      : 'ready';
  const lines = [`Readiness: ${r.score}/100 (${verdict})`, ''];
  for (const a of r.areas) lines.push(`  ${a.title.padEnd(28)} ${String(a.score).padStart(3)}`);
  if (r.gaps.length) lines.push('', 'Gaps:');
  for (const g of r.gaps) {
    lines.push(`  ${(g.severity === 'critical' ? 'CRITICAL' : 'warning').padEnd(9)} ${g.message}`);
    lines.push(`  ${' '.repeat(9)} Fix: ${g.fix}`);
  }
  return lines.join('\n');
}

export const planCommands: CommandModule = (program, run) => {
  const plan = program
    .command('plan')
    .description('the comms plan as a document: export, import, versions, settings, readiness');

  plan
    .command('export')
    .description('write the whole plan as YAML (to stdout, or to a file)')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--json', 'write JSON instead of YAML')
    .action((opts: { out?: string; json?: boolean }) =>
      run(async (app) => {
        const doc = planDocument(await loadPlan(app.store.db), process.env);
        const text = opts.json ? `${JSON.stringify(doc, null, 2)}\n` : planToYaml(doc);
        if (!opts.out) return void process.stdout.write(text);
        writeFileSync(opts.out, text);
        process.stdout.write(`Wrote the plan to ${opts.out}\n`);
      }),
    );

  plan
    .command('import')
    .description('make the plan match a YAML document; every problem names its line and field')
    .argument('<file>', 'the plan, as written by `flare plan export`')
    .option('--dry-run', 'check it and say what would change, without changing anything')
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: { dryRun?: boolean; json?: boolean }) =>
      run(async (app) => {
        const text = readFileSync(file, 'utf8');
        try {
          const r = await importPlan(app.ctx(CLI), text, { dryRun: !!opts.dryRun, file });
          print(!!opts.json, r, () =>
            r.dry_run
              ? `Dry run: ${r.summary === 'no changes' ? 'no changes' : `would change: ${r.summary}`}. Nothing was written.`
              : r.version
                ? `Imported ${file}: ${r.summary} (plan version ${r.version}).`
                : `Imported ${file}: no changes.`,
          );
        } catch (err) {
          if (!(err instanceof PlanInvalid)) throw err;
          process.stderr.write(`${err.message}\nNothing was imported.\n`);
          process.exitCode = 2;
        }
      }),
    );

  plan
    .command('check')
    .description('score the plan on the eight things a plan needs; exits 1 on a critical gap')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      run(async (app) => {
        const r = readiness(await loadPlanSummary(app.store.db, process.env));
        print(!!opts.json, r, () => readinessText(r));
        if (!r.ready) process.exitCode = 1;
      }),
    );

  plan
    .command('set')
    .description(`set a plan setting: ${PLAN_SETTING_KEYS.join(', ')} ("" clears it)`)
    .argument('<key>', PLAN_SETTING_KEYS.join(' | '))
    .argument(
      '<value>',
      'a person id or email for the owners; a path or URL for the export target; true or false',
    )
    .action((key: string, value: string) =>
      run(async (app) => {
        const r = await setPlanSetting(app.ctx(CLI), { key, value });
        process.stdout.write(
          r.value === null ? `Cleared ${key}.\n` : `Set ${key} to ${r.value}.\n`,
        );
      }),
    );

  plan
    .command('versions')
    .description('list plan versions: who changed what, and when')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      run(async (app) => {
        const list = await listPlanVersions(app.store.db);
        print(!!opts.json, list, () =>
          table(
            ['VERSION', 'AT', 'BY', 'WHAT CHANGED'],
            list.map((v) => [String(v.version), shortTime(v.at), v.changed_by, v.summary]),
            'No plan versions yet: the first change to the plan records one.',
          ),
        );
      }),
    );

  plan
    .command('show')
    .description('print the document of one plan version')
    .argument('<version>', 'version number (see `flare plan versions`)')
    .action((n: string) =>
      run(async (app) => {
        const v = /^\d{1,9}$/.test(n) ? await getPlanVersion(app.store.db, Number(n)) : undefined;
        if (!v) throw notFound('plan version', n);
        process.stdout.write(v.document);
      }),
    );
};
