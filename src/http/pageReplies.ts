/**
 * Helpers for the dynamic HTML pages (subscribe and the signed subscription links): the page
 * and components from the site cache, replies that are never cached or indexed, and errors
 * shown as pages rather than JSON.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import { DomainError } from '../domain/errors.js';
import { html } from '../lib/html.js';
import { noticePage, type Tone } from '../pages/subscriptionPages.js';
import type { Component, Page } from '../store/queries/models.js';

export async function pageData(app: App): Promise<{ page: Page; components: Component[] }> {
  const { snap } = await app.site.current();
  return { page: snap.page, components: snap.components };
}

export function sendHtml(reply: FastifyReply, status: number, body: string): FastifyReply {
  return (
    reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      // signed links must not leak to other sites through the Referer header
      .header('referrer-policy', 'no-referrer')
      .send(body)
  );
}

/** A form body (urlencoded) as plain strings and lists. */
export function formBody(body: unknown): Record<string, string | string[]> {
  return body && typeof body === 'object' ? (body as Record<string, string | string[]>) : {};
}

export function one(v: unknown): string {
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
}

export function many(v: unknown): string[] {
  return typeof v === 'string'
    ? [v]
    : Array.isArray(v)
      ? v.filter((x) => typeof x === 'string')
      : [];
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const PAGES: Record<number, { title: string; text: string; tone: Tone }> = {
  409: { title: 'This cannot be changed here', text: '', tone: 'warn' },
  400: {
    title: 'Something is missing',
    text: 'This request is not complete. Please go back and try again.',
    tone: 'warn',
  },
  403: {
    title: 'This link does not work',
    text: 'It may be incomplete (some email apps cut long links) or it was changed. Open it again from the most recent email, or subscribe again.',
    tone: 'error',
  },
  404: {
    title: 'Subscription not found',
    text: 'It may have been removed. You can subscribe again at any time.',
    tone: 'warn',
  },
  429: {
    title: 'Too many tries',
    text: 'Please wait a minute, then try again.',
    tone: 'warn',
  },
  500: {
    title: 'Something went wrong',
    text: 'That did not work on our side, and it has been logged. Please try again in a moment.',
    tone: 'error',
  },
};

/** Renders an error as a page. Requests under /api/ keep the JSON errors of the parent handler. */
export function htmlErrors(app: App) {
  return async (err: FastifyError | DomainError, req: FastifyRequest, reply: FastifyReply) => {
    if (req.url.startsWith('/api/')) throw err;
    let status = 500;
    if (err instanceof DomainError) {
      status =
        { forbidden: 403, not_found: 404, rate_limited: 429, conflict: 409 }[err.code as string] ??
        400;
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      status = err.statusCode === 429 || err.statusCode === 403 ? err.statusCode : 400;
    } else {
      req.log.error({ err }, 'unhandled error');
    }
    const p = PAGES[status] ?? PAGES[400];
    const { page } = await pageData(app);
    return sendHtml(
      reply,
      status,
      noticePage(page, {
        path: req.url.split('?')[0],
        title: p.title,
        tone: p.tone,
        // a conflict's own message says what to do instead
        body: html`<p>${status === 409 ? capitalise(err.message) : p.text}</p>`,
        actions: html`<a class="button button-quiet" href="/">Status page</a><a class="button" href="/subscribe">Subscribe</a>`,
      }),
    );
  };
}
