/**
 * What every console route module shares: an encapsulated Fastify scope with form parsing,
 * the session check (redirect to sign-in, CSRF on POST), HTML errors that never show a stack,
 * and `render` to wrap a screen in the console layout.
 */
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../app.js';
import { DomainError } from '../../../domain/errors.js';
import { type Html, html } from '../../../lib/html.js';
import { consoleLayout, type Flash, type Section } from '../../../pages/console/layout.js';
import { pageData, sendHtml } from '../../pageReplies.js';
import { requireSession, type Session, sessionOf } from './session.js';

export interface Screen {
  title: string;
  section: Section;
  body: Html;
  flash?: Flash | null;
}

export interface Console {
  app: App;
  /** the signed-in session of this request */
  session(req: FastifyRequest): Session;
  render(
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    screen: Screen,
  ): Promise<FastifyReply>;
}

/** Fixed flash messages, named in the redirect's query (`?done=declared`). */
const FLASH: Record<string, Flash> = {
  declared: {
    tone: 'ok',
    text: 'Incident declared and published. Subscribers and the team are being notified.',
  },
  drafted: { tone: 'ok', text: 'Saved as a draft. Nothing is public until you publish it.' },
  awaiting: {
    tone: 'warn',
    text: 'Waiting for approval: the message goes out when the approver says yes (or when the time box runs out, if the plan says so).',
  },
  updated: { tone: 'ok', text: 'Update posted. Subscribers are being notified.' },
  resolved: { tone: 'ok', text: 'Incident resolved. The final update is out.' },
  published: { tone: 'ok', text: 'Published: the incident is now on the status page.' },
  acked: { tone: 'ok', text: 'Acknowledged.' },
  noted: { tone: 'ok', text: 'Added to the incident room (internal only).' },
  approved: { tone: 'ok', text: 'Approved: the message is published.' },
  edited: { tone: 'ok', text: 'Your edited wording was approved and published.' },
  rejected: { tone: 'warn', text: 'Rejected: nothing was published.' },
  account: { tone: 'ok', text: 'Account added. Add its contacts below.' },
  contact: {
    tone: 'ok',
    text: 'Contact added: they will hear about incidents that affect this account.',
  },
  briefing: {
    tone: 'ok',
    text: 'Briefing saved as a new version: the team is sent it to read.',
  },
  handover: {
    tone: 'ok',
    text: 'Handover sent: the next person is asked to accept. The role stays with its holder until they do.',
  },
  handed: { tone: 'ok', text: 'Handover accepted: the role has moved.' },
  unchanged: { tone: 'warn', text: 'Nothing changed, so no new version was made.' },
  replied: {
    tone: 'ok',
    text: 'Answer recorded. An email enquiry is answered by email, in the same thread.',
  },
  enquiry: { tone: 'ok', text: 'Enquiry updated.' },
  logged: { tone: 'ok', text: 'Logged: matched, linked and scored like any enquiry.' },
  outreach: {
    tone: 'ok',
    text: 'Call recorded: the task is done and the incident room has a note of it.',
  },
};

export function flashOf(req: FastifyRequest): Flash | null {
  const done = (req.query as Record<string, unknown> | undefined)?.done;
  return typeof done === 'string' ? (FLASH[done] ?? null) : null;
}

const ERROR_TEXT: Record<number, [string, string]> = {
  400: ['That did not work', 'Something in the request was not right. Go back and try again.'],
  403: [
    'This form has expired',
    'For your safety the form could not be sent. Reload the page and try again.',
  ],
  404: ['Not found', 'It may have been deleted, or the link is incomplete.'],
  413: [
    'That file is too large',
    'The console takes CSV files up to 20 MB. For a larger one, use the command line: flare accounts import, or flare subscribers import.',
  ],
  409: [
    'That cannot be done now',
    'Things changed in the meantime. Reload the page to see the latest.',
  ],
  500: [
    'Something went wrong',
    'That did not work on our side, and it has been logged. Please try again.',
  ],
};

function statusOf(err: FastifyError | DomainError): number {
  if (err instanceof DomainError)
    return (
      { not_found: 404, forbidden: 403, conflict: 409, invalid_transition: 409, unauthorized: 403 }[
        err.code as string
      ] ?? 400
    );
  return err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
}

export function errorBody(status: number, detail?: string): Html {
  const [title, text] = ERROR_TEXT[status] ?? ERROR_TEXT[400];
  return html`<section class="card-pad notice-card"><h1>${title}</h1><p>${detail ?? text}</p><p class="notice-actions"><a class="cbutton cbutton-quiet" href="/console">Back to the dashboard</a></p></section>`;
}

/** Registers `routes` in a scope of their own with the console's parsing, session and errors. */
export async function consoleScope(
  server: FastifyInstance,
  app: App,
  routes: (scope: FastifyInstance, c: Console) => void,
  opts: { public?: boolean; rateLimit?: boolean } = {},
): Promise<void> {
  const c: Console = {
    app,
    session: sessionOf,
    async render(req, reply, status, screen) {
      const { page } = await pageData(app);
      let viewer = null;
      try {
        const s = sessionOf(req);
        viewer = { name: s.tokenName, csrf: s.csrf, admin: s.actor.scope === 'admin' };
      } catch {}
      return sendHtml(
        reply,
        status,
        consoleLayout({ page, viewer, now: app.clock.now(), ...screen }),
      );
    },
  };
  await server.register(async (scope: FastifyInstance) => {
    await scope.register(formbody, { bodyLimit: 256 * 1024 });
    if (opts.rateLimit) await scope.register(rateLimit, { global: false });
    scope.addHook('onSend', async (req, reply, payload) => {
      // the token may be in a sign-in URL: that page tells nobody where it came from
      reply.header(
        'referrer-policy',
        req.url.startsWith('/console/signin') ? 'no-referrer' : 'same-origin',
      );
      reply.header('x-frame-options', 'DENY');
      reply.header('x-content-type-options', 'nosniff');
      return payload;
    });
    scope.setErrorHandler(async (err: FastifyError | DomainError, req, reply) => {
      const status = statusOf(err);
      if (status >= 500) req.log.error({ err }, 'console error');
      const detail = err instanceof DomainError && status !== 500 ? err.message : undefined;
      return c.render(req, reply, status, {
        title: ERROR_TEXT[status]?.[0] ?? 'Error',
        section: 'dashboard',
        body: errorBody(
          status,
          status === 403 && !(err instanceof DomainError) ? undefined : detail,
        ),
      });
    });
    if (!opts.public)
      scope.addHook(
        'preHandler',
        requireSession(app, (req, reply) =>
          c.render(req, reply, 403, {
            title: 'This form has expired',
            section: 'dashboard',
            body: errorBody(403),
          }),
        ),
      );
    routes(scope, c);
  });
}
