/** The stylesheet and script, served as site files (and written by the static export). */
import { createHash } from 'node:crypto';
import { SCRIPT } from './script.js';
import { registerSection } from './site.js';
import { BASE_CSS } from './styles/base.js';
import { FORMS_CSS } from './styles/forms.js';
import { PARTS_CSS } from './styles/parts.js';

const ASSETS: Record<string, { type: string; body: string }> = {
  '/assets/flare.css': { type: 'text/css; charset=utf-8', body: BASE_CSS + PARTS_CSS + FORMS_CSS },
  '/assets/flare.js': { type: 'text/javascript; charset=utf-8', body: SCRIPT },
};

const VERSION: Record<string, string> = Object.fromEntries(
  Object.entries(ASSETS).map(([path, a]) => [
    path,
    createHash('sha1').update(a.body).digest('hex').slice(0, 10),
  ]),
);

/** The asset's URL with a content hash, so a new release is never served from an old cache. */
export function assetUrl(path: string): string {
  return VERSION[path] ? `${path}?v=${VERSION[path]}` : path;
}

registerSection(() =>
  Object.entries(ASSETS).map(([path, a]) => ({ path, type: a.type, render: () => a.body })),
);
