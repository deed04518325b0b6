// Bundles a benchmark for a run on built code, as `npm start` runs it (no TypeScript loader,
// whose hooks and transpiled sources would add 55-65 MB to every measurement), together with
// the send thread's entry, which the bundle loads from beside itself.
//   node scripts/bench-build.mjs bench/fanout.ts bench/fanoutReceiver.ts
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: process.argv.slice(2),
  outdir: 'bench/out',
  outExtension: { '.js': '.mjs' },
});
await build({
  ...common,
  entryPoints: ['src/channels/threadEntry.ts'],
  outfile: 'bench/out/threadEntry.js',
});
