/**
 * The subscribe form as a site file too, so the static export has it and no exported link is
 * broken. A live server answers GET /subscribe from its own route first (same page).
 */
import { registerSection } from './site.js';
import { subscribePage } from './subscribeForm.js';

registerSection(() => [
  {
    path: '/subscribe',
    type: 'text/html; charset=utf-8',
    render: (snap) =>
      subscribePage(snap.page, snap.components, { values: {}, components: null, errors: {} }),
  },
]);
