// `npm start`: build if src/ changed since the last build, then run `flare start`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkEmbedSize } from './check-embed-size.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');

function isStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const srcFiles = readdirSync(join(root, 'src'), { recursive: true }).map((f) => join('src', f));
  const inputs = ['tsconfig.json', ...srcFiles];
  // Directories count too, so a deleted or renamed file also triggers a rebuild.
  return inputs.some((f) => statSync(join(root, f)).mtimeMs > built);
}

if (isStale()) {
  const started = new Date();
  console.error('flare: building (tsc -p tsconfig.json)...');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const opts = { cwd: root, stdio: 'inherit' };
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], opts);
  if (r.status !== 0) process.exit(r.status ?? 1);
  if (!(await checkEmbedSize(root))) process.exit(1);
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${started.toISOString()}\n`);
  // Stamp with the start time, so edits made during the build trigger the next one.
  utimesSync(stamp, started, started);
}

// `npm install` runs this with --build-only (the prepare script), so `npx flare` works at once
if (process.argv.includes('--build-only')) process.exit(0);

const args = [join(root, 'bin', 'flare.js'), 'start', ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
