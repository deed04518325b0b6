/**
 * The language of the page being rendered. Rendering a page is synchronous, so the locale is
 * set for exactly the duration of one render (`inLocale`) and read by the views and the date
 * formatters (`words()`, `dateLocale()`) without threading it through every function. Outside
 * a render it is English, so every other page and export keeps its bytes.
 */
import type { PageLocale } from '../../domain/locale.js';
import { WORDS, type Words } from './words.js';

let current: PageLocale = 'en';

/** Runs a synchronous render in `locale`. */
export function inLocale<T>(locale: PageLocale, render: () => T): T {
  const before = current;
  current = locale;
  try {
    return render();
  } finally {
    current = before;
  }
}

export function currentLocale(): PageLocale {
  return current;
}

/** The words of the page being rendered. */
export function words(): Words {
  return WORDS[current];
}

/** The luxon locale of dates on the page being rendered: en-US keeps the English formats. */
export function dateLocale(): string {
  return current === 'en' ? 'en-US' : current;
}
