/**
 * The enquiries inbox (issue #11): GET /console/enquiries (filters, keyset pages), GET
 * /console/enquiries/:id (one, with its replies), POST /console/enquiries/:id/reply (an FAQ
 * answer or free text, replyEnquiry) and POST /console/enquiries/:id (status or relink,
 * updateEnquiry). Plain forms, then 303; a failed form shows again with its errors.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { receiveEnquiry } from '../../../actions/receiveEnquiry.js';
import { replyEnquiry } from '../../../actions/replyEnquiry.js';
import { updateEnquiry } from '../../../actions/updateEnquiry.js';
import { ENQUIRY_CHANNELS, ENQUIRY_STATUSES } from '../../../domain/enquiry.js';
import { answersFor, fillAnswer } from '../../../domain/enquiryAnswers.js';
import { DomainError, invalid, notFound } from '../../../domain/errors.js';
import { pageZone } from '../../../lib/format.js';
import { type InboxFilter, inboxBody, LOG_FIELDS } from '../../../pages/console/enquiries.js';
import { enquiryBody } from '../../../pages/console/enquiry.js';
import type { Db } from '../../../store/db.js';
import { latestBriefing } from '../../../store/queries/briefings.js';
import {
  getEnquiry,
  incidentChoices,
  latestStatement,
  listEnquiries,
  listEnquiryReplies,
} from '../../../store/queries/enquiries.js';
import { formClaim, keepAnswer, replayAnswer, withClaim } from '../../idempotency.js';
import { formBody, one, pageData } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { plainErrors } from './plainErrors.js';
import { type Console, consoleScope, flashOf } from './scope.js';

const PER_PAGE = 50;
const LABELS = {
  body: 'Your answer',
  faq: 'Approved answer',
  status: 'Status',
  incident_id: 'Incident',
  channel: 'Channel',
  from: 'Who',
  subject: 'Subject',
  text: 'What they said',
};

function readFilter(q: Record<string, unknown>): InboxFilter {
  const s = (k: string) => (typeof q[k] === 'string' ? (q[k] as string).trim().slice(0, 100) : '');
  const pick = (v: string, allowed: readonly string[]) => (allowed.includes(v) ? v : '');
  return {
    status: pick(s('status'), ENQUIRY_STATUSES),
    channel: pick(s('channel'), ENQUIRY_CHANNELS),
    incident_id: s('incident_id'),
    before: s('before'),
  };
}

async function showEnquiry(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  id: string,
  status = 200,
  form: { values: Record<string, string>; errors: Record<string, string> } = {
    values: {},
    errors: {},
  },
): Promise<FastifyReply> {
  const db = c.app.store.db;
  const enquiry = await getEnquiry(db, id);
  if (!enquiry) throw notFound('enquiry', id);
  const [replies, incidents, { page }, statement, answers] = await Promise.all([
    listEnquiryReplies(db, id),
    incidentChoices(db),
    pageData(c.app),
    enquiry.incident_id ? latestStatement(db, enquiry.incident_id) : Promise.resolve(null),
    approvedAnswers(db, enquiry.incident_id),
  ]);
  const fill = { status_url: page.url, statement };
  return c.render(req, reply, status, {
    title: enquiry.subject ?? `Enquiry from ${enquiry.account_name ?? enquiry.from}`,
    section: 'enquiries',
    flash: flashOf(req),
    body: enquiryBody({
      enquiry,
      replies,
      incidents,
      faq: answers.map((f) => ({ ...f, filled: fillAnswer(f.a, fill) })),
      csrf: c.session(req).csrf,
      zone: pageZone(page.time_zone),
      form,
    }),
  });
}

/** The incident's briefing FAQ, then the default answers. */
async function approvedAnswers(db: Db, incidentId: string | null) {
  const pack = incidentId ? await latestBriefing(db, incidentId) : undefined;
  return answersFor(pack?.pack.faq);
}

async function showInbox(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  log: { values: Record<string, string>; errors: Record<string, string> } = {
    values: { channel: 'phone' },
    errors: {},
  },
): Promise<FastifyReply> {
  const filter = readFilter((req.query ?? {}) as Record<string, unknown>);
  const db = c.app.store.db;
  const [rows, incidents, { page }] = await Promise.all([
    listEnquiries(db, {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.channel ? { channel: filter.channel } : {}),
      ...(filter.incident_id ? { incident_id: filter.incident_id } : {}),
      ...(filter.before ? { before: filter.before } : {}),
      limit: PER_PAGE,
    }),
    incidentChoices(db),
    pageData(c.app),
  ]);
  return c.render(req, reply, status, {
    title: 'Enquiries',
    section: 'enquiries',
    flash: flashOf(req),
    body: inboxBody({
      rows,
      filter,
      incidents,
      nextBefore: rows.length === PER_PAGE ? rows[rows.length - 1].id : null,
      zone: pageZone(page.time_zone),
      csrf: c.session(req).csrf,
      admin: c.session(req).actor.scope === 'admin',
      log,
    }),
  });
}

interface ById {
  Params: { id: string };
}

export const consoleEnquiryRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get('/console/enquiries', (req, reply) => showInbox(c, req, reply, 200));

    scope.post('/console/enquiries', async (req, reply) => {
      const form = formBody(req.body);
      const values: Record<string, string> = {};
      for (const k of LOG_FIELDS) values[k] = one(form[k]).trim();
      const actor = c.session(req).actor;
      const claim = formClaim(form, actor.id);
      if (claim && (await replayAnswer(app, reply, claim, { sameRequestOnly: false })))
        return reply;
      try {
        const ctx = withClaim(app.ctx(actor), claim);
        const e = await receiveEnquiry(
          ctx,
          {
            channel: values.channel,
            from: values.from,
            text: values.text,
            ...(values.subject ? { subject: values.subject } : {}),
          },
          { source: 'console' },
        );
        const location = `/console/enquiries/${encodeURIComponent(e.id)}?done=logged`;
        await keepAnswer(ctx, claim, 303, undefined, location);
        return reply.redirect(location, 303);
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
        return showInbox(c, req, reply, 400, { values, errors: plainErrors(err, LABELS) });
      }
    });

    scope.get<ById>('/console/enquiries/:id', (req, reply) =>
      showEnquiry(c, req, reply, req.params.id),
    );

    scope.post<ById>('/console/enquiries/:id/reply', async (req, reply) => {
      const form = formBody(req.body);
      const values = { faq: one(form.faq).trim().slice(0, 40), body: one(form.body).trim() };
      const actor = c.session(req).actor;
      const claim = formClaim(form, actor.id);
      if (claim && (await replayAnswer(app, reply, claim, { sameRequestOnly: false })))
        return reply;
      try {
        const e = await getEnquiry(app.store.db, req.params.id);
        if (!e) throw notFound('enquiry', req.params.id);
        let body = values.body;
        if (!body && values.faq) {
          const faq = (await approvedAnswers(app.store.db, e.incident_id)).find(
            (f) => f.key === values.faq,
          );
          if (!faq) throw invalid({ faq: 'must be one of the listed answers' });
          const { page } = await pageData(app);
          const statement = e.incident_id
            ? await latestStatement(app.store.db, e.incident_id)
            : null;
          body = fillAnswer(faq.a, { status_url: page.url, statement });
        }
        if (!body)
          throw invalid({ body: 'is required: write an answer, or choose an approved one' });
        const ctx = withClaim(app.ctx(actor), claim);
        await replyEnquiry(ctx, req.params.id, { body });
        const location = `/console/enquiries/${encodeURIComponent(req.params.id)}?done=replied`;
        await keepAnswer(ctx, claim, 303, undefined, location);
        return reply.redirect(location, 303);
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
        return showEnquiry(c, req, reply, req.params.id, 400, {
          values,
          errors: plainErrors(err, LABELS),
        });
      }
    });

    scope.post<ById>('/console/enquiries/:id', async (req, reply) => {
      const form = formBody(req.body);
      const input: Record<string, unknown> = {};
      if (form.status !== undefined) input.status = one(form.status);
      if (form.incident_id !== undefined) input.incident_id = one(form.incident_id) || null;
      try {
        await updateEnquiry(app.ctx(c.session(req).actor), req.params.id, input);
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
        return showEnquiry(c, req, reply, req.params.id, 400, {
          values: {},
          errors: plainErrors(err, LABELS),
        });
      }
      return reply.redirect(
        `/console/enquiries/${encodeURIComponent(req.params.id)}?done=enquiry`,
        303,
      );
    });
  });
