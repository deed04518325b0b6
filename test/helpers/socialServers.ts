/**
 * Real HTTP servers on 127.0.0.1 speaking the shapes the client libraries call: Mastodon's REST
 * notifications (GET /api/v1/notifications with types[], min_id / since_id / max_id, limit;
 * Account and Status JSON as docs.joinmastodon.org lists them) and Bluesky's XRPC
 * (com.atproto.server.createSession, app.bsky.notification.listNotifications, newest first with
 * an opaque cursor). Each can be told to fail its next requests.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeServer {
  url: string;
  host: string;
  requests: { method: string; path: string; query: URLSearchParams; auth?: string; body?: any }[];
  /** the next n requests (after `after` that succeed) answer 500 */
  failNext(n?: number, after?: number): void;
  close(): Promise<void>;
}

async function serve(
  handle: (
    req: http.IncomingMessage,
    url: URL,
    body: any,
  ) => { status: number; json: unknown; headers?: Record<string, string> },
  log: FakeServer['requests'],
  state: { fail: number; after: number },
): Promise<{ url: string; host: string; server: http.Server }> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const body = text ? JSON.parse(text) : undefined;
    log.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      auth: req.headers.authorization,
      body,
    });
    let out: { status: number; json: unknown; headers?: Record<string, string> };
    const failing = state.fail > 0 && state.after-- <= 0;
    if (failing) {
      state.fail--;
      out = {
        status: 500,
        json: { error: 'InternalServerError', message: 'the database is down' },
      };
    } else out = handle(req, url, body);
    res.writeHead(out.status, {
      'content-type': 'application/json; charset=utf-8',
      ...out.headers,
    });
    res.end(JSON.stringify(out.json));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, server };
}

const closer = (server: http.Server) => () =>
  new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });

// ---------------------------------------------------------------- Mastodon

export interface MastodonPost {
  /** the author's acct: `name` (local) or `name@host` */
  acct: string;
  html: string;
  type?: 'mention' | 'favourite' | 'follow';
  visibility?: 'public' | 'unlisted' | 'private' | 'direct';
  at: string;
}

export interface FakeMastodon extends FakeServer {
  token: string;
  /** adds notifications; their ids rise in the order given */
  add(...posts: MastodonPost[]): string[];
}

export async function startMastodon(token = 'good-token'): Promise<FakeMastodon> {
  const requests: FakeServer['requests'] = [];
  const state = { fail: 0, after: 0 };
  const notes: Record<string, unknown>[] = [];
  let next = 109_000_000_000_000_000n; // snowflake-sized, beyond a double's exact range
  let base = '';
  const account = (acct: string, id: string) => {
    const [username, host] = acct.split('@');
    const url = host ? `https://${host}/@${username}` : `${base}/@${username}`;
    return {
      id,
      username,
      acct,
      display_name: username,
      locked: false,
      bot: false,
      discoverable: true,
      group: false,
      created_at: '2024-01-01T00:00:00.000Z',
      note: '<p></p>',
      url,
      uri: url,
      avatar: `${base}/avatars/original/missing.png`,
      avatar_static: `${base}/avatars/original/missing.png`,
      header: `${base}/headers/original/missing.png`,
      header_static: `${base}/headers/original/missing.png`,
      followers_count: 3,
      following_count: 4,
      statuses_count: 5,
      last_status_at: '2026-11-20',
      emojis: [],
      fields: [],
    };
  };
  const { url, host, server } = await serve(
    (req, u) => {
      if (req.headers.authorization !== `Bearer ${token}`)
        return { status: 401, json: { error: 'The access token is invalid' } };
      if (req.method !== 'GET' || u.pathname !== '/api/v1/notifications')
        return { status: 404, json: { error: 'Record not found' } };
      const q = u.searchParams;
      const types = q.getAll('types[]');
      const limit = Math.min(Number(q.get('limit') ?? 40), 80);
      const big = (s: string | null) => (s ? BigInt(s) : null);
      const minId = big(q.get('min_id'));
      const sinceId = big(q.get('since_id'));
      const maxId = big(q.get('max_id'));
      let list = notes
        .filter((n) => types.length === 0 || types.includes(n.type as string))
        .filter((n) => maxId === null || BigInt(n.id as string) < maxId)
        .filter((n) => sinceId === null || BigInt(n.id as string) > sinceId);
      if (minId !== null) {
        // the page immediately newer than min_id (ascending, then shown newest first)
        list = list
          .filter((n) => BigInt(n.id as string) > minId)
          .sort((a, b) => (BigInt(a.id as string) < BigInt(b.id as string) ? -1 : 1))
          .slice(0, limit)
          .reverse();
      } else {
        list = list
          .sort((a, b) => (BigInt(a.id as string) < BigInt(b.id as string) ? 1 : -1))
          .slice(0, limit);
      }
      const headers: Record<string, string> = {};
      if (list.length) {
        const first = list[0].id as string;
        const last = list[list.length - 1].id as string;
        headers.link = `<${base}/api/v1/notifications?max_id=${last}>; rel="next", <${base}/api/v1/notifications?min_id=${first}>; rel="prev"`;
      }
      return { status: 200, json: list, headers };
    },
    requests,
    state,
  );
  base = url;
  return {
    url,
    host,
    token,
    requests,
    failNext: (n = 1, after = 0) => {
      state.fail = n;
      state.after = after;
    },
    add(...posts) {
      return posts.map((p) => {
        const id = String(next++);
        const statusId = String(next++);
        const author = account(p.acct, String(1000 + notes.length));
        const statusUrl = `${author.url}/${statusId}`;
        notes.push({
          id,
          type: p.type ?? 'mention',
          created_at: p.at,
          group_key: `ungrouped-${id}`,
          account: author,
          status:
            (p.type ?? 'mention') === 'follow'
              ? null
              : {
                  id: statusId,
                  created_at: p.at,
                  in_reply_to_id: null,
                  in_reply_to_account_id: null,
                  sensitive: false,
                  spoiler_text: '',
                  visibility: p.visibility ?? 'public',
                  language: 'en',
                  uri: `${author.uri}/statuses/${statusId}`,
                  url: statusUrl,
                  replies_count: 0,
                  reblogs_count: 0,
                  favourites_count: 0,
                  edited_at: null,
                  content: p.html,
                  reblog: null,
                  application: null,
                  account: author,
                  media_attachments: [],
                  mentions: [
                    { id: '1', username: 'status', url: `${base}/@status`, acct: 'status' },
                  ],
                  tags: [],
                  emojis: [],
                  card: null,
                  poll: null,
                },
        });
        return id;
      });
    },
    close: closer(server),
  };
}

// ---------------------------------------------------------------- Bluesky

export interface BlueskyPost {
  handle: string;
  text: string;
  reason: 'mention' | 'reply' | 'quote' | 'like' | 'follow';
  at: string;
}

export interface FakeBluesky extends FakeServer {
  handle: string;
  password: string;
  sessions: number;
  add(...posts: BlueskyPost[]): string[];
}

const CID = 'bafyreibnoelefnzgwbcacyt4vh52ymxvzbjq7mmqhtcnwarfq4lzegsiqe';

export async function startBluesky(
  handle = 'status.acme.test',
  password = 'abcd-efgh-ijkl-mnop',
): Promise<FakeBluesky> {
  const requests: FakeServer['requests'] = [];
  const state = { fail: 0, after: 0 };
  const notes: { indexedAt: string; n: Record<string, unknown> }[] = [];
  let seq = 0;
  let token = '';
  const fake = {} as FakeBluesky;
  const did = 'did:plc:statusacmetest00000000000';
  const { url, host, server } = await serve(
    (req, u, body) => {
      if (req.method === 'POST' && u.pathname === '/xrpc/com.atproto.server.createSession') {
        if (body?.identifier !== handle || body?.password !== password)
          return {
            status: 401,
            json: { error: 'AuthenticationRequired', message: 'Invalid identifier or password' },
          };
        fake.sessions++;
        token = `access-${fake.sessions}`;
        return {
          status: 200,
          json: {
            did,
            handle,
            accessJwt: token,
            refreshJwt: `refresh-${fake.sessions}`,
            active: true,
          },
        };
      }
      if (req.method === 'GET' && u.pathname === '/xrpc/app.bsky.notification.listNotifications') {
        if (req.headers.authorization !== `Bearer ${token}`)
          return { status: 401, json: { error: 'AuthenticationRequired', message: 'Bad token' } };
        const reasons = u.searchParams.getAll('reasons');
        const limit = Number(u.searchParams.get('limit') ?? 50);
        // a keyset cursor, as Bluesky's: the indexedAt of the last one returned
        const after = u.searchParams.get('cursor');
        const all = notes
          .filter((x) => reasons.length === 0 || reasons.includes(x.n.reason as string))
          .filter((x) => !after || x.indexedAt < after)
          .sort((a, b) => (a.indexedAt < b.indexedAt ? 1 : -1));
        const page = all.slice(0, limit).map((x) => x.n);
        const more = all.length > limit;
        return {
          status: 200,
          json: {
            notifications: page,
            ...(more ? { cursor: page[page.length - 1].indexedAt as string } : {}),
          },
        };
      }
      return { status: 404, json: { error: 'MethodNotImplemented', message: 'not here' } };
    },
    requests,
    state,
  );
  return Object.assign(fake, {
    url,
    host,
    handle,
    password,
    sessions: 0,
    requests,
    failNext: (n = 1, after = 0) => {
      state.fail = n;
      state.after = after;
    },
    add(...posts: BlueskyPost[]) {
      return posts.map((p) => {
        const rkey = `3k${(seq++).toString().padStart(11, '0')}`;
        const authorDid = `did:plc:${p.handle
          .replace(/[^a-z0-9]/g, '')
          .padEnd(24, 'x')
          .slice(0, 24)}`;
        const uri = `at://${authorDid}/app.bsky.feed.post/${rkey}`;
        notes.push({
          indexedAt: p.at,
          n: {
            uri,
            cid: CID,
            author: { did: authorDid, handle: p.handle, displayName: p.handle.split('.')[0] },
            reason: p.reason,
            ...(p.reason === 'reply' || p.reason === 'quote'
              ? { reasonSubject: `at://${did}/app.bsky.feed.post/3kstatus00000` }
              : {}),
            record: { $type: 'app.bsky.feed.post', text: p.text, createdAt: p.at, langs: ['en'] },
            isRead: false,
            indexedAt: p.at,
            labels: [],
          },
        });
        return uri;
      });
    },
    close: closer(server),
  });
}
