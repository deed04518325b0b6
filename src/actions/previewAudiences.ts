/**
 * The audience preview: before a notice goes out, how many contacts it would reach, in all,
 * per audience and per channel, and which key accounts are among them. Read only. The
 * numbers come from the same SQL expansion runs (store/queries/audiencePreview.ts).
 */
import { z } from 'zod';
import { invalid } from '../domain/errors.js';
import { notifiedTargets } from '../domain/severity.js';
import { COMPONENT_STATUSES } from '../domain/types.js';
import type { Db } from '../store/db.js';
import { type AudiencePreview, audiencePreview } from '../store/queries/audiencePreview.js';
import { getKeyRule, listAudiences } from '../store/queries/audiences.js';
import { getSeverity } from '../store/queries/team.js';
import { type Ctx, requireScope } from './context.js';
import { parseInput } from './inputs.js';
import { audienceKey, severityKey } from './planInputs.js';

export const audiencePreviewInput = z
  .object({
    /** the affected components (their ids) and the status each would take */
    components: z
      .record(
        z.string().min(1).max(100),
        z.enum(COMPONENT_STATUSES, { error: `must be one of ${COMPONENT_STATUSES.join(', ')}` }),
      )
      .refine((c) => Object.keys(c).length <= 500, 'names at most 500 components')
      .default({}),
    /** the audiences told; absent: the ones the severity tells */
    audiences: z.array(audienceKey).max(100).optional(),
    severity: severityKey.optional(),
  })
  .strict();

export type AudiencePreviewInput = z.input<typeof audiencePreviewInput>;

export async function previewAudiences(
  from: Ctx | Db,
  raw: AudiencePreviewInput | unknown,
): Promise<AudiencePreview> {
  let db: Db;
  if ('store' in from) {
    requireScope(from.actor, 'write');
    db = from.store.db;
  } else db = from;
  const input = parseInput(audiencePreviewInput, raw);
  const componentIds = Object.keys(input.components);
  const fields: Record<string, string> = {};
  const audiences = await listAudiences(db);
  const known = new Set(audiences.map((a) => a.key));
  (input.audiences ?? []).forEach((k, i) => {
    if (!known.has(k))
      fields[`audiences[${i}]`] = `${k} is not an audience (see GET /api/v1/audiences)`;
  });
  if (componentIds.length) {
    const found = await db
      .selectFrom('components')
      .select('id')
      .where('id', 'in', componentIds)
      .execute();
    const have = new Set(found.map((c) => c.id));
    for (const id of componentIds)
      if (!have.has(id)) fields[`components.${id}`] = 'is not a component';
  }
  const severity = input.severity ? await getSeverity(db, input.severity) : undefined;
  if (input.severity && !severity)
    fields.severity = `${input.severity} is not a severity (see GET /api/v1/severities)`;
  if (Object.keys(fields).length) throw invalid(fields);
  const targets = notifiedTargets(input.audiences, severity, audiences);
  return audiencePreview(db, targets, componentIds, await getKeyRule(db));
}
