/**
 * The console's stylesheet (the status page's styles plus the console's own) and script,
 * served under /console/assets with a content hash in the URL. Not part of the public site
 * or the static export.
 */
import { createHash } from 'node:crypto';
import { BASE_CSS } from '../styles/base.js';
import { FORMS_CSS } from '../styles/forms.js';
import { PARTS_CSS } from '../styles/parts.js';
import { CONSOLE_SCRIPT } from './script.js';
import { SETTINGS_SCRIPT } from './scriptSettings.js';
import { UPLOAD_SCRIPT } from './scriptUpload.js';
import { CONSOLE_CSS } from './styles.js';
import { CONSOLE_ACCOUNTS_CSS } from './stylesAccounts.js';
import { CONSOLE_COMPONENTS_CSS } from './stylesComponents.js';
import { CONSOLE_DEBRIEF_CSS, DEBRIEF_PRINT_CSS } from './stylesDebrief.js';
import { CONSOLE_ENQUIRIES_CSS } from './stylesEnquiries.js';
import { CONSOLE_FORMS_CSS } from './stylesForms.js';
import { CONSOLE_PLAN_CSS } from './stylesPlan.js';
import { CONSOLE_SETTINGS_CSS } from './stylesSettings.js';
import { CONSOLE_SLA_CSS } from './stylesSla.js';
import { CONSOLE_SOURCES_CSS } from './stylesSources.js';
import { CONSOLE_SUBSCRIBERS_CSS } from './stylesSubscribers.js';
import { CONSOLE_TEAM_CSS } from './stylesTeam.js';
import { CONSOLE_TEMPLATES_CSS } from './stylesTemplates.js';

export const CONSOLE_ASSETS: Record<string, { type: string; body: string }> = {
  '/console/assets/console.css': {
    type: 'text/css; charset=utf-8',
    body:
      BASE_CSS +
      PARTS_CSS +
      FORMS_CSS +
      CONSOLE_CSS +
      CONSOLE_FORMS_CSS +
      CONSOLE_ACCOUNTS_CSS +
      CONSOLE_COMPONENTS_CSS +
      CONSOLE_SLA_CSS +
      CONSOLE_DEBRIEF_CSS +
      CONSOLE_TEMPLATES_CSS +
      CONSOLE_TEAM_CSS +
      CONSOLE_PLAN_CSS +
      CONSOLE_SETTINGS_CSS +
      CONSOLE_SUBSCRIBERS_CSS +
      CONSOLE_ENQUIRIES_CSS +
      CONSOLE_SOURCES_CSS +
      DEBRIEF_PRINT_CSS,
  },
  '/console/assets/console.js': {
    type: 'text/javascript; charset=utf-8',
    body: CONSOLE_SCRIPT + SETTINGS_SCRIPT + UPLOAD_SCRIPT,
  },
};

const VERSION: Record<string, string> = Object.fromEntries(
  Object.entries(CONSOLE_ASSETS).map(([path, a]) => [
    path,
    createHash('sha1').update(a.body).digest('hex').slice(0, 10),
  ]),
);

export function consoleAssetUrl(path: string): string {
  return VERSION[path] ? `${path}?v=${VERSION[path]}` : path;
}
