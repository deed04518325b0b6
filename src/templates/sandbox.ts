/**
 * What every Liquid engine in Flare is built with: no file system and hard limits. Teams write
 * templates, so `{% include %}`, `{% render %}` and `{% layout %}` must find nothing (they
 * used to read files under the working directory), and a loop must not hold the process.
 */
import type { LiquidOptions } from 'liquidjs';

export const LIQUID_LIMITS = {
  /** characters of template source */
  parseLimit: 100_000,
  /** milliseconds a single render may take; real templates take a few ms, on a busy machine too */
  renderLimit: 1_000,
  /** roughly, characters and array items a render may allocate */
  memoryLimit: 10_000_000,
} as const;

export const SANDBOX: LiquidOptions = {
  // An empty in-memory set of templates: lookups never reach the disk.
  templates: {},
  root: [],
  partials: [],
  layouts: [],
  relativeReference: false,
  ...LIQUID_LIMITS,
};

/** Whether a Liquid error is a limit (time, memory, length) rather than a mistake in the source. */
export function isLiquidLimit(err: unknown): boolean {
  return err instanceof Error && /limit exceeded/i.test(err.message);
}

/**
 * A Liquid error as one line for the template's author, naming no server path: file tags
 * and limits get their own words, anything else its first line.
 */
export function liquidErrorMessage(err: unknown): string {
  const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  if (/ENOENT|Failed to lookup|illegal file path|file path/i.test(msg)) {
    return 'uses {% include %}, {% render %} or {% layout %}, which templates cannot use: they have no files';
  }
  if (/render limit exceeded/i.test(msg)) {
    return `takes longer than ${LIQUID_LIMITS.renderLimit} ms to render (is a loop too large?)`;
  }
  if (/memory alloc limit exceeded/i.test(msg)) return 'makes too much text to render';
  if (/parse length limit exceeded/i.test(msg)) {
    return `is longer than ${LIQUID_LIMITS.parseLimit} characters`;
  }
  return msg.replace(/(?:[A-Za-z]:)?[\\/](?:[\w.-]+[\\/])+[\w.-]*/g, '…');
}
