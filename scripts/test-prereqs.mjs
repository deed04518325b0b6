// `npm test`'s pre-step: make sure what the suites need is on this machine, or stop with the
// exact command to run. Debian packages are installed with apt-get when we are root; otherwise
// nothing is installed and the command is printed.
//   - chromium   (/usr/bin/chromium)  the browser suites (playwright-core drives Debian's build)
//   - prometheus (/usr/bin/promtool)  `promtool check metrics` on /metrics
// FLARE_TEST_PREREQS=check only reports what is missing (exit 1 if anything is); =skip skips.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const NEEDS = [
  {
    bin: process.env.FLARE_CHROMIUM_PATH || '/usr/bin/chromium',
    pkg: 'chromium',
    flags: [],
    why: 'browser suites',
  },
  {
    bin: process.env.FLARE_PROMTOOL_PATH || '/usr/bin/promtool',
    pkg: 'prometheus',
    // promtool only: not the node exporter it recommends
    flags: ['--no-install-recommends'],
    why: 'promtool check metrics',
  },
];

const mode = process.env.FLARE_TEST_PREREQS || 'install';
if (mode === 'skip') process.exit(0);

const missing = NEEDS.filter((n) => !existsSync(n.bin));
if (missing.length === 0) process.exit(0);

const pkgs = missing.map((n) => n.pkg).join(' ');
const installs = missing.map((n) => ['install', '-y', '-qq', ...n.flags, n.pkg]);
const command = [
  'apt-get update',
  ...installs.map((a) => `apt-get ${a.filter((x) => x !== '-qq').join(' ')}`),
].join(' && ');
const list = missing.map((n) => `${n.bin} (${n.why}, Debian package ${n.pkg})`).join(', ');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');

if (mode === 'check' || !isRoot || !hasApt) {
  const how = hasApt
    ? `run:\n\n  sudo sh -c '${command}'\n`
    : `install the packages ${pkgs} with your system's package manager.\n`;
  console.error(`\nflare tests: missing ${list}.\nThe test suite needs them; ${how}`);
  process.exit(1);
}

console.error(`flare tests: installing ${pkgs} (missing: ${list})...`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update', '-qq'], ...installs]) {
  const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) {
    console.error(
      `\nflare tests: "apt-get ${args.join(' ')}" failed (exit ${r.status}). Run:\n\n  ${command}\n`,
    );
    process.exit(1);
  }
}
const still = missing.filter((n) => !existsSync(n.bin));
if (still.length) {
  console.error(
    `flare tests: ${still.map((n) => n.bin).join(', ')} still missing after apt-get install.`,
  );
  process.exit(1);
}
console.error('flare tests: prerequisites installed.');
