import { CLI } from '../../actions/context.js';
import { createSigninCode } from '../../actions/createSigninCode.js';
import { loadDemo } from '../../actions/loadDemo.js';
import type { App } from '../../app.js';
import { migrateToLatest } from '../../app.js';
import { isWebChild, startWebChild, startWebCluster } from '../../main/cluster.js';
import { DemoInbox, demoOrigin, demoSmtpPort } from '../../main/demoInbox.js';
import { addDemoSubscribers, loadDemoSecrets } from '../../main/demoSubscribers.js';
import { demoAdminToken, demoTokenFile } from '../../main/demoToken.js';
import { type ServerOptions, startServer } from '../../main/serve.js';
import type { CommandModule } from './index.js';

interface ServeOpts {
  port?: string;
  host?: string;
  worker: boolean;
  /** `serve` only: HTTP from this many processes (node:cluster) */
  webProcesses?: string;
  /** `start` only: false with --no-demo-inbox */
  demoInbox?: boolean;
}

function portOf(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`--port must be a port number (got ${v})`);
  return n;
}

function processesOf(v: string | undefined): number {
  const n = Number(v ?? 1);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new Error(`--web-processes must be a whole number from 1 to 64 (got ${v})`);
  return n;
}

async function runUntilSignal(
  app: App,
  opts: ServeOpts,
  banner?: (url: string) => Promise<string>,
  extra: ServerOptions = {},
) {
  const port = portOf(opts.port);
  const processes = processesOf(opts.webProcesses);
  const child = isWebChild();
  const running = child
    ? await startWebChild(app, { port, host: opts.host })
    : processes > 1
      ? await startWebCluster(app, { port, host: opts.host, worker: opts.worker, processes })
      : await startServer(app, { ...extra, port, host: opts.host, worker: opts.worker });
  if (!child) {
    const shown = processes > 1 ? ` (${processes} web processes)` : '';
    process.stdout.write(
      banner ? await banner(running.url) : `Flare is serving at ${running.url}${shown}\n`,
    );
    if (running.inboundSmtpUrl)
      process.stdout.write(`Inbound email (enquiries) at ${running.inboundSmtpUrl}\n`);
  }
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      if (!child) process.stdout.write('\nStopping Flare…\n');
      running.stop().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (child) process.on('disconnect', stop); // the primary is gone
  });
}

export const serveCommands: CommandModule = (program, run) => {
  program
    .command('serve')
    .description('run the web server, the delivery worker and the scheduler')
    .option('--port <n>', 'port to listen on (default: $PORT or 8080)')
    .option('--host <h>', 'address to bind (default: $HOST or 127.0.0.1)')
    .option('--no-worker', 'serve HTTP only; run `flare worker` elsewhere')
    .option(
      '--web-processes <n>',
      'serve HTTP from N processes (node:cluster); the scheduler and worker stay in one',
      '1',
    )
    .action((opts: ServeOpts) => run((app) => runUntilSignal(app, opts)));

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(() =>
      run(
        async (app) => {
          const applied = await migrateToLatest(app.store.db);
          process.stdout.write(
            applied.length ? `applied ${applied.join(', ')}\n` : 'database is up to date\n',
          );
        },
        { migrate: false },
      ),
    );

  program
    .command('start')
    .description('what `npm start` runs: migrate, load demo data into an empty database, serve')
    .option('--port <n>', 'port to listen on')
    .option('--host <h>', 'address to bind')
    .option('--no-worker', 'serve HTTP only')
    .option('--no-demo-inbox', 'without FLARE_SMTP_URL, do not catch email and webhooks locally')
    .action((opts: ServeOpts) =>
      run(async (app) => {
        const inbox =
          opts.demoInbox !== false && !process.env.FLARE_SMTP_URL
            ? await DemoInbox.start({ port: demoSmtpPort() })
            : null;
        // readiness (the plan screens, `flare plan check`) counts the demo inbox as the email provider
        if (inbox) process.env.FLARE_DEMO_INBOX_SMTP_URL = inbox.smtpUrl;
        try {
          await runUntilSignal(
            app,
            opts,
            (url) => startBanner(app, url, inbox),
            inbox?.serverOptions(),
          );
        } finally {
          await inbox?.close();
        }
      }),
    );
};

async function startBanner(app: App, url: string, inbox: DemoInbox | null): Promise<string> {
  const ctx = app.ctx(CLI);
  const loaded = await loadDemo(ctx, { publicUrl: url, onlyIfEmpty: true });
  if (inbox) await (loaded ? addDemoSubscribers : loadDemoSecrets)(app, inbox, url);
  const { secret, created } = await demoAdminToken(app);
  const { code } = await createSigninCode(ctx);
  return [
    '',
    `  Flare is running${loaded ? ' with demo data' : ''} (${app.store.engine}: ${app.store.url})`,
    '',
    `  Status page   ${url}/`,
    `  Console       ${url}/console   (declare incidents, post updates, approve)`,
    `  Admin API     ${url}/api/v1   (OpenAPI: ${url}/api/v1/openapi.json)`,
    `  Public JSON   ${url}/api/v2/summary.json`,
    ...(inbox ? demoInboxLines(url, inbox) : []),
    '',
    `  Admin token (${created ? 'new' : 'the same as last time'}; kept in ${demoTokenFile(app)}; send it as "Authorization: Bearer <token>"):`,
    `  ${secret}`,
    '',
    '  Sign in to the console (one-time link, works once within 10 minutes; make another with `npx flare signin-code`):',
    `  ${url}/console/signin?code=${code}`,
    '',
    `  Try: curl -H "Authorization: Bearer ${secret}" ${url}/api/v1/incidents`,
    ...(inbox
      ? [
          '  Then publish one and watch it arrive in the demo inbox:',
          `  curl -H "Authorization: Bearer ${secret}" -H "content-type: application/json" \\`,
          `    -d '{"name":"Slow API responses","body":"We are looking into slow API responses."}' ${url}/api/v1/incidents`,
        ]
      : []),
    '  Stop with Ctrl-C.',
    '',
  ].join('\n');
}

function demoInboxLines(url: string, inbox: DemoInbox): string[] {
  return [
    '',
    `  Demo inbox    ${url}/demo/inbox — emails and webhooks Flare sends land here`,
    `                (no FLARE_SMTP_URL: email goes to a local SMTP server on 127.0.0.1:${inbox.smtpPort},`,
    `                and only ${demoOrigin(url)} is let through the private-network guard for webhooks)`,
  ];
}
