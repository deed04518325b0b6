/**
 * What a channel prepares once per event (a rendered message, a shared body), kept for every
 * delivery of that event: by the worker's thread and by the send thread alike.
 */
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import type { Channel } from './types.js';

export interface PreparedCache {
  event: DeliveryEvent;
  /** each channel's preparation, by channel name, while it runs or once it has */
  prepared: Map<string, Promise<unknown>>;
  /** what `prepared` resolved to, read without waiting */
  ready: Map<string, unknown>;
}

/**
 * What `channel` prepared for the cache's event: at once when ready, else a promise of it. A
 * preparation that fails, even by throwing at once, rejects that promise and is forgotten, so the
 * next delivery tries again.
 */
export function preparedFor(cache: PreparedCache, channel: Channel): unknown {
  if (cache.ready.has(channel.name)) return cache.ready.get(channel.name);
  let p = cache.prepared.get(channel.name);
  if (!p) {
    let made: unknown;
    try {
      made = channel.prepare(cache.event);
    } catch (err) {
      made = Promise.reject(err);
    }
    p = Promise.resolve(made).then((v) => {
      cache.ready.set(channel.name, v);
      return v;
    });
    p.catch(() => cache.prepared.delete(channel.name));
    cache.prepared.set(channel.name, p);
  }
  return p;
}
