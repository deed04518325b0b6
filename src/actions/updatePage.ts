import { DEFAULT_PAGE_LANGUAGES } from '../domain/locale.js';
import { newId } from '../lib/ids.js';
import type { Page } from '../store/queries/models.js';
import { getPage } from '../store/queries/page.js';
import { type Ctx, inTransaction } from './context.js';
import { type PageInput, pageInput, parseInput } from './inputs.js';

export const DEFAULT_PAGE = {
  name: 'Status',
  url: 'http://localhost:8080',
  time_zone: 'Etc/UTC',
  description: '',
  support_url: null,
  support_email: null,
  logo_url: null,
  brand_color: '#1f6feb',
  languages: DEFAULT_PAGE_LANGUAGES,
};

/** Sets the page's settings: name, public URL, time zone, support contact, branding. */
export async function updatePage(ctx: Ctx, raw: PageInput | unknown): Promise<Page> {
  const input = parseInput(pageInput, raw);
  await inTransaction(ctx, { scope: 'admin', changes: 'page' }, async (tx) => {
    const before = await tx.db.selectFrom('page').selectAll().executeTakeFirst();
    if (!before) {
      // the first save keeps the public URL the server was given (FLARE_PUBLIC_URL) unless it names one
      const row = {
        id: newId(),
        ...DEFAULT_PAGE,
        url: ctx.fallbackUrl ?? DEFAULT_PAGE.url,
        ...input,
        created_at: tx.at,
        updated_at: tx.at,
      };
      await tx.db.insertInto('page').values(row).execute();
      await tx.audit({ action: 'page.create', entityType: 'page', entityId: row.id, after: row });
      return;
    }
    await tx.db
      .updateTable('page')
      .set({ ...input, updated_at: tx.at })
      .where('id', '=', before.id)
      .execute();
    await tx.audit({
      action: 'page.update',
      entityType: 'page',
      entityId: before.id,
      before,
      after: { ...before, ...input, updated_at: tx.at },
    });
  });
  return (await getPage(ctx.store.db))!;
}
