/**
 * Liquid engines for messages. Liquid is sandboxed and familiar to non-engineers, so the
 * teams who write templates cannot run code. The HTML engine escapes every output unless
 * a template says `| raw` (used only for the already sanitised markdown).
 */
import { Liquid } from 'liquidjs';
import { COMPONENT_STATUS_LABEL, INCIDENT_STATUS_LABEL } from '../domain/status.js';
import { fmtDateTime, fmtTime } from '../lib/format.js';
import { renderMarkdown } from '../lib/markdown.js';
import { SANDBOX } from './sandbox.js';

function register(engine: Liquid): Liquid {
  engine.registerFilter('markdown', (s: unknown) => renderMarkdown(String(s ?? ''), 3).toString());
  engine.registerFilter('time_in', (iso: unknown, zone: unknown) =>
    iso ? fmtTime(String(iso), String(zone || 'UTC')) : '',
  );
  engine.registerFilter('datetime_in', (iso: unknown, zone: unknown) =>
    iso ? fmtDateTime(String(iso), String(zone || 'UTC')) : '',
  );
  engine.registerFilter('status_label', (s: unknown) => {
    const k = String(s ?? '');
    return (
      (INCIDENT_STATUS_LABEL as Record<string, string>)[k] ??
      (COMPONENT_STATUS_LABEL as Record<string, string>)[k] ??
      k
    );
  });
  engine.registerFilter('plain', (s: unknown) => markdownToText(String(s ?? '')));
  return engine;
}

const common = {
  ...SANDBOX,
  strictFilters: true,
  cache: true,
  jsTruthy: false,
  ownPropertyOnly: true,
} as const;

/** For HTML: outputs are escaped. */
export const htmlLiquid = register(new Liquid({ ...common, outputEscape: 'escape' }));
/** For plain text, SMS and chat (their own escaping is applied by the channel). */
export const textLiquid = register(new Liquid({ ...common }));

/**
 * Markdown to plain text for text email and SMS. Only markup is removed: emphasis markers
 * that wrap words, heading and quote markers at the start of a line, code backticks, link
 * syntax. Characters inside words and addresses (first_last@…, #4521, a > b) are kept.
 */
export function markdownToText(md: string): string {
  // Each pattern stops at the next bracket, or after a bounded span, so that no run of
  // `[`, `[x](` or `**a ` makes it scan the rest of the text again from every position.
  return md
    .replace(/!\[([^[\]\n]*)\]\(([^()[\]\s]+)\)/g, '$1')
    .replace(/\[([^[\]\n]+)\]\(([^()[\]\s]+)\)/g, (_m, t: string, u: string) =>
      t === u ? u : `${t} (${u})`,
    )
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/(\*\*|__)(?=\S)([^\n]{0,500}?\S)\1/g, '$2')
    .replace(/(^|[\s(])([*_])(?=\S)([^\n*_]*?\S)\2(?=$|[\s).,!?:;])/gm, '$1$3')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
