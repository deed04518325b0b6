/** Runs a CLI command body with an open app, mapping errors to one line and an exit code. */
import { type App, type AppOptions, openApp } from '../app.js';
import { DomainError, EXIT_CODE } from '../domain/errors.js';

export type RunCommand = (body: (app: App) => Promise<void>, opts?: AppOptions) => Promise<void>;

export const runCommand: RunCommand = async (body, opts = {}) => {
  let app: App | undefined;
  try {
    app = await openApp({
      ...opts,
      config: { logLevel: process.env.LOG_LEVEL ?? 'warn', ...opts.config },
    });
    await body(app);
  } catch (err) {
    if (err instanceof DomainError) {
      const fields = Object.entries(err.fields)
        .map(([k, v]) => `${k} ${v}`)
        .join('; ');
      process.stderr.write(`flare: ${fields || err.message}\n`);
      process.exitCode = EXIT_CODE[err.code];
    } else {
      process.stderr.write(`flare: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  } finally {
    await app?.close();
  }
};

/** Prints a result as JSON when --json is given, else as the given text. */
export function print(json: boolean, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}
