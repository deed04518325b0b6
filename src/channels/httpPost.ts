/** One POST through the guarded agent, mapped to a SendResult the worker understands. */
import type { Readable } from 'node:stream';
import type { Agent } from 'undici';
import { parseRetryAfter } from '../domain/retry.js';
import { assertPublicUrl } from './net.js';
import type { SendResult } from './types.js';

/** The most of an answer Flare reads from a subscriber's endpoint or a provider. */
export const MAX_ANSWER_BYTES = 4096;

/**
 * The first `limit` bytes of a response body as text. Reading stops there and the rest is
 * thrown away with the connection, so an endless or huge answer costs nothing. Read with
 * listeners rather than an async iterator, which cost a webhook send about 4 µs more.
 */
export function readCapped(body: Readable, limit = MAX_ANSWER_BYTES): Promise<string> {
  // listeners added now would never hear an end or an error that already happened
  if (body.readableEnded) return Promise.resolve('');
  if (body.destroyed)
    return Promise.reject(body.errored ?? new Error('the answer ended before it was complete'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const text = () => Buffer.concat(chunks).subarray(0, limit).toString('utf8');
    const finish = (err: Error | null) => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
      // an error the body meets after this has nobody left to tell
      body.on('error', () => {});
      if (err) reject(err);
      else resolve(text());
    };
    const onData = (chunk: unknown) => {
      try {
        const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        chunks.push(b);
        size += b.length;
      } catch (err) {
        finish(err as Error);
        body.destroy();
        return;
      }
      if (size < limit) return;
      finish(null);
      // the rest is unread: drop it and its connection
      body.destroy();
    };
    const onEnd = () => finish(null);
    const onError = (err: Error) => {
      finish(err);
      body.destroy();
    };
    const onClose = () => finish(new Error('the answer ended before it was complete'));
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', onError);
    body.once('close', onClose);
    // a body someone paused, or one read through 'readable' before, flows again
    body.resume();
  });
}

/**
 * The caller's headers with a JSON content type and Flare's user agent where they name none,
 * filled in on the caller's own object (a fresh one each call: a copy per send was garbage).
 */
function jsonHeaders(headers: Record<string, string>): Record<string, string> {
  headers['content-type'] ??= 'application/json';
  headers['user-agent'] ??= 'Flare/0.1 (+status notifications)';
  return headers;
}

export type PostResult = SendResult & { status?: number; body?: string };

/**
 * POSTs `body` as JSON. A failure's answer is read (its first MAX_ANSWER_BYTES) for the error;
 * a success's answer too unless `readOk` is false, when it is discarded unread, up to the same
 * cap (a webhook's 2xx answer says nothing Flare uses, and reading it cost a send about 5 µs).
 * Discarded, a 2xx counts as delivered even if its body then breaks off: the receiver took the
 * message, and a retry would only send it twice.
 */
export async function postJson(
  agent: Agent,
  allowPrivate: boolean,
  url: string,
  body: string | Buffer,
  headers: Record<string, string>,
  provider: string,
  readOk = true,
): Promise<PostResult> {
  let target: URL;
  try {
    target = assertPublicUrl(url, allowPrivate);
  } catch (err) {
    return {
      ok: false,
      provider,
      error: (err as Error).message,
      retryable: false,
      undeliverable: true,
    };
  }
  try {
    const res = await agent.request({
      origin: target.origin,
      path: target.pathname + target.search,
      method: 'POST',
      headers: jsonHeaders(headers),
      body,
    });
    const status = res.statusCode;
    const success = status >= 200 && status < 300;
    if (success && !readOk) {
      await res.body.dump({ limit: MAX_ANSWER_BYTES });
      return { ok: true, provider, status };
    }
    const text = await readCapped(res.body);
    if (success) return { ok: true, provider, status, body: text };
    const retryAfter = parseRetryAfter(
      res.headers['retry-after'] as string | undefined,
      new Date(),
    );
    const error = `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
    if (status === 410)
      return { ok: false, provider, error, retryable: false, undeliverable: true, status };
    return {
      ok: false,
      provider,
      error,
      retryable: true,
      status,
      body: text,
      retryAfterMs: status === 429 || status === 503 ? (retryAfter ?? 1000) : undefined,
    };
  } catch (err) {
    const e = err as Error & { code?: string };
    const blocked = e.name === 'BlockedAddressError' || e.message.includes('refused to connect');
    return {
      ok: false,
      provider,
      error: `${e.code ?? e.name}: ${e.message}`,
      retryable: !blocked,
      undeliverable: blocked,
    };
  }
}
