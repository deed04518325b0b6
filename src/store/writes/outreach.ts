/**
 * Account-manager outreach: when an update goes to an audience with outreach, each affected
 * key account in it gets one task per incident for its account manager, who is told on their
 * internal channels. Runs inside the caller's transaction (the update's).
 *
 * Which accounts: key accounts (the plan's key rule) that the audience's rule selects for the
 * incident's components, i.e. with at least one contact matching the rule. An account with no
 * contacts at all is still reached when its account-level fields match (tier, criticality,
 * region, tags, footprint): a key customer Flare has no address for is the one that most needs
 * a call. Outreach is always to key and affected accounts, whatever the audience's own flags.
 */
import { sql } from 'kysely';
import type { AudienceMatch, KeyAccountRule, ResolvedTarget } from '../../domain/audience.js';
import { isFinal } from '../../domain/lifecycle.js';
import { outreachDueMinutes, type SeveritySettings } from '../../domain/severity.js';
import { onCallOrder } from '../../domain/team.js';
import type { AffectedComponent, AnyIncidentStatus } from '../../domain/types.js';
import { fmtTime, pageZone } from '../../lib/format.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../db.js';
import { matchSql } from '../queries/audienceSql.js';
import { incidentTargets } from '../queries/audienceTargets.js';
import { incidentComponentIds, type TalkingPoints } from '../queries/outreach.js';
import { getPage } from '../queries/page.js';
import { getRole, getSeverity } from '../queries/team.js';
import { enqueueNotification } from './outbox.js';

/** The plan roles an account with no manager falls back to, in order. */
export const OUTREACH_FALLBACK_ROLES = ['account_manager', 'customer_liaison'] as const;

export interface CreateOutreach {
  incidentId: string;
  updateId: string | null;
  body: string;
  targets: readonly ResolvedTarget[];
  componentIds: readonly string[];
  keyRule: KeyAccountRule;
  /** the incident's severity (its key, or the definition); sets the due time */
  severity: string | { key: string; settings: SeveritySettings } | null | undefined;
  at: string;
}

interface Matched {
  id: string;
  name: string;
  manager_id: string | null;
  target: number;
}

/** Who holds a role on the incident, else who is first on call in its rotation. */
export async function roleHolder(
  db: Db,
  incidentId: string,
  roleKey: string,
  at: string,
): Promise<{ id: string; name: string } | null> {
  const held = await db
    .selectFrom('incident_roles as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select(['p.id', 'p.name'])
    .where('r.incident_id', '=', incidentId)
    .where('r.role_key', '=', roleKey)
    .executeTakeFirst();
  if (held) return held;
  const role = await getRole(db, roleKey);
  const first = onCallOrder(role?.rotation ?? [], new Date(at))[0];
  return first ? { id: first.id, name: first.name } : null;
}

/** The key accounts the outreach targets select, each with the first target that selects it. */
async function matchedAccounts(db: Db, o: CreateOutreach, targets: ResolvedTarget[]) {
  const forced = (m: AudienceMatch): AudienceMatch => ({
    ...m,
    key_only: true,
    affected_only: true,
  });
  // a contact matches the whole rule; an account with no contacts, its account-level fields
  const contact = targets.map((t) => matchSql(forced(t.match), o.componentIds, o.keyRule));
  const bare = targets.map((t) =>
    matchSql({ ...forced(t.match), roles: undefined }, o.componentIds, o.keyRule),
  );
  const which = sql.join(
    targets.map(
      (_, i) =>
        sql`when (s.id is not null and ${contact[i]}) or (s.id is null and ${bare[i]}) then ${sql.lit(i)}`,
    ),
    sql` `,
  );
  const r = await sql<Matched>`
    select a.id, a.name, p.id as manager_id, min(case ${which} end) as target
    from accounts a
    join (
      select id, account_id, contact_role from subscribers where account_id is not null
      union all
      select null, x.id, null from accounts x
      where not exists (select 1 from subscribers y where y.account_id = x.id)
    ) s on s.account_id = a.id
    left join people p on p.id = a.account_manager_id
    group by a.id, a.name, p.id
    having min(case ${which} end) is not null
    order by a.name, a.id`.execute(db);
  return r.rows.map((m) => ({ ...m, target: Number(m.target) }));
}

/** The talking points of an update: its text, status and the components it names. */
async function talkingPoints(db: Db, o: CreateOutreach): Promise<TalkingPoints> {
  const u = o.updateId
    ? await db
        .selectFrom('incident_updates')
        .select(['status', 'affected_components'])
        .where('id', '=', o.updateId)
        .executeTakeFirst()
    : undefined;
  const affected = u?.affected_components
    ? (JSON.parse(u.affected_components) as AffectedComponent[])
    : [];
  return {
    update_id: o.updateId,
    status: u?.status ?? null,
    body: o.body,
    components: affected.map((c) => ({ id: c.code, name: c.name, status: c.new_status })),
    at: o.at,
  };
}

async function dueMinutes(db: Db, s: CreateOutreach['severity']): Promise<number> {
  if (s && typeof s === 'object') return outreachDueMinutes(s);
  return outreachDueMinutes(s ? await getSeverity(db, s) : undefined);
}

/** The base URL of the console links in notices. */
export async function consoleBase(db: Db): Promise<string> {
  const page = await getPage(db);
  return (page?.url ?? 'http://localhost:8080').replace(/\/+$/, '');
}

export const outreachLink = (base: string, incidentId: string) =>
  `${base}/console/incidents/${encodeURIComponent(incidentId)}#outreach`;

/** A time as a person reads it: in their time zone, e.g. "12:15 UTC" or "13:15 CET". */
export function dueText(iso: string, zone: string | null | undefined): string {
  return fmtTime(iso, pageZone(zone || 'UTC'));
}

const namesText = (names: string[]) =>
  names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/**
 * Tells one person of outreach tasks on their internal channels (kind `outreach.assigned` or
 * `outreach.escalated`): which accounts, by when, and a link to the incident's outreach board.
 */
export async function notifyOutreach(
  db: Db,
  n: {
    kind: 'outreach.assigned' | 'outreach.escalated';
    personId: string;
    incidentId: string;
    incidentName: string;
    accounts: string[];
    dueAt: string;
    at: string;
    base: string;
    /** escalated at once: nobody could be assigned */
    unassigned?: boolean;
  },
): Promise<void> {
  const person = await db
    .selectFrom('people')
    .select('time_zone')
    .where('id', '=', n.personId)
    .executeTakeFirst();
  const due = dueText(n.dueAt, person?.time_zone);
  const who = namesText(n.accounts);
  const escalated = n.kind === 'outreach.escalated';
  const subject = n.unassigned
    ? `Nobody to call ${who} (${n.incidentName})`
    : escalated
      ? `Overdue outreach: ${who} (${n.incidentName})`
      : `Call ${who} by ${due} (${n.incidentName})`;
  const text = n.unassigned
    ? `"${n.incidentName}" affects ${who}, and there is no account manager (nor anyone on the ${OUTREACH_FALLBACK_ROLES.join(' or ')} rotation) to call. As comms lead, please have ${n.accounts.length > 1 ? 'them' : 'the account'} called by ${due}.`
    : escalated
      ? `Nobody has reported reaching ${who} about "${n.incidentName}" (due ${due}). As comms lead, please make sure they are called now.`
      : `"${n.incidentName}" affects ${who}: please call ${n.accounts.length > 1 ? 'them' : 'the account'} by ${due} with the talking points and contacts on the outreach board, then record the outcome.`;
  await enqueueNotification(db, {
    kind: n.kind,
    incidentId: null,
    payload: {
      audience: 'internal',
      person_ids: [n.personId],
      incident_ref: n.incidentId,
      data: {
        subject,
        text,
        action_url: outreachLink(n.base, n.incidentId),
        action_label: 'Open the outreach board',
        accounts: who,
        due_at: n.dueAt,
      },
    },
    at: n.at,
  });
}

const roleText = (role: string | null) =>
  role === null ? 'account manager' : `${role.replace(/_/g, ' ')} on rotation`;

/**
 * Creates the outreach tasks of an update (see the file's comment), refreshes the talking
 * points of the incident's tasks still not done for the accounts it selects again, tells each
 * new assignee, and notes each new task in the incident room. Returns how many tasks it created.
 */
export async function createOutreachTasks(db: Db, o: CreateOutreach): Promise<number> {
  const targets = o.targets.filter((t) => t.outreach);
  if (targets.length === 0) return 0;
  const matched = await matchedAccounts(db, o, targets);
  if (matched.length === 0) return 0;
  const existing = new Set(
    (
      await db
        .selectFrom('outreach_tasks')
        .select('account_id')
        .where('incident_id', '=', o.incidentId)
        .execute()
    ).map((r) => r.account_id),
  );
  const tp = await talkingPoints(db, o);
  const points = JSON.stringify(tp);
  const due = new Date(Date.parse(o.at) + (await dueMinutes(db, o.severity)) * 60_000);
  const dueAt = due.toISOString();
  // one fallback for every account without a manager: the role's holder on the incident, else its rotation
  let fallback: { id: string; name: string; role: string } | null | undefined;
  const fresh = matched.filter((m) => !existing.has(m.id));
  if (fresh.some((m) => !m.manager_id)) {
    fallback = null;
    for (const role of OUTREACH_FALLBACK_ROLES) {
      const p = await roleHolder(db, o.incidentId, role, o.at);
      if (p) {
        fallback = { ...p, role };
        break;
      }
    }
  }
  // a closing update refreshes what the open tasks say, but starts no new calls
  const closing = isFinal((tp.status ?? '') as AnyIncidentStatus);
  const rows = matched
    .filter((m) => !closing || existing.has(m.id))
    .map((m) => ({
      id: newId(),
      incident_id: o.incidentId,
      update_id: o.updateId,
      account_id: m.id,
      audience_key: targets[m.target].key,
      assignee_id: m.manager_id ?? fallback?.id ?? null,
      assignee_role: m.manager_id ? null : (fallback?.role ?? null),
      // nobody to assign: straight to the comms lead (a refreshed task keeps its status)
      status: m.manager_id || fallback ? 'open' : 'escalated',
      talking_points: points,
      due_at: dueAt,
      created_at: o.at,
      escalated_at: m.manager_id || fallback ? null : o.at,
      completed_at: null,
      completed_by: null,
      outcome: null,
      note: null,
    }));
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('outreach_tasks')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc
          .columns(['incident_id', 'account_id'])
          .doUpdateSet({
            talking_points: (eb) => eb.ref('excluded.talking_points'),
            update_id: (eb) => eb.ref('excluded.update_id'),
          })
          .where('outreach_tasks.status', '<>', 'done'),
      )
      .execute();
  }
  const created = rows.filter((r) => !existing.has(r.account_id));
  if (created.length === 0) return 0;
  const names = new Map(matched.map((m) => [m.id, m.name]));
  const unassigned = created.filter((r) => !r.assignee_id);
  const lead = unassigned.length ? await roleHolder(db, o.incidentId, 'comms_lead', o.at) : null;
  const people = new Map(
    (
      await db
        .selectFrom('people')
        .select(['id', 'name'])
        .where('id', 'in', [...new Set(created.map((r) => r.assignee_id ?? ''))])
        .execute()
    ).map((p) => [p.id, p.name]),
  );
  await db
    .insertInto('incident_timeline')
    .values(
      created.map((r) => ({
        id: newId(),
        incident_id: o.incidentId,
        kind: 'system',
        body: r.assignee_id
          ? `Outreach to ${names.get(r.account_id)} assigned to ${people.get(r.assignee_id)} (${roleText(r.assignee_role)}), due ${dueText(dueAt, 'UTC')}.`
          : `Outreach to ${names.get(r.account_id)} has nobody to call it (no account manager, and nobody on the ${OUTREACH_FALLBACK_ROLES.join(' or ')} rotation): escalated to ${lead ? `${lead.name} (comms lead)` : 'the comms lead, but nobody holds the role or is on its rotation'}, due ${dueText(dueAt, 'UTC')}.`,
        author: 'flare',
        at: o.at,
      })),
    )
    .execute();
  const incident = await db
    .selectFrom('incidents')
    .select('name')
    .where('id', '=', o.incidentId)
    .executeTakeFirst();
  const base = await consoleBase(db);
  const byPerson = new Map<string, string[]>();
  for (const r of created) {
    if (!r.assignee_id) continue;
    const list = byPerson.get(r.assignee_id) ?? [];
    list.push(names.get(r.account_id) ?? r.account_id);
    byPerson.set(r.assignee_id, list);
  }
  for (const [personId, accounts] of byPerson)
    await notifyOutreach(db, {
      kind: 'outreach.assigned',
      personId,
      incidentId: o.incidentId,
      incidentName: incident?.name ?? o.incidentId,
      accounts,
      dueAt,
      at: o.at,
      base,
    });
  if (lead)
    await notifyOutreach(db, {
      kind: 'outreach.escalated',
      personId: lead.id,
      incidentId: o.incidentId,
      incidentName: incident?.name ?? o.incidentId,
      accounts: unassigned.map((r) => names.get(r.account_id) ?? r.account_id),
      dueAt,
      at: o.at,
      base,
      unassigned: true,
    });
  return created.length;
}

/**
 * The outreach of one update, as it is told: the targets its notice carries (the audiences it
 * named, else its severity's; see the outbox), the incident's components and severity. Only
 * incidents have outreach, never maintenance. Returns how many tasks it created.
 */
export async function outreachForUpdate(
  db: Db,
  u: {
    incidentId: string;
    updateId: string;
    body: string;
    audiences?: readonly string[] | null;
    at: string;
  },
): Promise<number> {
  const incident = await db
    .selectFrom('incidents')
    .select(['kind', 'severity'])
    .where('id', '=', u.incidentId)
    .executeTakeFirst();
  if (incident?.kind !== 'incident') return 0;
  // the severity is read once, for the audiences told and the due time
  const severity = incident.severity ? ((await getSeverity(db, incident.severity)) ?? null) : null;
  const { targets, keyRule } = await incidentTargets(
    db,
    u.incidentId,
    u.audiences ?? undefined,
    severity,
  );
  if (!targets.some((t) => t.outreach)) return 0;
  return createOutreachTasks(db, {
    incidentId: u.incidentId,
    updateId: u.updateId,
    body: u.body,
    targets,
    componentIds: await incidentComponentIds(db, u.incidentId),
    keyRule,
    severity,
    at: u.at,
  });
}
