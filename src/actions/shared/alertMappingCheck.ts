/** Checks an alert mapping's references against the plan: components, severities, template. */
import type { AlertMapping } from '../../domain/alerts.js';
import { invalid } from '../../domain/errors.js';
import type { Db } from '../../store/db.js';
import { listSeverities } from '../../store/queries/team.js';
import { findTemplate } from '../../store/queries/templates.js';

export async function checkMapping(db: Db, m: AlertMapping): Promise<void> {
  const fields: Record<string, string> = {};
  const ids = new Set<string>();
  for (const v of Object.values(m.components ?? {})) ids.add(v);
  for (const r of m.rules ?? []) for (const c of r.components) ids.add(c);
  if (ids.size) {
    const rows = await db
      .selectFrom('components')
      .select(['id', 'is_group'])
      .where('id', 'in', [...ids])
      .execute();
    const found = new Map(rows.map((r) => [r.id, Number(r.is_group)]));
    const problem = (c: string) =>
      !found.has(c)
        ? 'is not a known component id'
        : found.get(c)
          ? 'is a group; map its components instead'
          : undefined;
    for (const [value, c] of Object.entries(m.components ?? {})) {
      const p = problem(c);
      if (p) fields[`mapping.components.${value}`] = p;
    }
    for (const [i, r] of (m.rules ?? []).entries())
      for (const c of r.components) {
        const p = problem(c);
        if (p) fields[`mapping.rules.${i}.components`] = `${c} ${p}`;
      }
  }
  if (m.severity) {
    const keys = new Set((await listSeverities(db)).map((s) => s.key));
    const known = [...keys].join(', ') || 'none';
    if (typeof m.severity === 'string') {
      if (!keys.has(m.severity))
        fields['mapping.severity'] = `is not a plan severity (known: ${known})`;
    } else
      for (const [from, to] of Object.entries(m.severity))
        if (!keys.has(to))
          fields[`mapping.severity.${from}`] = `is not a plan severity (known: ${known})`;
  }
  if (m.template && !(await findTemplate(db, m.template)))
    fields['mapping.template'] = 'is not a known template key';
  if (Object.keys(fields).length) throw invalid(fields);
}
