/**
 * Reads a Statuspage page's public /api/v2 documents for `flare import statuspage`: the summary
 * (for the page's id), components, incidents and scheduled maintenances. Through the SSRF-guarded
 * connection pool, with a time limit and a size cap per document; a page that does not answer
 * Statuspage's JSON is named with the document that failed.
 */
import { request } from 'undici';

import { readComponents, readIncidents, type StatuspageDocs } from '../../domain/statuspage.js';
import { assertPublicUrl, outboundAgent } from '../net.js';

const MAX_BYTES = 20 * 1024 * 1024;

export async function readStatuspage(
  pageUrl: string,
  allowPrivate: boolean,
  onDocument?: (path: string) => void,
): Promise<StatuspageDocs> {
  const base = assertPublicUrl(pageUrl, allowPrivate).href.replace(/\/+$/, '');
  const agent = outboundAgent(allowPrivate, 4);
  const get = async (path: string): Promise<unknown> => {
    onDocument?.(path);
    const res = await request(`${base}${path}`, {
      dispatcher: agent,
      headers: { accept: 'application/json', 'user-agent': 'Flare status page import' },
      signal: AbortSignal.timeout(30_000),
    });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new Error(`${base}${path} answered ${res.statusCode}: is this a Statuspage page?`);
    }
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const c of res.body) {
      size += (c as Buffer).length;
      if (size > MAX_BYTES) throw new Error(`${base}${path} is larger than ${MAX_BYTES} bytes`);
      chunks.push(c as Buffer);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new Error(`${base}${path} is not JSON: is this a Statuspage page?`);
    }
  };
  try {
    const summary = (await get('/api/v2/summary.json')) as { page?: { id?: unknown } };
    const pageId = typeof summary?.page?.id === 'string' ? summary.page.id : new URL(base).host;
    return {
      pageId,
      components: readComponents(await get('/api/v2/components.json')),
      incidents: readIncidents(await get('/api/v2/incidents.json'), 'incident'),
      maintenances: readIncidents(await get('/api/v2/scheduled-maintenances.json'), 'maintenance'),
    };
  } finally {
    await agent.close();
  }
}
