/**
 * Sets (or clears, with null or "") one of the plan's settings: the briefing owner, the debrief
 * owner, the static-export target, the default interim time, or whether a requester may
 * approve their own message. Owners are people on the team,
 * given by id, email or name, and stored by id. Audited and recorded as a plan version.
 */
import { z } from 'zod';
import { invalid } from '../domain/errors.js';
import {
  BOOLEAN_SETTINGS,
  NUMBER_SETTINGS,
  PERSON_SETTINGS,
  PLAN_SETTING_KEYS,
} from '../domain/planSettings.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { planSettingsSchema } from './planSchema.js';
import { resolvePerson } from './shared/planRefs.js';
import { recordPlanVersion } from './shared/planVersions.js';

export const planSettingInput = z
  .object({
    key: z.enum(PLAN_SETTING_KEYS, { error: `must be one of ${PLAN_SETTING_KEYS.join(', ')}` }),
    value: z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
  })
  .strict();

export async function setPlanSetting(
  ctx: Ctx,
  raw: z.input<typeof planSettingInput> | unknown,
): Promise<{ key: string; value: string | null }> {
  const { key, value: given } = parseInput(planSettingInput, raw);
  const text = given === null ? '' : String(given).trim();
  let value: string | null = text === '' ? null : text;
  if (value !== null && BOOLEAN_SETTINGS.has(key)) {
    if (value !== 'true' && value !== 'false') throw invalid({ value: 'must be true or false' });
  }
  if (value !== null && NUMBER_SETTINGS.has(key)) {
    const shape = (planSettingsSchema.shape as Record<string, z.ZodType>)[key];
    const r = shape.safeParse(Number(value));
    if (!r.success) throw invalid({ value: r.error.issues[0].message });
  }
  if (value !== null && key === 'briefing_roles') {
    const r = planSettingsSchema.shape.briefing_roles.safeParse(value);
    if (!r.success) throw invalid({ value: r.error.issues[0].message });
  }
  return inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    if (value !== null && key === 'default_severity') {
      const sev = await tx.db
        .selectFrom('severities')
        .select('key')
        .where('key', '=', value)
        .executeTakeFirst();
      if (!sev) throw invalid({ value: `${value} is not one of the plan's severities` });
    }
    if (value !== null && PERSON_SETTINGS.has(key)) {
      const team = await tx.db.selectFrom('people').select(['id', 'name', 'email']).execute();
      const found = team.find((p) => p.id === value) ?? resolvePerson(team, value).person;
      if (!found) {
        const r = resolvePerson(team, value);
        throw invalid({
          value: r.problem?.startsWith('is ambiguous')
            ? r.problem
            : `${value} is not on the team (see \`flare team list\` or GET /api/v1/people)`,
        });
      }
      value = found.id;
    }
    const before = await tx.db
      .selectFrom('plan_settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    if ((before?.value ?? null) === value) return { key, value };
    if (value === null) await tx.db.deleteFrom('plan_settings').where('key', '=', key).execute();
    else {
      const v = value;
      await tx.db
        .insertInto('plan_settings')
        .values({ key, value: v })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: v }))
        .execute();
    }
    await tx.audit({
      action: 'plan.setting',
      entityType: 'plan',
      entityId: key,
      before: before ? { [key]: before.value } : undefined,
      after: { [key]: value },
    });
    await recordPlanVersion(
      tx,
      ctx,
      `${key} ${value === null ? 'cleared' : before ? 'changed' : 'set'}`,
    );
    return { key, value };
  });
}
