/** Renders a stored template for an incident and turns linter errors into field errors. */
import { invalid } from '../../domain/errors.js';
import type { LintFinding } from '../../domain/templateLint.js';
import { STAGE_STATUS } from '../../domain/templates.js';
import type { ComponentStatus } from '../../domain/types.js';
import type { Db } from '../../store/db.js';
import { backToNormal } from '../../store/queries/heldStatuses.js';
import { getPage } from '../../store/queries/page.js';
import { findTemplate, type StoredTemplate } from '../../store/queries/templates.js';
import { type Composed, compose } from '../../templates/compose.js';
import type { Vars } from '../../templates/render.js';

export interface IncidentMessage {
  template: StoredTemplate;
  composed: Composed;
  /** the components the message names, in order (a resolution: only those back to normal) */
  componentNames: string[];
}

export async function composeForIncident(
  db: Db,
  o: {
    template: string;
    locale: string;
    vars: Vars;
    incidentName: string;
    componentIds: string[];
    incidentId?: string;
    fallbackUrl?: string;
    timeZone?: string;
    /** the incident's severity is the plan's most severe level (SEV1): stricter resolution lint */
    severityTop?: boolean;
    /** the statuses the update sets by hand (a closing update's outlive the incident) */
    changes?: Record<string, ComponentStatus>;
  },
): Promise<IncidentMessage> {
  const template = await findTemplate(db, o.template, o.locale);
  if (!template) throw invalid({ template: `no template named ${JSON.stringify(o.template)}` });
  const page = await getPage(db);
  // "… is working normally again" names only what is: a component another open incident still
  // holds (or set by hand to a problem) keeps its status, by the rule that moves the status
  const ids =
    o.incidentId && STAGE_STATUS[template.stage] === 'resolved'
      ? await backToNormal(db, o.incidentId, o.componentIds, o.changes)
      : o.componentIds;
  const names = ids.length
    ? (
        await db
          .selectFrom('components')
          .select('name')
          .where('id', 'in', ids)
          .orderBy('position')
          .orderBy('name')
          .execute()
      ).map((c) => c.name)
    : [];
  const base = (page?.url ?? o.fallbackUrl ?? 'http://localhost:8080').replace(/\/+$/, '');
  const composed = compose(
    template,
    o.vars,
    {
      pageName: page?.name ?? 'Status',
      statusUrl: o.incidentId ? `${base}/incidents/${o.incidentId}` : base,
      incidentName: o.incidentName,
      components: names,
      contact: page?.support_email ?? page?.support_url ?? null,
    },
    { locale: o.locale, timeZone: o.timeZone ?? page?.time_zone ?? 'UTC' },
    { severityTop: o.severityTop },
  );
  return { template, composed, componentNames: names };
}

/** Linter errors stop a publish; each names the variable or channel to fix. */
export function assertPublishable(findings: LintFinding[]): void {
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length === 0) return;
  const fields: Record<string, string> = {};
  for (const f of errors) {
    const field =
      f.rule === 'missing_next_update'
        ? 'next_update_in_minutes'
        : f.channel
          ? `template.${f.channel}`
          : `vars (${f.rule})`;
    fields[field] = fields[field] ? `${fields[field]} ${f.message}` : f.message;
  }
  throw invalid(fields);
}
