/** Incident and maintenance lifecycles: which status may follow which, and which timestamps a move sets. */
import { badTransition } from './errors.js';
import {
  type AnyIncidentStatus,
  INCIDENT_STATUSES,
  type IncidentKind,
  MAINTENANCE_STATUSES,
} from './types.js';

const INCIDENT_NEXT: Record<string, readonly string[]> = {
  investigating: ['investigating', 'identified', 'monitoring', 'resolved'],
  identified: ['investigating', 'identified', 'monitoring', 'resolved'],
  monitoring: ['investigating', 'identified', 'monitoring', 'resolved'],
  // A resolved incident may be reopened when the problem comes back, or get its postmortem.
  resolved: ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'],
  postmortem: ['postmortem'],
};

const MAINTENANCE_NEXT: Record<string, readonly string[]> = {
  scheduled: ['scheduled', 'in_progress', 'verifying', 'completed'],
  in_progress: ['in_progress', 'verifying', 'completed'],
  verifying: ['in_progress', 'verifying', 'completed'],
  completed: ['completed'],
};

export function statusesFor(kind: IncidentKind): readonly string[] {
  return kind === 'incident' ? INCIDENT_STATUSES : MAINTENANCE_STATUSES;
}

export function isFinal(status: AnyIncidentStatus): boolean {
  return status === 'resolved' || status === 'postmortem' || status === 'completed';
}

export function isActiveMaintenance(status: AnyIncidentStatus): boolean {
  return status === 'in_progress' || status === 'verifying';
}

export function assertTransition(kind: IncidentKind, from: AnyIncidentStatus | null, to: string) {
  const allowed = statusesFor(kind);
  if (!allowed.includes(to)) {
    throw badTransition(
      `status must be one of ${allowed.join(', ')} for ${kind === 'incident' ? 'an incident' : 'a maintenance'}`,
    );
  }
  if (from === null) {
    if (to === 'postmortem') throw badTransition('an incident cannot start as postmortem');
    return;
  }
  const table = kind === 'incident' ? INCIDENT_NEXT : MAINTENANCE_NEXT;
  if (!table[from]?.includes(to)) {
    throw badTransition(`cannot move from ${from} to ${to}`);
  }
}

export interface LifecycleTimes {
  monitoring_at: string | null;
  resolved_at: string | null;
}

/** The lifecycle timestamps after moving to `to` at `at`. */
export function timesAfter(
  prev: LifecycleTimes,
  to: AnyIncidentStatus,
  at: string,
): LifecycleTimes {
  const next = { ...prev };
  if (to === 'monitoring' && !next.monitoring_at) next.monitoring_at = at;
  if (to === 'resolved' || to === 'completed') next.resolved_at = next.resolved_at ?? at;
  if (to === 'investigating' || to === 'identified' || to === 'in_progress')
    next.resolved_at = null;
  return next;
}
