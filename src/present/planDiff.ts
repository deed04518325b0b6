/** What changed between two plan documents, in a few words: "+2 people, SEV2 cadence changed". */
import type { SeveritySettings } from '../domain/severity.js';
import type { PersonDoc, PlanDocument, SeverityDoc } from './planDocument.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The parts of a severity that differ, in words: "cadence", "approval", "roles", … */
export function severityParts(a: SeverityDoc, b: SeverityDoc): string[] {
  const sa: Partial<SeveritySettings> = a.settings ?? {};
  const sb: Partial<SeveritySettings> = b.settings ?? {};
  const parts: string[] = [];
  if (a.name !== b.name) parts.push('name');
  if (a.description !== b.description) parts.push('description');
  if (!same(sa.calledRoles, sb.calledRoles)) parts.push('roles');
  if (!same(sa.audiences, sb.audiences)) parts.push('audiences');
  const approval = (s: Partial<SeveritySettings>) => [
    s.approvalRequired,
    s.approvalTimeBoxMinutes,
    s.autoPublishOnTimeout,
  ];
  if (!same(approval(sa), approval(sb))) parts.push('approval');
  if (!same(sa.cadence, sb.cadence)) parts.push('cadence');
  if (sa.ackTimeoutMinutes !== sb.ackTimeoutMinutes) parts.push('ack timeout');
  if (!same(sa.notify, sb.notify)) parts.push('notify');
  if (sa.outreachDueMinutes !== sb.outreachDueMinutes) parts.push('outreach due time');
  return parts;
}

function matchPeople(before: PersonDoc[], after: PersonDoc[]) {
  const left = [...before];
  const pairs: [PersonDoc, PersonDoc][] = [];
  const added: PersonDoc[] = [];
  for (const p of after) {
    const email = p.email?.toLowerCase();
    let i = email ? left.findIndex((q) => q.email?.toLowerCase() === email) : -1;
    if (i < 0) i = left.findIndex((q) => q.name === p.name);
    if (i < 0) added.push(p);
    else pairs.push([left.splice(i, 1)[0], p]);
  }
  return { pairs, added, removed: left };
}

export function diffPlans(before: PlanDocument, after: PlanDocument): string[] {
  const out: string[] = [];
  const people = matchPeople(before.team, after.team);
  if (people.added.length) out.push(`+${count(people.added.length, 'person', 'people')}`);
  if (people.removed.length) out.push(`-${count(people.removed.length, 'person', 'people')}`);
  const edited = people.pairs.filter(([a, b]) => !same(a, b)).length;
  if (edited) out.push(`${count(edited, 'person', 'people')} changed`);

  const roleKeys = [...new Set([...Object.keys(before.roles), ...Object.keys(after.roles)])];
  const rotations: string[] = [];
  for (const k of roleKeys) {
    const a = before.roles[k];
    const b = after.roles[k];
    if (!a) out.push(`+role ${k}`);
    else if (!b) out.push(`-role ${k}`);
    else if (a.name !== b.name || a.description !== b.description) out.push(`role ${k} changed`);
    if (!same(a?.rotation ?? [], b?.rotation ?? [])) rotations.push(k);
  }
  if (rotations.length) out.push(`${rotations.join(', ')} rotation changed`);

  if (!same(before.tiers, after.tiers)) out.push('account tiers changed');
  if (!same(before.key_accounts, after.key_accounts)) out.push('key accounts changed');
  if (!same(before.briefing, after.briefing)) out.push('briefing wording changed');
  if (!same(before.regions ?? [], after.regions ?? [])) out.push('regions changed');
  const ab = new Map((before.audiences ?? []).map((a) => [a.key, a]));
  const aa = new Map((after.audiences ?? []).map((a) => [a.key, a]));
  for (const [k, a] of aa) {
    const b = ab.get(k);
    if (!b) out.push(`+audience ${k}`);
    else if (!same(b, a)) out.push(`audience ${k} changed`);
  }
  for (const k of ab.keys()) if (!aa.has(k)) out.push(`-audience ${k}`);
  if (
    !same([...ab.keys()], [...aa.keys()]) &&
    ab.size === aa.size &&
    [...ab.keys()].every((k) => aa.has(k))
  )
    out.push('audience order changed');

  const pb = new Map((before.sla_policies ?? []).map((p) => [p.key, p]));
  const pa = new Map((after.sla_policies ?? []).map((p) => [p.key, p]));
  for (const [k, p] of pa) {
    const b = pb.get(k);
    if (!b) out.push(`+SLA policy ${k}`);
    else if (!same(b, p)) out.push(`SLA policy ${k} changed`);
  }
  for (const k of pb.keys()) if (!pa.has(k)) out.push(`-SLA policy ${k}`);

  const sevKeys = [
    ...new Set([...Object.keys(before.severities), ...Object.keys(after.severities)]),
  ];
  for (const k of sevKeys) {
    const a = before.severities[k];
    const b = after.severities[k];
    if (!a) out.push(`+${k}`);
    else if (!b) out.push(`-${k}`);
    else {
      const parts = severityParts(a, b);
      if (parts.length) out.push(`${k} ${parts.join(' and ')} changed`);
    }
  }
  if (
    !same(Object.keys(before.severities), Object.keys(after.severities)) &&
    sevKeys.every((k) => before.severities[k] && after.severities[k])
  )
    out.push('severity order changed');

  const id = (t: { key: string; locale: string }) => `${t.key}:${t.locale}`;
  const tb = new Map(before.templates.map((t) => [id(t), t]));
  const ta = new Map(after.templates.map((t) => [id(t), t]));
  const tAdded = [...ta.keys()].filter((k) => !tb.has(k)).length;
  const tRemoved = [...tb.keys()].filter((k) => !ta.has(k)).length;
  const tChanged = [...ta.keys()].filter((k) => tb.has(k) && !same(tb.get(k), ta.get(k))).length;
  if (tAdded) out.push(`+${count(tAdded, 'template', 'templates')}`);
  if (tRemoved) out.push(`-${count(tRemoved, 'template', 'templates')}`);
  if (tChanged) out.push(`${count(tChanged, 'template', 'templates')} changed`);

  const setKeys = [...new Set([...Object.keys(before.settings), ...Object.keys(after.settings)])];
  for (const k of setKeys) {
    const a = before.settings[k];
    const b = after.settings[k];
    if (a === b) continue;
    out.push(a === undefined ? `${k} set` : b === undefined ? `${k} cleared` : `${k} changed`);
  }
  return out;
}
