// The build's size check for the embed script (issue #13): /embed/status.js must stay at most
// 5 KB gzipped, since it loads on customers' own pages. Reads the built module in dist/.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const EMBED_MAX_GZIP = 5 * 1024;

export async function checkEmbedSize(root) {
  const mod = await import(
    pathToFileURL(join(root, 'dist', 'pages', 'embed', 'statusScript.js')).href
  );
  const size = gzipSync(Buffer.from(mod.EMBED_SCRIPT), { level: 9 }).length;
  if (size > EMBED_MAX_GZIP) {
    console.error(
      `flare: /embed/status.js is ${size} bytes gzipped; it must stay at most ${EMBED_MAX_GZIP} (src/pages/embed/statusScript.ts)`,
    );
    return false;
  }
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  if (!(await checkEmbedSize(root))) process.exit(1);
}
