/** /api/v1/page: the page's settings (name, URL, time zone, support contact, branding). */
import { pageInput } from '../../../actions/inputs.js';
import { updatePage } from '../../../actions/updatePage.js';
import { apiModule, route } from '../../api.js';
import { currentPage } from '../../present.js';
import { pageOut } from '../../schemas.js';

const tag = 'page';

export const pageRoutes = apiModule([
  route({
    id: 'getPage',
    method: 'GET',
    url: '/api/v1/page',
    access: 'read',
    tag,
    summary: "Get the page's settings",
    response: pageOut,
    handler: async ({ app }) => currentPage(app),
  }),
  route({
    id: 'updatePage',
    method: 'PATCH',
    url: '/api/v1/page',
    access: 'admin',
    tag,
    summary: "Change the page's settings; fields left out keep their value",
    body: pageInput,
    response: pageOut,
    handler: async ({ ctx, body }) => updatePage(ctx, body),
  }),
]);
