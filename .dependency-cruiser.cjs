// Layering rules for Flare (see /work/shared/ARCHITECTURE.md, "Rules that keep the house simple").
// Run with: npm run depcheck
// The floors, lowest first. A floor imports only from floors below it (or its own floor).
const FLOORS = [
  ['domain'],
  ['lib'],
  ['store'],
  ['present', 'templates'],
  ['pages'],
  ['channels', 'inbound'],
  ['actions'],
  ['dispatch', 'schedule'],
  ['http', 'cli', 'main'],
];

const layerOrder = FLOORS.slice(0, -1).map((floor, i) => {
  const higher = FLOORS.slice(i + 1).flat();
  return {
    name: `layer-order-${floor.join('-')}`,
    severity: 'error',
    comment:
      `src/${floor.join(', src/')} may not import from a higher floor (${higher.join(', ')}). ` +
      'Floor order: domain → lib → store → present/templates → pages → channels/inbound → actions → ' +
      'dispatch/schedule → http/cli/main. Move the shared piece down instead.',
    from: { path: `^src/(${floor.join('|')})/` },
    to: { path: `^src/(${higher.join('|')})/` },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerOrder,
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'src/domain holds pure rules and types. It may import other domain modules and npm ' +
        'packages (e.g. luxon), but nothing else from src/.',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'domain-no-io',
      severity: 'error',
      comment:
        'src/domain does no I/O: no file system, network, process or worker core modules.',
      from: { path: '^src/domain/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|dns|tls|child_process|cluster|worker_threads|readline)$',
      },
    },
    {
      name: 'only-writers-import-store-writes',
      severity: 'error',
      comment:
        'Only actions, dispatch, schedule, store and the app wiring (src/app.ts, src/main*) ' +
        'may import the write helpers in src/store/writes/.',
      from: {
        path: '^src/',
        pathNot: [
          '^src/(actions|dispatch|schedule|store)/',
          '^src/app\\.ts$',
          '^src/main(\\.ts$|/)',
        ],
      },
      to: { path: '^src/store/writes/' },
    },
    {
      name: 'transports-read-store-only',
      severity: 'error',
      comment:
        'src/http and src/cli never touch the database directly: from src/store they may only ' +
        'import read queries (src/store/queries/) and the db type/open function (src/store/db.ts). ' +
        'Writes go through src/actions; migrations are not theirs to import.',
      from: { path: '^src/(http|cli)/' },
      to: { path: '^src/store/', pathNot: ['^src/store/queries/', '^src/store/db\\.ts$'] },
    },
    {
      name: 'channels-not-to-transports',
      severity: 'error',
      comment: 'src/channels must not depend on the transports (src/http, src/cli).',
      from: { path: '^src/channels/' },
      to: { path: '^src/(http|cli)/' },
    },
    {
      name: 'src-not-to-test-or-bench',
      severity: 'error',
      comment: 'Production code never imports tests, test helpers or benchmarks.',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Circular dependency. Break it (dependency inversion, move shared types down a layer). ' +
        'Cycles made only of `import type` edges are allowed: they vanish at runtime.',
      from: {},
      to: {
        circular: true,
        viaOnly: { dependencyTypesNot: ['type-only'] },
      },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'This import cannot be resolved to a file on disk (typo, or missing dependency).',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: "This module depends on an npm package that isn't declared in package.json.",
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'src-not-to-dev-dep',
      severity: 'error',
      comment:
        'src/ ships to production, so it may not use devDependencies at runtime ' +
        '(type-only imports are fine).',
      from: { path: '^src/' },
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['type-only'],
        pathNot: ['node_modules/@types/'],
      },
    },
    {
      name: 'no-deprecated-core',
      severity: 'warn',
      comment: 'Depends on a deprecated node core module.',
      from: {},
      to: {
        dependencyTypes: ['core'],
        path: ['^punycode$', '^domain$', '^constants$', '^sys$', '^_linklist$', '^_stream_wrap$'],
      },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^dist/', '^web/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
