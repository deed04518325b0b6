/** /api/v1/page: the page's settings (name, URL, time zone, support contact, branding, languages). */
import { pageInput } from '../../../actions/inputs.js';
import { updatePage } from '../../../actions/updatePage.js';
import { offeredLocales } from '../../../domain/locale.js';
import type { Page } from '../../../store/queries/models.js';
import { apiModule, route } from '../../api.js';
import { currentPage } from '../../present.js';
import { pageOut } from '../../schemas.js';

const tag = 'page';

/** The settings as the API shows them: `languages` as a list. */
const present = (p: Page) => ({ ...p, languages: offeredLocales(p.languages) });

export const pageRoutes = apiModule([
  route({
    id: 'getPage',
    method: 'GET',
    url: '/api/v1/page',
    access: 'read',
    tag,
    summary: "Get the page's settings",
    response: pageOut,
    handler: async ({ app }) => present(await currentPage(app)),
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
    handler: async ({ ctx, body }) => present(await updatePage(ctx, body)),
  }),
]);
