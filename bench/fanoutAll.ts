/**
 * `bench/fanout.ts --mix all`: the webhook-only, email-only and mixed runs in turn, each in a
 * fresh process (so each peak RSS is its own) against its own same-run baseline, then one
 * table of the three.
 */
import { spawn } from 'node:child_process';

const MIXES = ['webhook', 'email', 'both'] as const;

interface Figures {
  expansion: { seconds: number };
  firstDeliveryMs: number;
  ratio: { webhook: number | null; email: number | null };
  flare: { webhook: { perSecond: number }; email: { perSecond: number } };
  baseline: {
    webhook: { perSecond: number };
    email: { perSecond: number };
    firstDeliveryMs: number;
  };
  peakRss: { flare: number; baseline: number };
  cpuPer1000: { flare: number; baseline: number };
}

/** Runs this same script with `--mix <one>` and `--json`; resolves with its figures. */
function runOne(argv: string[], mix: string): Promise<Figures> {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--mix' || a === '--email-share') i++;
    else if (!a.startsWith('--mix=') && !a.startsWith('--email-share=') && a !== '--json')
      rest.push(a);
  }
  const child = spawn(
    process.execPath,
    [...process.execArgv, process.argv[1], ...rest, '--mix', mix, '--json'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
    for (const line of chunk.split('\n'))
      if (!line.startsWith('{')) process.stdout.write(`${line}\n`);
  });
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const json = out.split('\n').findLast((l) => l.startsWith('{'));
      if (code !== 0 || !json) reject(new Error(`the ${mix} run failed (exit ${code})`));
      else resolve(JSON.parse(json) as Figures);
    }),
  );
}

export async function runAll(argv: string[]): Promise<number> {
  const results: Array<[string, Figures]> = [];
  for (const mix of MIXES) results.push([mix, await runOne(argv, mix)]);
  const n = (x: number) => Math.round(x).toLocaleString();
  const pct = (x: number | null) => (x === null ? '' : `${(x * 100).toFixed(0)}%`);
  const MB = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    '\n| mix | webhook/s Flare / baseline | ratio | email/s Flare / baseline | ratio | expansion | first delivery Flare / baseline | peak RSS Flare / baseline | CPU per 1,000 Flare / baseline |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [mix, f] of results) {
    const wh =
      f.ratio.webhook === null
        ? '—'
        : `${n(f.flare.webhook.perSecond)} / ${n(f.baseline.webhook.perSecond)}`;
    const em =
      f.ratio.email === null
        ? '—'
        : `${n(f.flare.email.perSecond)} / ${n(f.baseline.email.perSecond)}`;
    console.log(
      `| ${mix} | ${wh} | ${pct(f.ratio.webhook)} | ${em} | ${pct(f.ratio.email)} | ${f.expansion.seconds.toFixed(2)} s | ${n(f.firstDeliveryMs)} / ${n(f.baseline.firstDeliveryMs)} ms | ${MB(f.peakRss.flare)} / ${MB(f.peakRss.baseline)} | ${n(f.cpuPer1000.flare)} / ${n(f.cpuPer1000.baseline)} ms |`,
    );
  }
  const alone = (mix: string, channel: 'webhook' | 'email') =>
    results.find(([m]) => m === mix)?.[1].ratio[channel] ?? null;
  for (const [mix, channel] of [
    ['webhook', 'webhook'],
    ['email', 'email'],
  ] as const) {
    const r = alone(mix, channel);
    console.log(
      `${r !== null && r >= 0.5 ? 'met' : 'NOT met'}: ${channel} alone at ${pct(r)} of the fair baseline (≥ 50%)`,
    );
  }
  return 0;
}
