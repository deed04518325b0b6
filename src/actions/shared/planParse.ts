/**
 * Reads a plan document from YAML and checks all of it before anything is written. Every
 * problem names the line and the field, e.g.
 *   plan.yaml:14: severities.SEV1.settings.cadence.firstMinutes must be at least 5 minutes
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import { type PlanInput, planDocSchema } from '../planSchema.js';
import { checkPlanRefs } from './planRefs.js';

export interface PlanProblem {
  line: number;
  /** dotted path, e.g. severities.SEV1.settings.cadence.firstMinutes; '' for the document */
  path: string;
  message: string;
}

/** A plan that failed its checks: `problems` lists each, in line order. */
export class PlanInvalid extends DomainError {
  constructor(
    readonly problems: PlanProblem[],
    readonly file: string,
  ) {
    const lines = problems.map((p) => formatProblem(file, p));
    const fields: Record<string, string> = {};
    for (const p of problems) {
      const k = p.path || '(document)';
      const v = `line ${p.line}: ${p.message}`;
      fields[k] = fields[k] ? `${fields[k]}; ${v}` : v;
    }
    super('validation_failed', lines.join('\n'), fields);
  }
}

export function formatProblem(file: string, p: PlanProblem): string {
  return `${file}:${p.line}: ${p.path ? `${p.path} ` : ''}${p.message}`;
}

type Path = (string | number)[];

/** The line of the deepest node the path reaches: a map key's own line, or a list item's. */
export function lineOf(doc: Document, lc: LineCounter, path: Path): number {
  let node = doc.contents as Node | null;
  let line = node?.range ? lc.linePos(node.range[0]).line : 1;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg),
      );
      if (!pair) break;
      const k = pair.key as Node | null;
      if (k?.range) line = lc.linePos(k.range[0]).line;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)] as Node | undefined;
      if (!item) break;
      if (item.range) line = lc.linePos(item.range[0]).line;
      node = item;
    } else break;
  }
  return line;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map of fields',
};

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function message(issue: z.core.$ZodIssue, data: unknown): string {
  if (issue.code === 'invalid_type') {
    if (valueAt(data, issue.path as Path) === undefined) return 'is required';
    if (/^Invalid input/.test(issue.message))
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
  }
  if (issue.code === 'invalid_key') return 'is not an allowed key here';
  return issue.message;
}

/** The zod issues as problems; an unknown field is reported on its own line. */
function schemaProblems(doc: Document, lc: LineCounter, issues: z.core.$ZodIssue[], data: unknown) {
  const out: PlanProblem[] = [];
  for (const issue of issues) {
    const path = issue.path as Path;
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        const at = [...path, k];
        out.push({
          line: lineOf(doc, lc, at),
          path: at.join('.'),
          message: 'is not a known field',
        });
      }
      continue;
    }
    out.push({ line: lineOf(doc, lc, path), path: path.join('.'), message: message(issue, data) });
  }
  return out;
}

export interface ParsedPlan {
  plan: PlanInput;
  doc: Document;
  lineOf(path: Path): number;
}

/** A plan uses aliases sparingly, if at all; a bomb of nested aliases is refused. */
const MAX_ALIAS_COUNT = 100;

/**
 * The document's data. A YAML alias or merge-key bomb ("billion laughs") would expand to
 * billions of nodes: the yaml package stops it at MAX_ALIAS_COUNT, and that is bad input.
 */
function planData(doc: Document, lc: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    const at = (doc.contents as Node | null)?.range?.[0] ?? 0;
    throw new PlanInvalid(
      [
        {
          line: lc.linePos(at).line,
          path: '',
          message: `uses too many aliases (*name), or aliases too deeply nested: at most ${MAX_ALIAS_COUNT} expanded nodes`,
        },
      ],
      file,
    );
  }
}

/** Parses and checks a plan document. Throws PlanInvalid listing every problem found. */
export function parsePlan(text: string, file = 'plan.yaml'): ParsedPlan {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new PlanInvalid(
      doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? 1,
        path: '',
        message: `is not valid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
      file,
    );
  }
  const data = planData(doc, lc, file);
  const nul = nulPath(data);
  if (nul)
    throw new PlanInvalid(
      [
        {
          line: lineOf(doc, lc, nul),
          path: nul.join('.'),
          message: 'must not contain NUL characters',
        },
      ],
      file,
    );
  const r = planDocSchema.safeParse(data);
  if (!r.success)
    throw new PlanInvalid(sorted(schemaProblems(doc, lc, r.error.issues, data)), file);
  const at = (path: Path) => lineOf(doc, lc, path);
  const problems = checkPlanRefs(r.data).map((p) => ({
    line: at(p.path),
    path: p.path.join('.'),
    message: p.message,
  }));
  if (problems.length) throw new PlanInvalid(sorted(problems), file);
  return { plan: r.data, doc, lineOf: at };
}

/** The path of the first string (or key) holding a NUL character, which databases refuse. */
function nulPath(value: unknown, path: Path = []): Path | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (!value || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const at = [...path, Array.isArray(value) ? Number(k) : k];
    if (k.includes('\0')) return at;
    const found = nulPath(v, at);
    if (found) return found;
  }
  return undefined;
}

function sorted(ps: PlanProblem[]): PlanProblem[] {
  return [...ps].sort((a, b) => a.line - b.line);
}
