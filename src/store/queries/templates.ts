import type { Selectable } from 'kysely';
import type { Stage, TemplateDef } from '../../domain/templates.js';
import type { Db } from '../db.js';
import type { TemplateTable } from '../schema.js';

export interface StoredTemplate extends TemplateDef {
  id: string;
  locale: string;
  pre_approved: boolean;
  builtin: boolean;
  updated_at: string;
}

function toTemplate(r: Selectable<TemplateTable>): StoredTemplate {
  const body = JSON.parse(r.renderings) as Omit<TemplateDef, 'key' | 'stage' | 'name'>;
  return {
    ...body,
    id: r.id,
    key: r.key,
    stage: r.stage as Stage,
    name: r.name,
    locale: r.locale,
    pre_approved: Boolean(r.pre_approved),
    builtin: Boolean(r.builtin),
    updated_at: r.updated_at,
  };
}

export async function listTemplates(
  db: Db,
  f: { locale?: string; key?: string } = {},
): Promise<StoredTemplate[]> {
  let q = db.selectFrom('templates').selectAll();
  if (f.locale) q = q.where('locale', '=', f.locale);
  if (f.key) q = q.where('key', '=', f.key);
  return (await q.orderBy('key').orderBy('locale').execute()).map(toTemplate);
}

export async function getTemplateById(db: Db, id: string): Promise<StoredTemplate | undefined> {
  const r = await db.selectFrom('templates').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toTemplate(r) : undefined;
}

/** A template by key in a locale ("fr-CA" → "fr" → "en"), or by id. */
export async function findTemplate(
  db: Db,
  keyOrId: string,
  locale = 'en',
): Promise<StoredTemplate | undefined> {
  const byId = await getTemplateById(db, keyOrId);
  if (byId) return byId;
  const all = await listTemplates(db, { key: keyOrId });
  const lang = locale.slice(0, 2).toLowerCase();
  return (
    all.find((t) => t.locale === locale) ??
    all.find((t) => t.locale === lang) ??
    all.find((t) => t.locale === 'en') ??
    all[0]
  );
}
