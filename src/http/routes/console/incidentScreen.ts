/** Loads and renders the incident screen, with its forms in a given state (defaults or a failed post). */

import type { FastifyReply, FastifyRequest } from 'fastify';
import { composeForIncident } from '../../../actions/shared/templateMessage.js';
import { channelLabels } from '../../../channels/catalog.js';
import { DEFAULT_CADENCE, defaultNextUpdateMinutes } from '../../../domain/cadence.js';
import { DomainError, notFound } from '../../../domain/errors.js';
import { severityTargets } from '../../../domain/severity.js';
import { INCIDENT_STATUS_LABEL } from '../../../domain/status.js';
import { STAGE_STATUS, type Stage } from '../../../domain/templates.js';
import { pageZone } from '../../../lib/format.js';
import { type Html, html } from '../../../lib/html.js';
import type { AudienceState } from '../../../pages/console/audienceFields.js';
import { reactionSection } from '../../../pages/console/enquiryChart.js';
import { handoverCard } from '../../../pages/console/handover.js';
import { incidentBody } from '../../../pages/console/incident.js';
import type { Flash } from '../../../pages/console/layout.js';
import { outreachBoard } from '../../../pages/console/outreach.js';
import { previewPanel } from '../../../pages/console/preview.js';
import {
  type FormState,
  resolveForm,
  type UpdateFormData,
  updateForm,
} from '../../../pages/console/updateForm.js';
import { listApprovals } from '../../../store/queries/approvals.js';
import { listAudiences } from '../../../store/queries/audiences.js';
import { briefingSummary } from '../../../store/queries/briefings.js';
import { latestTemplateVars } from '../../../store/queries/consoleReads.js';
import { summarizeIncidentDeliveries } from '../../../store/queries/deliveries.js';
import { enquiryStats } from '../../../store/queries/enquiries.js';
import { listHandovers } from '../../../store/queries/handovers.js';
import { listIncidentRoles, listTimeline } from '../../../store/queries/incidentRoom.js';
import { getIncident } from '../../../store/queries/incidents.js';
import type { Incident } from '../../../store/queries/models.js';
import { listOutreach } from '../../../store/queries/outreach.js';
import { getSeverity, listPeople, type Severity } from '../../../store/queries/team.js';
import { listTemplates } from '../../../store/queries/templates.js';
import { pageData } from '../../pageReplies.js';
import { VAR_FIELDS } from './forms.js';
import { reachPreview } from './reach.js';
import { type Console, flashOf } from './scope.js';

const UPDATE_STAGES: Stage[] = [
  'identified',
  'monitoring',
  'interim',
  'investigating',
  'resolved',
  'false_alarm',
];
const NEXT_STAGE: Record<string, string> = {
  investigating: 'identified',
  identified: 'monitoring',
  monitoring: 'resolved',
};

export interface Loaded {
  incident: Incident;
  severity: Severity | undefined;
  data: UpdateFormData;
  lastVars: Record<string, unknown>;
  contact: string;
  /** the audiences the incident's severity tells */
  severityAudiences: string[];
  /** who the update form is set to tell at first */
  audience: AudienceState;
  /** an audiences-only incident resolves to the audiences it told */
  resolveTo: { audiences?: string[]; visibility: 'public' | 'audiences' };
}

export async function loadIncident(c: Console, req: FastifyRequest, id: string): Promise<Loaded> {
  const db = c.app.store.db;
  const incident = await getIncident(db, id);
  if (incident?.kind !== 'incident') throw notFound('incident', id);
  const [{ page, components }, severity, templates, lastVars, audiences] = await Promise.all([
    pageData(c.app),
    incident.severity ? getSeverity(db, incident.severity) : Promise.resolve(undefined),
    listTemplates(db),
    latestTemplateVars(db, id),
    listAudiences(db),
  ]);
  const known = new Set(audiences.map((a) => a.key));
  const severityAudiences = severityTargets(severity, audiences)
    .map((t) => t.audience)
    .filter((k) => known.has(k));
  const told = [...new Set(incident.updates.flatMap((u) => u.audiences))].filter((k) =>
    known.has(k),
  );
  const privateOnly = incident.visibility === 'audiences';
  const audienceNames = new Map(audiences.map((a) => [a.key, a.name]));
  const names = new Map<string, { key: string; name: string; stage: Stage }>();
  for (const t of templates)
    if (UPDATE_STAGES.includes(t.stage) && (!names.has(t.key) || t.locale === 'en'))
      names.set(t.key, { key: t.key, name: t.name, stage: t.stage });
  const s = severity?.settings;
  return {
    incident,
    severity,
    lastVars,
    severityAudiences,
    audience: privateOnly
      ? { visibility: 'audiences', chosen: told, auto: false }
      : { visibility: 'public', chosen: severityAudiences, auto: true },
    resolveTo:
      privateOnly && told.length
        ? { visibility: 'audiences', audiences: told }
        : { visibility: 'public' },
    contact: String(lastVars.contact ?? page.support_email ?? page.support_url ?? ''),
    data: {
      incidentId: id,
      templates: [...names.values()].sort(
        (a, b) => UPDATE_STAGES.indexOf(a.stage) - UPDATE_STAGES.indexOf(b.stage),
      ),
      locales: [...new Set(templates.map((t) => t.locale))].sort(),
      components,
      approvalNote: s?.approvalRequired
        ? `Free text needs approval under ${severity!.key}: it goes to the incident lead first, and ${s.autoPublishOnTimeout ? `publishes by itself after ${s.approvalTimeBoxMinutes} minutes if nobody decides` : `escalates after ${s.approvalTimeBoxMinutes} minutes`}.`
        : null,
      csrf: c.session(req).csrf,
      audiences: audiences.map((a) => ({
        key: a.key,
        name: a.name,
        channels: a.channels,
        outreach: a.outreach,
      })),
      channelLabels: channelLabels(),
      resolveAudienceNote:
        privateOnly && told.length
          ? `This incident is not public: the final update goes only to ${told.map((k) => audienceNames.get(k) ?? k).join(', ')}.`
          : null,
    },
  };
}

export function cadenceMinutes(l: Loaded, now: Date): number {
  return defaultNextUpdateMinutes(
    l.incident.started_at,
    now,
    l.severity?.settings.cadence ?? DEFAULT_CADENCE,
  );
}

/**
 * What the last template update said that still holds, carried into the next update's form to
 * edit: the issue, its cause, what customers notice, the workaround, where, and a confirmed
 * estimate. Progress is news each time, so it starts empty.
 */
const CARRIED = ['issue', 'cause', 'impact', 'workaround', 'regions', 'estimate'] as const;

function carriedValues(last: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of CARRIED) {
    const v = last[k];
    if (typeof v === 'string' && v.trim()) out[k] = v;
  }
  if (out.estimate && (last.estimate_confirmed === true || last.estimate_confirmed === 'true'))
    out.estimate_confirmed = 'true';
  return out;
}

export function defaultForms(l: Loaded, now: Date): { update: FormState; resolve: FormState } {
  const issue = String(l.lastVars.issue ?? '');
  return {
    update: {
      values: {
        ...carriedValues(l.lastVars),
        mode: 'template',
        template:
          NEXT_STAGE[l.incident.status] === 'resolved'
            ? 'resolved'
            : (NEXT_STAGE[l.incident.status] ?? 'identified'),
        locale: 'en',
        issue,
        contact: l.contact,
        status: l.incident.status,
        next_update_in_minutes: String(cadenceMinutes(l, now)),
      },
      components: {},
      errors: {},
      preview: null,
      audience: l.audience,
    },
    resolve: { values: { issue, contact: l.contact }, components: {}, errors: {}, preview: null },
  };
}

/** The per-channel preview of a template update for this incident. */
export async function templatePreview(
  c: Console,
  l: Loaded,
  o: {
    template: string;
    locale: string;
    vars: Record<string, string | boolean>;
    componentIds: string[];
    minutes: number | null;
    /** who it goes to, when the form says (the update form) */
    audience?: AudienceState;
  },
): Promise<Html> {
  const { template, composed } = await composeForIncident(c.app.store.db, {
    template: o.template,
    locale: o.locale,
    vars: {
      ...o.vars,
      ...(o.minutes
        ? {
            next_update_at: new Date(
              c.app.clock.now().getTime() + o.minutes * 60_000,
            ).toISOString(),
          }
        : {}),
    },
    incidentName: l.incident.name,
    componentIds: [...new Set([...l.incident.component_ids, ...o.componentIds])],
    incidentId: l.incident.id,
    fallbackUrl: c.app.ctx().fallbackUrl,
  });
  const status = STAGE_STATUS[template.stage];
  const needsApproval = !template.pre_approved && l.severity?.settings.approvalRequired;
  const panel = previewPanel({
    renderings: composed.renderings,
    findings: composed.findings,
    statusLabel: INCIDENT_STATUS_LABEL[status as keyof typeof INCIDENT_STATUS_LABEL] ?? status,
    approvalNote: needsApproval
      ? 'This template is not pre-approved, so it goes to the approver first.'
      : null,
  });
  return o.audience
    ? html`${panel}${await audienceReach(c, l, o.audience, o.componentIds)}`
    : panel;
}

/** The reach panel for an update of this incident. */
export function audienceReach(
  c: Console,
  l: Loaded,
  audience: AudienceState,
  componentIds: string[],
): Promise<Html> {
  const components: Record<string, string> = {};
  for (const id of [...new Set([...l.incident.component_ids, ...componentIds])])
    components[id] = 'major_outage';
  return reachPreview(c, {
    severity: l.incident.severity,
    audience,
    audiences: l.data.audiences,
    components,
  });
}

/** The preview of a form as the page first shows it (null when the template cannot render). */
async function defaultPreview(
  c: Console,
  l: Loaded,
  s: FormState,
  now: Date | null,
): Promise<Html | null> {
  const vars: Record<string, string | boolean> = {};
  for (const k of VAR_FIELDS) if (s.values[k]) vars[k] = s.values[k];
  if (s.values.estimate_confirmed) vars.estimate_confirmed = true;
  try {
    return await templatePreview(c, l, {
      template: now ? s.values.template || 'identified' : 'resolved',
      locale: s.values.locale || 'en',
      vars,
      componentIds: [],
      minutes: now ? cadenceMinutes(l, now) : null,
      audience: s.audience,
    });
  } catch (err) {
    if (err instanceof DomainError) return null;
    throw err;
  }
}

export async function renderIncident(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  l: Loaded,
  forms?: { update?: FormState; resolve?: FormState; flash?: Flash; resolveOpen?: boolean },
): Promise<FastifyReply> {
  const db = c.app.store.db;
  const now = c.app.clock.now();
  const i = l.incident;
  const [
    { page },
    roles,
    room,
    deliveries,
    approvals,
    tasks,
    people,
    briefing,
    reaction,
    handovers,
  ] = await Promise.all([
    pageData(c.app),
    listIncidentRoles(db, i.id),
    listTimeline(db, i.id),
    summarizeIncidentDeliveries(db, i.id),
    listApprovals(db, 'open'),
    listOutreach(db, i.id),
    listPeople(db),
    briefingSummary(db, i.id),
    enquiryStats(db, i.id),
    listHandovers(db, i.id),
  ]);
  const zone = pageZone(page.time_zone);
  const closed = i.status === 'resolved' || i.status === 'postmortem';
  const defaults = defaultForms(l, now);
  const f = {
    update: forms?.update ?? defaults.update,
    resolve: forms?.resolve ?? { ...defaults.resolve, open: forms?.resolveOpen },
  };
  // the previews come with the page: nobody has to press Preview to see what goes out
  if (!closed && !forms?.update) f.update.preview = await defaultPreview(c, l, f.update, now);
  if (!closed && !forms?.resolve && f.resolve.open)
    f.resolve.preview = await defaultPreview(c, l, f.resolve, null);
  return c.render(req, reply, status, {
    title: i.name,
    section: 'incidents',
    flash: forms?.flash ?? flashOf(req),
    body: incidentBody({
      channelLabels: channelLabels(),
      incident: i,
      severityName: l.severity?.name ?? null,
      roles,
      room,
      deliveries,
      waitingApprovals: approvals.filter((a) => a.incident_id === i.id).length,
      zone,
      now,
      csrf: l.data.csrf,
      outreach: outreachBoard(tasks, { incidentId: i.id, csrf: l.data.csrf, zone, now }),
      reaction: reactionSection(reaction, { incidentId: i.id, zone }),
      audienceNames: Object.fromEntries(l.data.audiences.map((a) => [a.key, a.name])),
      people,
      briefing,
      handovers: handoverCard({
        incidentId: i.id,
        handovers,
        people,
        csrf: l.data.csrf,
        zone,
        closed,
      }),
      forms: closed ? null : html`${updateForm(l.data, f.update)}${resolveForm(l.data, f.resolve)}`,
    }),
  });
}
