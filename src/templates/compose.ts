/**
 * Composes one message from a template: fills in what Flare knows (page name, link, affected
 * components, next update), renders every channel for a reader, and runs the linter.
 */
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
  'contact',
  'stage_label',
];

export function fillVars(vars: Vars, c: ComposeContext): Vars {
  return {
    page_name: c.pageName,
    incident_name: c.incidentName ?? '',
    status_url: c.statusUrl,
    components: c.components?.length ? c.components.join(', ') : '',
    contact: c.contact ?? '',
    ...Object.fromEntries(
      Object.entries(vars).filter(([, v]) => v !== undefined && v !== null && v !== ''),
    ),
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
  const all = fillVars(vars, c);
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
