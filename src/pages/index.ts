/**
 * Loads every public section so it registers itself with the site. One line per section.
 * (The subscribe form is registered by app.ts, with the channels on offer.)
 */
import './api.js';
import './feeds.js';
import './assets.js';
import './statusPage.js';
import './incidentPage.js';
import './historyPage.js';
import './notFoundPage.js';
import './webhooksPage.js';
import './embed/section.js';
