/** One POST through the guarded agent, mapped to a SendResult the worker understands. */
import type { Agent } from 'undici';
import { parseRetryAfter } from '../domain/retry.js';
import { assertPublicUrl } from './net.js';
import type { SendResult } from './types.js';

export async function postJson(
  agent: Agent,
  allowPrivate: boolean,
  url: string,
  body: string,
  headers: Record<string, string>,
  provider: string,
): Promise<SendResult & { body?: string }> {
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
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Flare/0.1 (+status notifications)',
        ...headers,
      },
      body,
    });
    const text = await res.body.text();
    if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true, provider, body: text };
    const retryAfter = parseRetryAfter(
      res.headers['retry-after'] as string | undefined,
      new Date(),
    );
    const error = `HTTP ${res.statusCode}${text ? `: ${text.slice(0, 200)}` : ''}`;
    if (res.statusCode === 410)
      return { ok: false, provider, error, retryable: false, undeliverable: true };
    return {
      ok: false,
      provider,
      error,
      retryable: true,
      retryAfterMs:
        res.statusCode === 429 || res.statusCode === 503 ? (retryAfter ?? 1000) : undefined,
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
