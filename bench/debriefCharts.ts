/**
 * Chooses the debrief's chart renderer by measuring (issue #14, ADR 0022): the three charts of
 * a realistic debrief (bench/debriefChartsSpecs.ts: 200 enquiry buckets, 8 channels, 40
 * updates) drawn by the hand-made SVG of src/pages/console/debrief.ts and by Vega-Lite through
 * `vega` (compile → parse → View with renderer 'none' → toSVG, as a request would). Each
 * renderer runs in fresh child processes, alternating, on the built bundle (no TypeScript
 * loader), and reports:
 *  - cold: process start → the three charts drawn (Node's start, the import, the first render)
 *  - warm: the median time per chart over --warm renders
 *  - the SVG's size, peak RSS, the heap kept after a GC, and the SVG's accessibility hooks
 * The parent adds the installed size of vega + vega-lite and everything they pull in.
 *
 *   npm run bench:charts [-- --runs 3 --warm 30]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { TopLevelSpec } from 'vega-lite';
import { enquiryChart, latencyChart, timelineChart } from '../src/pages/console/debrief.js';
import {
  enquirySpec,
  latencySpec,
  SHAPE,
  syntheticDebrief,
  timelineSpec,
} from './debriefChartsSpecs.js';

const { values: args } = parseArgs({
  options: {
    child: { type: 'string' },
    runs: { type: 'string', default: '3' },
    warm: { type: 'string', default: '30' },
  },
});
const WARM = Math.max(Number(args.warm), 5);
const CHARTS = ['timeline', 'enquiries', 'latency'] as const;
type Chart = (typeof CHARTS)[number];

interface ChildResult {
  engine: string;
  cold_ms: number;
  import_ms: number;
  warm_ms: Record<Chart, number>;
  svg_bytes: Record<Chart, number>;
  max_rss_mb: number;
  heap_kept_mb: number;
  a11y: {
    title: boolean;
    role: string | null;
    aria_label: boolean;
    /** elements inside the three charts that carry their own aria-label (vega labels each mark) */
    labelled_elements: number;
    data_table: boolean;
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** The hand-made charts: each returns its section; the chart is the <svg> inside it. */
function handRenderers(zone: string) {
  return {
    async load() {},
    render: {
      timeline: async (d) => timelineChart(d, zone).value,
      enquiries: async (d) => enquiryChart(d, zone).value,
      latency: async (d) => latencyChart(d).value,
    } satisfies Record<Chart, (d: ReturnType<typeof syntheticDebrief>) => Promise<string>>,
  };
}

function vegaRenderers() {
  let draw: (spec: TopLevelSpec) => Promise<string> = async () => '';
  return {
    async load() {
      const vega = await import('vega');
      const vl = await import('vega-lite');
      draw = async (spec) => {
        const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
        const svg = await view.toSVG();
        view.finalize();
        return svg;
      };
    },
    render: {
      timeline: (d) => draw(timelineSpec(d)),
      enquiries: (d) => draw(enquirySpec(d)),
      latency: (d) => draw(latencySpec(d)),
    } satisfies Record<Chart, (d: ReturnType<typeof syntheticDebrief>) => Promise<string>>,
  };
}

async function child(engine: string): Promise<ChildResult> {
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const d = syntheticDebrief();
  const r = engine === 'vega' ? vegaRenderers() : handRenderers('UTC');
  const t0 = performance.now();
  await r.load();
  const import_ms = performance.now() - t0;
  const first: Record<string, string> = {};
  for (const c of CHARTS) first[c] = await r.render[c](d);
  const cold_ms = performance.now(); // since the process started
  const warm = {} as Record<Chart, number>;
  for (const c of CHARTS) {
    const times: number[] = [];
    for (let i = 0; i < WARM; i++) {
      const t = performance.now();
      await r.render[c](d);
      times.push(performance.now() - t);
    }
    warm[c] = median(times);
  }
  gc();
  const svgs = Object.fromEntries(
    CHARTS.map((c) => [
      c,
      first[c].slice(first[c].indexOf('<svg'), first[c].indexOf('</svg>') + 6),
    ]),
  ) as Record<Chart, string>;
  const root = svgs.timeline.slice(0, svgs.timeline.indexOf('>') + 1);
  return {
    engine,
    cold_ms,
    import_ms,
    warm_ms: warm,
    svg_bytes: Object.fromEntries(CHARTS.map((c) => [c, Buffer.byteLength(svgs[c])])) as Record<
      Chart,
      number
    >,
    max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    heap_kept_mb: mb(process.memoryUsage().heapUsed - heap0),
    a11y: {
      title: CHARTS.every((c) => /<svg[^>]*>\s*<title/.test(svgs[c])),
      role: /role="([^"]+)"/.exec(root)?.[1] ?? null,
      aria_label: CHARTS.every((c) => /<svg[^>]*aria-(label|labelledby)=/.test(svgs[c])),
      labelled_elements: CHARTS.reduce(
        (n, c) => n + (svgs[c].match(/ aria-label=/g)?.length ?? 0),
        0,
      ),
      // a table of the same numbers next to the chart (the hand charts' <details> table)
      data_table: CHARTS.every((c) => first[c].includes('<table')),
    },
  };
}

/** vega + vega-lite and every package they pull in, from package-lock.json, with their size on disk. */
function installedSize(roots: string[]) {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
    packages: Record<string, { dependencies?: Record<string, string> }>;
  };
  const seen = new Set<string>();
  const resolve = (from: string, name: string) => {
    for (let dir = from; ; dir = dir.slice(0, dir.lastIndexOf('/node_modules/'))) {
      const key = `${dir}/node_modules/${name}`;
      if (lock.packages[key]) return key;
      if (!dir.includes('/node_modules/')) break;
    }
    return lock.packages[`node_modules/${name}`] ? `node_modules/${name}` : null;
  };
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const dep of Object.keys(lock.packages[key].dependencies ?? {})) {
      const k = resolve(key, dep);
      if (k) visit(k);
    }
  };
  for (const r of roots) visit(`node_modules/${r}`);
  const du = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => {
      if (e.name === 'node_modules') return sum; // nested packages are counted on their own
      const p = join(dir, e.name);
      return sum + (e.isDirectory() ? du(p) : statSync(p).size);
    }, 0);
  return { packages: seen.size, mb: mb([...seen].reduce((s, k) => s + du(k), 0)) };
}

async function parent() {
  const runs = Math.min(Math.max(Number(args.runs), 1), 10);
  const self = fileURLToPath(import.meta.url);
  const load0 = loadavg();
  const results: Record<string, ChildResult[]> = { hand: [], vega: [] };
  for (let i = 0; i < runs; i++) {
    for (const engine of ['hand', 'vega']) {
      const out = spawnSync(
        process.execPath,
        ['--expose-gc', self, '--child', engine, '--warm', String(WARM)],
        { encoding: 'utf8' },
      );
      if (out.status !== 0) throw new Error(`${engine} child failed: ${out.stderr}`);
      results[engine].push(JSON.parse(out.stdout) as ChildResult);
    }
  }
  const load1 = loadavg();
  const f = (n: number) => (n < 10 ? n.toFixed(2) : Math.round(n).toLocaleString('en'));
  const lines = [
    `Debrief charts: ${SHAPE.buckets} enquiry buckets, ${SHAPE.channels} channels, ${SHAPE.updates} updates; ${runs} runs per renderer, ${WARM} warm renders per chart; Node ${process.version}`,
    `load average before ${load0.map((x) => x.toFixed(2)).join(' ')}, after ${load1.map((x) => x.toFixed(2)).join(' ')}`,
    '',
    '| | hand-made SVG | vega 6 + vega-lite 6 |',
    '|---|---:|---:|',
  ];
  const row = (label: string, pick: (r: ChildResult) => number, unit = '') =>
    lines.push(
      `| ${label} | ${f(median(results.hand.map(pick)))}${unit} | ${f(median(results.vega.map(pick)))}${unit} |`,
    );
  row('cold: process start → three charts (median of runs)', (r) => r.cold_ms, ' ms');
  row('  of which the import', (r) => r.import_ms, ' ms');
  for (const c of CHARTS) row(`warm render, ${c} (median)`, (r) => r.warm_ms[c], ' ms');
  row('warm render, all three', (r) => CHARTS.reduce((s, c) => s + r.warm_ms[c], 0), ' ms');
  for (const c of CHARTS) row(`SVG size, ${c}`, (r) => r.svg_bytes[c], ' B');
  row('peak RSS of the process', (r) => r.max_rss_mb, ' MB');
  row('heap kept after GC (code, caches)', (r) => r.heap_kept_mb, ' MB');
  const size = installedSize(['vega', 'vega-lite']);
  lines.push(`| installed size | 0 (in the app) | ${size.mb} MB in ${size.packages} packages |`);
  const a = (r: ChildResult) =>
    `&lt;svg&gt;: role ${r.a11y.role ?? 'none'}, &lt;title&gt; ${r.a11y.title ? 'yes' : 'no'}, named ${r.a11y.aria_label ? 'yes' : 'no'}; ${r.a11y.labelled_elements} parts with an aria-label; a data table ${r.a11y.data_table ? 'beside it' : 'no'}`;
  lines.push(`| accessibility of the output | ${a(results.hand[0])} | ${a(results.vega[0])} |`);
  console.log(lines.join('\n'));
}

if (args.child) {
  console.log(JSON.stringify(await child(args.child)));
} else {
  await parent();
}
