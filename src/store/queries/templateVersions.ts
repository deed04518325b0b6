/** The saved versions of a template, newest first, and one version by number. */
import type { Selectable } from 'kysely';
import type { TemplateChannel } from '../../domain/templates.js';
import type { Db } from '../db.js';
import type { TemplateVersionTable } from '../schema.js';

export interface TemplateVersion {
  version: number;
  name: string;
  stage: string;
  renderings: Partial<Record<TemplateChannel, string>>;
  pre_approved: boolean;
  changed_by: string;
  at: string;
}

function toVersion(r: Selectable<TemplateVersionTable>): TemplateVersion {
  return {
    version: Number(r.version),
    name: r.name,
    stage: r.stage,
    renderings: JSON.parse(r.renderings),
    pre_approved: Boolean(r.pre_approved),
    changed_by: r.changed_by,
    at: r.at,
  };
}

/** The newest `limit` versions of a template, newest first. */
export async function listTemplateVersions(
  db: Db,
  templateId: string,
  limit = 200,
): Promise<TemplateVersion[]> {
  const rows = await db
    .selectFrom('template_versions')
    .selectAll()
    .where('template_id', '=', templateId)
    .orderBy('version', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toVersion);
}

export async function getTemplateVersion(
  db: Db,
  templateId: string,
  version: number,
): Promise<TemplateVersion | undefined> {
  const r = await db
    .selectFrom('template_versions')
    .selectAll()
    .where('template_id', '=', templateId)
    .where('version', '=', version)
    .executeTakeFirst();
  return r ? toVersion(r) : undefined;
}
