/**
 * Security headers on every response: nosniff, a Referrer-Policy, X-Frame-Options DENY (but
 * `/embed/*`, which is meant to be framed), and on HTML a Content-Security-Policy with no
 * inline script or style unless its hash is listed. The hashes are those of the `<script>`
 * and `<style>` blocks in the page itself (the brand colours, the demo inbox's refresh), so
 * nothing else inline can run; `style=` attributes are not allowed at all.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

const INLINE = /<(script|style)(\s[^>]*)?>([\s\S]*?)<\/\1>/gi;

function hashOf(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The CSP for an HTML page: only this site's files, plus the page's own inline blocks. */
export function contentSecurityPolicy(html: string, path: string): string {
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const m of html.matchAll(INLINE)) {
    if (m[1].toLowerCase() === 'script') {
      if (!/\ssrc\s*=/i.test(m[2] ?? '') && m[3]) scripts.push(hashOf(m[3]));
    } else styles.push(hashOf(m[3]));
  }
  return [
    "default-src 'self'",
    `script-src 'self'${scripts.length ? ` ${[...new Set(scripts)].join(' ')}` : ''}`,
    `style-src 'self'${styles.length ? ` ${[...new Set(styles)].join(' ')}` : ''}`,
    "img-src 'self' data: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${isEmbed(path) ? '*' : "'none'"}`,
  ].join('; ');
}

const isEmbed = (path: string) => path.startsWith('/embed/');

/** The headers a response at `path` of this type and body should carry. */
export function securityHeaders(
  path: string,
  type: string,
  body: string | Buffer | null,
): Record<string, string> {
  const h: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
  if (!isEmbed(path)) h['x-frame-options'] = 'DENY';
  if (type.startsWith('text/html') && body !== null)
    h['content-security-policy'] = contentSecurityPolicy(body.toString(), path);
  return h;
}

/** The same CSP for the same page body: pages are re-sent far more often than they change. */
const recent = new Map<string, string>();

/** Adds the headers to every response that does not carry them yet (the site cache's do). */
export function installSecurityHeaders(server: FastifyInstance): void {
  server.addHook('onSend', (req, reply, payload, done) => {
    // the site cache's files carry them already (built once per render)
    if (reply.hasHeader('x-content-type-options')) return done(null, payload);
    const path = req.url.split('?')[0];
    const type = String(reply.getHeader('content-type') ?? '');
    const html = type.startsWith('text/html');
    const body = html && (typeof payload === 'string' || Buffer.isBuffer(payload)) ? payload : null;
    const key = typeof body === 'string' ? `${path.startsWith('/embed/')}${body}` : null;
    const cached = key !== null ? recent.get(key) : undefined;
    const h = securityHeaders(path, type, cached ? null : body);
    if (cached) h['content-security-policy'] = cached;
    else if (key !== null && h['content-security-policy']) {
      if (recent.size >= 32) recent.delete(recent.keys().next().value as string);
      recent.set(key, h['content-security-policy']);
    }
    for (const [k, v] of Object.entries(h)) if (!reply.hasHeader(k)) reply.header(k, v);
    done(null, payload);
  });
}
