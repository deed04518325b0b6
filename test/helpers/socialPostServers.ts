/**
 * Real HTTP servers on 127.0.0.1 that take posts the way the networks document them, for the
 * posting channels: Mastodon's POST /api/v1/statuses (form or JSON, Idempotency-Key honoured,
 * a Status back) and Bluesky's com.atproto.server.createSession and com.atproto.repo.createRecord
 * ({uri, cid} back). Each can answer its next post with 429 and a Retry-After.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Posted {
  id: string;
  text: string;
  replyTo: string | null;
  /** Bluesky: the reply's root and parent uris */
  root?: string | null;
  facets?: unknown[];
  visibility?: string;
}

export interface PostServer {
  url: string;
  posts: Posted[];
  /** posts refused with 429 so far */
  limited: number;
  /** the next post answers 429 with this Retry-After (seconds) */
  limitNext(retryAfterSeconds: number): void;
  close(): Promise<void>;
}

async function listen(
  handler: http.RequestListener,
): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function bodyOf(req: http.IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  return String(req.headers['content-type']).includes('json')
    ? JSON.parse(text)
    : Object.fromEntries(new URLSearchParams(text));
}

function send(res: http.ServerResponse, status: number, json: unknown, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(json));
}

const close = (server: http.Server) => () =>
  new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });

export async function startMastodonPosts(token = 'post-token'): Promise<PostServer> {
  const state = { limit: 0, retryAfter: 0 };
  const byKey = new Map<string, unknown>();
  const out = { posts: [] as Posted[], limited: 0 } as PostServer;
  let seq = 110_000_000_000_000_000n;
  const { url, server } = await listen(async (req, res) => {
    const body = await bodyOf(req);
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(res, 401, { error: 'The access token is invalid' });
    if (req.method !== 'POST' || req.url !== '/api/v1/statuses')
      return send(res, 404, { error: 'Record not found' });
    if (state.limit > 0) {
      state.limit--;
      out.limited++;
      return send(
        res,
        429,
        { error: 'Too many requests' },
        { 'retry-after': String(state.retryAfter) },
      );
    }
    const key = String(req.headers['idempotency-key'] ?? '');
    if (key && byKey.has(key)) return send(res, 200, byKey.get(key));
    const id = String(seq++);
    out.posts.push({
      id,
      text: body.status,
      replyTo: body.in_reply_to_id ?? null,
      visibility: body.visibility,
    });
    const status = {
      id,
      uri: `${url}/users/status/statuses/${id}`,
      url: `${url}/@status/${id}`,
      created_at: new Date().toISOString(),
      content: `<p>${body.status}</p>`,
      visibility: body.visibility ?? 'public',
      in_reply_to_id: body.in_reply_to_id ?? null,
      sensitive: false,
      spoiler_text: '',
      media_attachments: [],
      mentions: [],
      tags: [],
      emojis: [],
      reblogs_count: 0,
      favourites_count: 0,
      replies_count: 0,
      account: { id: '1', username: 'status', acct: 'status', url: `${url}/@status` },
    };
    if (key) byKey.set(key, status);
    send(res, 200, status);
  });
  return Object.assign(out, {
    url,
    limitNext(s: number) {
      state.limit = 1;
      state.retryAfter = s;
    },
    close: close(server),
  });
}

/** real CIDs (dag-cbor, sha-256), as the PDS returns them */
const CIDS = [
  'bafyreibnoelefnzgwbcacyt4vh52ymxvzbjq7mmqhtcnwarfq4lzegsiqe',
  'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm',
];

export async function startBlueskyPosts(
  handle = 'status.acme.test',
  password = 'abcd-efgh-ijkl-mnop',
): Promise<PostServer & { sessions: number; loseNextAnswer(): void }> {
  const state = { limit: 0, retryAfter: 0, lose: false };
  const out = { posts: [] as Posted[], limited: 0, sessions: 0 } as PostServer & {
    sessions: number;
    loseNextAnswer(): void;
  };
  /** records by rkey, as the repo keeps them */
  const records = new Map<string, { uri: string; cid: string }>();
  const did = 'did:plc:statusacmetest00000000000';
  let token = '';
  let seq = 0;
  const { url, server } = await listen(async (req, res) => {
    const body = await bodyOf(req);
    if (req.method === 'POST' && req.url === '/xrpc/com.atproto.server.createSession') {
      if (body.identifier !== handle || body.password !== password)
        return send(res, 401, {
          error: 'AuthenticationRequired',
          message: 'Invalid identifier or password',
        });
      out.sessions++;
      token = `access-${out.sessions}`;
      return send(res, 200, {
        did,
        handle,
        accessJwt: token,
        refreshJwt: `refresh-${out.sessions}`,
        active: true,
      });
    }
    if (req.method === 'POST' && req.url === '/xrpc/com.atproto.repo.createRecord') {
      if (req.headers.authorization !== `Bearer ${token}`)
        return send(res, 401, { error: 'AuthenticationRequired', message: 'Bad token' });
      if (body.collection !== 'app.bsky.feed.post' || body.repo !== did)
        return send(res, 400, { error: 'InvalidRequest', message: 'not a post of this repo' });
      if (state.limit > 0) {
        state.limit--;
        out.limited++;
        return send(
          res,
          429,
          { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
          { 'retry-after': String(state.retryAfter) },
        );
      }
      const rkey =
        typeof body.rkey === 'string' ? body.rkey : `3k${String(++seq).padStart(11, '0')}`;
      if (!/^[234567a-j][234567a-z]{12}$/.test(rkey))
        return send(res, 400, { error: 'InvalidRequest', message: 'Invalid record key' });
      if (records.has(rkey))
        return send(res, 400, { error: 'InvalidRequest', message: 'Record already exists' });
      const uri = `at://${did}/app.bsky.feed.post/${rkey}`;
      const cid = CIDS[++seq % CIDS.length];
      records.set(rkey, { uri, cid });
      const r = body.record ?? {};
      out.posts.push({
        id: uri,
        text: r.text,
        replyTo: r.reply?.parent?.uri ?? null,
        root: r.reply?.root?.uri ?? null,
        facets: r.facets,
      });
      // the record is written, then the connection drops before the answer: the client cannot tell
      if (state.lose) {
        state.lose = false;
        req.socket.destroy();
        return;
      }
      return send(res, 200, { uri, cid, commit: { cid: CIDS[0], rev: '3jzfcijpj2z2a' } });
    }
    if (req.method === 'GET' && req.url?.startsWith('/xrpc/com.atproto.repo.getRecord?')) {
      const q = new URL(req.url, 'http://x').searchParams;
      const r =
        q.get('repo') === did && q.get('collection') === 'app.bsky.feed.post'
          ? records.get(q.get('rkey') ?? '')
          : undefined;
      if (!r)
        return send(res, 400, { error: 'RecordNotFound', message: 'Could not locate record' });
      return send(res, 200, { uri: r.uri, cid: r.cid, value: {} });
    }
    send(res, 404, { error: 'MethodNotImplemented', message: 'not here' });
  });
  return Object.assign(out, {
    url,
    limitNext(s: number) {
      state.limit = 1;
      state.retryAfter = s;
    },
    loseNextAnswer() {
      state.lose = true;
    },
    close: close(server),
  });
}
