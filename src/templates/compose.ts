/**
 * Composes one message from a template: fills in what Flare knows (page name, link, affected
 * components, next update), renders every channel for a reader, and runs the linter.
 */
import { joinList } from '../domain/listText.js';
import { type LintFinding, lintMessage } from '../domain/templateLint.js';
import {
  FINAL_STAGES,
  TEMPLATE_CHANNELS,
  type TemplateChannel,
  type TemplateDef,
} from '../domain/templates.js';
import { localTime, type Reader, renderTemplate, type Vars, variablesUsed } from './render.js';

export interface ComposeContext {
  pageName: string;
  statusUrl: string;
  incidentName?: string;
  components?: string[];
  contact?: string | null;
  /** the reader's language: lists read "A, B and C" in it */
  locale?: string;
}

export interface Composed {
  renderings: Record<TemplateChannel, string>;
  findings: LintFinding[];
  vars: Vars;
}

export const FILLED = [
  'page_name',
  'incident_name',
  'status_url',
  'components',
  'components_count',
  'contact',
  'stage_label',
];

/**
 * What Flare knows, then the author's variables. `components` is the incident's components
 * unless the variables carry their own list (a closing update keeps the ones back to normal).
 */
export function fillVars(vars: Vars, c: ComposeContext): Vars {
  const given: unknown = vars.components;
  const list = Array.isArray(given) ? given.map(String) : (c.components ?? []);
  // a list written by hand (a string) is the author's words: kept as written
  const text = typeof given === 'string' && given !== '' ? given : joinList(list, c.locale);
  return {
    page_name: c.pageName,
    incident_name: c.incidentName ?? '',
    status_url: c.statusUrl,
    contact: c.contact ?? '',
    ...Object.fromEntries(
      Object.entries(vars).filter(([, v]) => v !== undefined && v !== null && v !== ''),
    ),
    components: text,
    components_count: list.length,
  };
}

/** The channels a reader reads a whole message on (a subject line is not one). */
const READ_CHANNELS = TEMPLATE_CHANNELS.filter((c) => c !== 'email_subject');
const text = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

export function compose(
  def: TemplateDef,
  vars: Vars,
  c: ComposeContext,
  reader: Reader,
  /** severityTop: the incident is at the plan's most severe level (SEV1) */
  opts: { severityTop?: boolean } = {},
): Composed {
  const all = fillVars(vars, { ...c, locale: c.locale ?? reader.locale });
  const renderings = {} as Record<TemplateChannel, string>;
  const used: Record<string, string[]> = {};
  for (const ch of TEMPLATE_CHANNELS) {
    renderings[ch] = renderTemplate(def, ch, all, reader);
    used[ch] = variablesUsed(def, ch);
  }
  const findings = lintMessage({
    final: FINAL_STAGES.has(def.stage),
    stage: def.stage,
    severityTop: opts.severityTop,
    vars: all,
    used,
    rendered: { sms: renderings.sms, social: renderings.social, page: renderings.page },
    filled: FILLED,
    channels: READ_CHANNELS.map((channel) => ({
      channel,
      text: renderings[channel],
      locale: reader.locale,
      vars: {
        issue: text(all.issue) || text(all.incident_name),
        next_update_at: all.next_update_at ? localTime(all.next_update_at, reader) : '',
        contact: text(all.contact),
        status_url: text(all.status_url),
        estimate: text(all.estimate),
      },
    })),
  });
  return { renderings, findings, vars: all };
}
