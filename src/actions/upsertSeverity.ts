import { invalid } from '../domain/errors.js';
import { severityKeyProblem } from '../domain/severity.js';
import { getSeverity, type Severity } from '../store/queries/team.js';
import { type Ctx, inTransaction } from './context.js';
import { parseInput } from './inputs.js';
import { type SeverityInput, severityInput } from './planInputs.js';
import { recordPlanVersion, severityChange } from './shared/planVersions.js';

/**
 * Creates or replaces a severity: what it means, the roles it calls in, the audiences and
 * channels it tells, its approval rule and its cadence. Every role it calls in, and every
 * audience it notifies, must exist.
 */
export async function upsertSeverity(
  ctx: Ctx,
  key: string,
  raw: SeverityInput | unknown,
): Promise<Severity> {
  const keyProblem = severityKeyProblem(key);
  if (keyProblem) throw invalid({ key: keyProblem });
  const input = parseInput(severityInput, raw);
  await inTransaction(ctx, { scope: 'admin' }, async (tx) => {
    const roles = await tx.db
      .selectFrom('roles')
      .select('key')
      .where('key', 'in', input.settings.calledRoles)
      .execute();
    const known = new Set(roles.map((r) => r.key));
    const fields: Record<string, string> = {};
    input.settings.calledRoles.forEach((r, i) => {
      if (!known.has(r))
        fields[`settings.calledRoles.${i}`] = `${r} is not a role (see GET /api/v1/roles)`;
    });
    const notify = input.settings.notify ?? [];
    if (notify.length) {
      const audiences = await tx.db
        .selectFrom('audiences')
        .select('key')
        .where(
          'key',
          'in',
          notify.map((t) => t.audience),
        )
        .execute();
      const have = new Set(audiences.map((a) => a.key));
      notify.forEach((t, i) => {
        if (!have.has(t.audience))
          fields[`settings.notify.${i}.audience`] =
            `${t.audience} is not an audience (see GET /api/v1/audiences)`;
      });
    }
    if (Object.keys(fields).length) throw invalid(fields);
    const before = await tx.db
      .selectFrom('severities')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    let position = input.position ?? (before ? Number(before.position) : undefined);
    if (position === undefined) {
      const last = await tx.db
        .selectFrom('severities')
        .select((e) => e.fn.max('position').as('p'))
        .executeTakeFirst();
      position = last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1;
    }
    const row = {
      key,
      name: input.name,
      description: input.description,
      position,
      settings: JSON.stringify(input.settings),
      updated_at: tx.at,
    };
    if (before) await tx.db.updateTable('severities').set(row).where('key', '=', key).execute();
    else await tx.db.insertInto('severities').values(row).execute();
    await tx.audit({
      action: before ? 'severity.update' : 'severity.create',
      entityType: 'severity',
      entityId: key,
      before: before ? { ...before, settings: JSON.parse(before.settings) } : undefined,
      after: { ...row, settings: input.settings },
    });
    await recordPlanVersion(tx, ctx, severityChange(key, before, row));
  });
  return (await getSeverity(ctx.store.db, key))!;
}
