/**
 * The SLA credits screens (admins only): GET /console/sla?month=YYYY-MM (a page of accounts
 * with their figures and decisions), POST /console/sla/credits?month= (approve or adjust one
 * account's credit: a one-time form token makes a resubmit land on the first answer), and
 * GET /console/sla/report.csv?month= (the billing CSV, streamed).
 */
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decideSlaCredit } from '../../../actions/decideSlaCredit.js';
import { slaMonth } from '../../../actions/slaInputs.js';
import { DomainError } from '../../../domain/errors.js';
import { type SlaScreen, slaBody } from '../../../pages/console/sla.js';
import { slaReportChunks } from '../../../present/slaReport.js';
import {
  loadSlaMonth,
  type SlaReportRow,
  slaReportRows,
} from '../../../store/queries/slaReport.js';
import { formClaim, keepAnswer, replayAnswer, withClaim } from '../../idempotency.js';
import { formBody, one } from '../../pageReplies.js';
import type { RouteModule } from '../../registry.js';
import { plainErrors } from './plainErrors.js';
import { type Console, consoleScope } from './scope.js';

const PAGE = 100;
const ONLY_ADMINS = 'only an admin can see and decide SLA credits; sign in with an admin token';
const LABELS: Record<string, string> = {
  amount: 'Amount to credit',
  note: 'Note',
  decision: 'Decision',
  account_id: 'Account',
  month: 'Month',
};
const DONE: Record<string, string> = {
  approved: 'Credit approved.',
  adjusted: 'Credit adjusted.',
};

function requireAdmin(c: Console, req: FastifyRequest) {
  if (c.session(req).actor.scope !== 'admin') throw new DomainError('forbidden', ONLY_ADMINS);
}

/** The month asked for, or last month (the one finance usually closes). */
function monthOf(c: Console, req: FastifyRequest): string {
  const q = one((req.query as Record<string, unknown> | undefined)?.month);
  if (q && slaMonth.safeParse(q).success) return q;
  const now = c.app.clock.now();
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return last.toISOString().slice(0, 7);
}

async function show(
  c: Console,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  month: string,
  failed: SlaScreen['failed'] = null,
): Promise<FastifyReply> {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const after = one(query.after).slice(0, 100);
  const db = c.app.store.db;
  const data = await loadSlaMonth(db, month, c.app.clock.now());
  const rows: SlaReportRow[] = [];
  let next: string | null = null;
  for await (const r of slaReportRows(db, data, { after })) {
    if (rows.length === PAGE) {
      next = rows[rows.length - 1].account_id;
      break;
    }
    rows.push(r);
  }
  const done = one(query.done);
  return c.render(req, reply, status, {
    title: `SLA credits ${month}`,
    section: 'sla',
    flash: status === 200 && DONE[done] ? { tone: 'ok', text: DONE[done] } : null,
    body: slaBody({
      month,
      rows,
      next,
      csrf: c.session(req).csrf,
      failed,
      hasPolicies: data.policies.length > 0,
    }),
  });
}

export const consoleSlaRoutes: RouteModule = (server, app) =>
  consoleScope(server, app, (scope, c) => {
    scope.get('/console/sla', async (req, reply) => {
      requireAdmin(c, req);
      return show(c, req, reply, 200, monthOf(c, req));
    });

    scope.get('/console/sla/report.csv', async (req, reply) => {
      requireAdmin(c, req);
      const month = monthOf(c, req);
      const data = await loadSlaMonth(app.store.db, month, app.clock.now());
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="sla-credits-${month}.csv"`)
        .header('cache-control', 'no-store');
      return reply.send(
        Readable.from(slaReportChunks(month, slaReportRows(app.store.db, data), 'csv')),
      );
    });

    scope.post('/console/sla/credits', async (req, reply) => {
      requireAdmin(c, req);
      const month = monthOf(c, req);
      const form = formBody(req.body);
      const accountId = one(form.account_id).slice(0, 100);
      const decision = one(form.decision);
      const amountText = one(form.amount).trim();
      const note = one(form.note).slice(0, 5000);
      const actor = c.session(req).actor;
      const claim = formClaim(form, actor.id);
      if (claim && (await replayAnswer(app, reply, claim, { sameRequestOnly: false })))
        return reply;
      const ctx = withClaim(app.ctx(actor), claim);
      try {
        await decideSlaCredit(ctx, month, accountId, {
          decision,
          ...(amountText === ''
            ? {}
            : { amount: Number.isNaN(Number(amountText)) ? amountText : Number(amountText) }),
          ...(note.trim() ? { note } : {}),
        });
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
        return show(c, req, reply, 400, month, {
          accountId,
          errors: plainErrors(err, LABELS),
          amount: amountText,
          note,
        });
      }
      const to = `/console/sla?month=${month}&done=${decision === 'adjust' ? 'adjusted' : 'approved'}#acct-${encodeURIComponent(accountId)}`;
      await keepAnswer(ctx, claim, 303, undefined, to);
      return reply.redirect(to, 303);
    });
  });
