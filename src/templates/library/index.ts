/** The built-in template library by locale. A new locale is one file and one line here. */
import type { TemplateDef } from '../../domain/templates.js';
import { DE } from './de.js';
import { EN } from './en.js';
import { FR } from './fr.js';

export const LIBRARY: Record<string, TemplateDef[]> = { en: EN, fr: FR, de: DE };
