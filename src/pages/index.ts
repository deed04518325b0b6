/** Loads every public section so it registers itself with the site. One line per section. */
import './api.js';
import './feeds.js';
import './assets.js';
import './statusPage.js';
import './incidentPage.js';
import './historyPage.js';
import './subscribeSite.js';
import './webhooksPage.js';
