import type { Db } from '../db.js';
import type { Page } from './models.js';

export async function getPage(db: Db): Promise<Page | undefined> {
  return db.selectFrom('page').selectAll().executeTakeFirst();
}
