/** A drill's report, read from the incident, its roles, its team notices and its audit rows. */
import type { Db } from '../db.js';
import { getSeverity } from './team.js';

export interface DrillAssignment {
  role_key: string;
  role_name: string;
  person_id: string;
  person_name: string;
  assigned_at: string;
  acknowledged: boolean;
  acked_at: string | null;
}

export interface DrillReport {
  id: string;
  name: string;
  severity: string | null;
  state: 'running' | 'finished';
  declared_at: string;
  finished_at: string | null;
  /** the first internal notice the worker sent, and how long after declaring */
  first_internal_notice: { at: string; ms: number; channel: string } | null;
  /** deliveries of the team notices; `unexpanded`: notices not yet turned into deliveries */
  internal_notices: { sent: number; pending: number; failed: number; unexpanded: number };
  /** rendered from the template, never published */
  simulated_public_update: {
    at: string;
    ms: number;
    template: string;
    would_need_approval: boolean;
    page: string;
    sms: string;
    email_subject: string;
  } | null;
  assignments: DrillAssignment[];
  /** roles the severity calls in that nobody was on call for */
  unassigned_roles: string[];
}

/** Team notices about one incident (they carry it as incident_ref). */
function noticesOf(db: Db, id: string) {
  return db
    .selectFrom('deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .where('n.kind', '=', 'team.notice')
    .where('n.payload', 'like', `%"incident_ref":${JSON.stringify(id)}%`);
}

export async function getDrillReport(db: Db, id: string): Promise<DrillReport | undefined> {
  const inc = await db
    .selectFrom('incidents')
    .select(['id', 'name', 'severity', 'created_at', 'resolved_at'])
    .where('id', '=', id)
    .where('drill', '=', 1)
    .executeTakeFirst();
  if (!inc) return undefined;
  const [first, states, roles, sim, unexpanded] = await Promise.all([
    noticesOf(db, id)
      .select(['d.sent_at', 'd.channel'])
      .where('d.state', '=', 'sent')
      .orderBy('d.sent_at')
      .limit(1)
      .executeTakeFirst(),
    noticesOf(db, id)
      .select(['d.state', (e) => e.fn.countAll<number>().as('n')])
      .groupBy('d.state')
      .execute(),
    db
      .selectFrom('incident_roles as r')
      .innerJoin('people as p', 'p.id', 'r.person_id')
      .leftJoin('roles as k', 'k.key', 'r.role_key')
      .select([
        'r.role_key',
        'k.name as role_name',
        'r.person_id',
        'p.name as person_name',
        'r.assigned_at',
        'r.acked_at',
      ])
      .where('r.incident_id', '=', id)
      .orderBy('k.position')
      .execute(),
    db
      .selectFrom('audit_log')
      .select('after')
      .where('entity_id', '=', id)
      .where('action', '=', 'drill.simulated_update')
      .orderBy('id', 'desc')
      .executeTakeFirst(),
    db
      .selectFrom('notifications')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('kind', '=', 'team.notice')
      .where('state', '!=', 'expanded')
      .where('payload', 'like', `%"incident_ref":${JSON.stringify(id)}%`)
      .executeTakeFirst(),
  ]);
  const declared = Date.parse(inc.created_at);
  const count = (s: string[]) =>
    states.filter((r) => s.includes(r.state)).reduce((n, r) => n + Number(r.n), 0);
  const s = sim?.after ? JSON.parse(sim.after) : null;
  const sev = inc.severity ? await getSeverity(db, inc.severity) : undefined;
  const assigned = new Set(roles.map((r) => r.role_key));
  return {
    id: inc.id,
    name: inc.name,
    severity: inc.severity,
    state: inc.resolved_at ? 'finished' : 'running',
    declared_at: inc.created_at,
    finished_at: inc.resolved_at,
    first_internal_notice: first?.sent_at
      ? {
          at: first.sent_at,
          ms: Math.max(0, Date.parse(first.sent_at) - declared),
          channel: first.channel,
        }
      : null,
    internal_notices: {
      sent: count(['sent']),
      pending: count(['queued', 'sending']),
      failed: count(['dead', 'cancelled']),
      unexpanded: Number(unexpanded?.n ?? 0),
    },
    simulated_public_update: s
      ? {
          at: s.rendered_at,
          ms: s.ms,
          template: s.template,
          would_need_approval: s.would_need_approval,
          page: s.page,
          sms: s.sms,
          email_subject: s.email_subject,
        }
      : null,
    assignments: roles.map((r) => ({
      role_key: r.role_key,
      role_name: r.role_name ?? r.role_key,
      person_id: r.person_id,
      person_name: r.person_name,
      assigned_at: r.assigned_at,
      acknowledged: r.acked_at !== null,
      acked_at: r.acked_at,
    })),
    unassigned_roles: (sev?.settings.calledRoles ?? []).filter((k) => !assigned.has(k)),
  };
}
