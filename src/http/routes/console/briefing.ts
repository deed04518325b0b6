/**
 * /console/incidents/:id/briefing: the briefing pack, who read it, its versions with what
 * changed, and the edit form (editBriefing); /print is the pack alone, for paper.
 */
import type { FastifyRequest } from 'fastify';
import { editBriefing } from '../../../actions/editBriefing.js';
import type { BriefingPack, FaqItem } from '../../../domain/briefing.js';
import { packText } from '../../../domain/briefing.js';
import { DomainError, notFound } from '../../../domain/errors.js';
import { pageZone } from '../../../lib/format.js';
import { lineDiff } from '../../../lib/lineDiff.js';
import { briefingPrintPage } from '../../../pages/briefingPage.js';
import {
  BRIEFING_LABELS,
  type BriefingForm,
  briefingBody,
} from '../../../pages/console/briefing.js';
import {
  briefingReaders,
  currentBriefing,
  getBriefing,
  listBriefingVersions,
} from '../../../store/queries/briefings.js';
import { getIncident } from '../../../store/queries/incidents.js';
import { formBody, many, one, pageData, sendHtml } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { plainErrors } from './plainErrors.js';
import { type Console, consoleScope, flashOf } from './scope.js';

interface Req {
  Params: { id: string };
  Querystring: { v?: string };
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

const formOf = (p: BriefingPack): BriefingForm => ({
  say: p.say.join('\n'),
  avoid: p.avoid.join('\n'),
  faq: p.faq,
  errors: {},
});

/** The version asked for (?v=), else the current one (version 0 before any). */
async function load(c: Console, id: string, v: unknown) {
  const db = c.app.store.db;
  const incident = await getIncident(db, id);
  if (incident?.kind !== 'incident') throw notFound('incident', id);
  const current = await currentBriefing(db, id);
  if (!current) throw notFound('incident', id);
  const n = typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : current.current.version;
  const shown = n === current.current.version ? current.current : await getBriefing(db, id, n);
  if (!shown) throw notFound('briefing version', `${id}/${n}`);
  return { incident, latest: current.current.version, shown };
}

async function screen(
  c: Console,
  req: FastifyRequest<Req>,
  reply: Parameters<Console['render']>[1],
  status: number,
  v: unknown,
  form?: BriefingForm,
) {
  const db = c.app.store.db;
  const { incident, latest, shown } = await load(c, req.params.id, v);
  const before =
    shown.version > 1 ? await getBriefing(db, incident.id, shown.version - 1) : undefined;
  const { page } = await pageData(c.app);
  return c.render(req, reply, status, {
    title: `Briefing: ${incident.name}`,
    section: 'incidents',
    flash: form
      ? { tone: 'error', text: 'Nothing was saved: see the messages below.' }
      : flashOf(req),
    body: briefingBody(
      {
        incident,
        version: shown.version,
        created_at: shown.created_at,
        actor: shown.actor,
        pack: shown.pack,
        readers: await briefingReaders(db, incident.id, shown.version, shown.pack.recipients),
        versions: await listBriefingVersions(db, incident.id),
        changes: before ? lineDiff(packText(before.pack), packText(shown.pack)) : null,
        form: form ?? formOf(shown.pack),
        csrf: c.session(req).csrf,
        zone: pageZone(page.time_zone),
      },
      latest,
    ),
  });
}

export const consoleBriefingRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get<Req>('/console/incidents/:id/briefing', (req, reply) =>
      screen(c, req, reply, 200, req.query.v),
    );

    scope.get<Req>('/console/incidents/:id/briefing/print', async (req, reply) => {
      const { shown } = await load(c, req.params.id, req.query.v);
      const { page } = await pageData(app);
      return sendHtml(reply, 200, briefingPrintPage(page, shown.version, shown.pack));
    });

    scope.post<Req>('/console/incidents/:id/briefing', async (req, reply) => {
      const form = formBody(req.body);
      const qs = many(form.faq_q);
      const as = many(form.faq_a);
      const faq: FaqItem[] = [];
      for (let n = 0; n < Math.max(qs.length, as.length); n++) {
        const q = (qs[n] ?? '').trim();
        const a = (as[n] ?? '').trim();
        if (q || a) faq.push({ q, a });
      }
      // only the lists that changed count as edited (the others keep following the stage)
      const { shown } = await load(c, req.params.id, undefined);
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      const say = lines(one(form.say));
      const avoid = lines(one(form.avoid));
      const edit = {
        ...(same(say, shown.pack.say) ? {} : { say }),
        ...(same(avoid, shown.pack.avoid) ? {} : { avoid }),
        ...(same(faq, shown.pack.faq) ? {} : { faq }),
      };
      if (Object.keys(edit).length === 0)
        return reply.redirect(
          `/console/incidents/${encodeURIComponent(req.params.id)}/briefing?done=unchanged`,
          303,
        );
      try {
        await editBriefing(app.ctx(c.session(req).actor), req.params.id, edit);
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
        const errors = plainErrors(err, BRIEFING_LABELS);
        return screen(c, req, reply, 400, undefined, {
          say: one(form.say),
          avoid: one(form.avoid),
          faq,
          errors,
        });
      }
      return reply.redirect(
        `/console/incidents/${encodeURIComponent(req.params.id)}/briefing?done=briefing`,
        303,
      );
    });
  });
