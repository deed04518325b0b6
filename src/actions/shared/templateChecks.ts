/** Checks shared by adding and editing templates. */
import { invalid } from '../../domain/errors.js';
import { TEMPLATE_CHANNELS, type TemplateDef } from '../../domain/templates.js';
import { renderTemplate, sourceFor } from '../../templates/render.js';
import { liquidErrorMessage } from '../../templates/sandbox.js';

/** Every channel's Liquid must parse and render; each failure names `renderings.<channel>`. */
export function assertLiquid(def: TemplateDef): void {
  const fields: Record<string, string> = {};
  const tried = new Set<string>();
  for (const ch of TEMPLATE_CHANNELS) {
    // a source shared by several channels is rendered once: a slow one costs one time limit
    const source = sourceFor(def, ch);
    if (tried.has(source)) continue;
    tried.add(source);
    try {
      renderTemplate(def, ch, {}, { locale: 'en', timeZone: 'UTC' });
    } catch (err) {
      const msg = liquidErrorMessage(err);
      const own = def[ch as keyof TemplateDef] !== undefined;
      // a channel without its own wording uses the page's: report it there
      fields[`renderings.${own ? ch : 'page'}`] = `is not valid Liquid: ${msg}`;
    }
  }
  if (Object.keys(fields).length) throw invalid(fields);
}

/** The renderings as stored: only the channels that have their own wording. */
export function storedRenderings(def: TemplateDef): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ch of TEMPLATE_CHANNELS) {
    const v = def[ch as keyof TemplateDef];
    if (typeof v === 'string') out[ch] = v;
  }
  return out;
}
