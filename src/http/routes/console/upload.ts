/**
 * File uploads on console forms: a multipart/form-data body read by the platform's own
 * FormData parser into the same shape as a urlencoded one (a file becomes its text, its name
 * under "field:name"). Registered per console scope that takes a file.
 */
import type { FastifyInstance } from 'fastify';

/** The largest CSV file the console takes (the API and the CLI take larger ones, streamed). */
export const CONSOLE_IMPORT_MAX_BYTES = 20 * 1024 * 1024;

async function readMultipart(type: string, body: Buffer): Promise<Record<string, string>> {
  const data = await new Response(body, { headers: { 'content-type': type } }).formData();
  const out: Record<string, string> = {};
  for (const [k, v] of data) {
    if (typeof v === 'string') out[k] = v;
    else {
      out[k] = await v.text();
      out[`${k}:name`] = v.name;
    }
  }
  return out;
}

/** Lets the scope's routes take multipart forms of up to CONSOLE_IMPORT_MAX_BYTES of file. */
export function acceptUploads(scope: FastifyInstance): void {
  scope.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: CONSOLE_IMPORT_MAX_BYTES + 64 * 1024 },
    async (req: { headers: Record<string, unknown> }, body: Buffer) =>
      readMultipart(String(req.headers['content-type']), body),
  );
}
