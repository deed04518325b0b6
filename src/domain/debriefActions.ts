/** Rules for the debrief's action items (issue #14). Pure. */

export const ACTION_STATUSES = ['open', 'done'] as const;

/** An open action item whose due time has passed. */
export function isOverdue(a: { status: string; due_at: string }, now: Date | string): boolean {
  const t = typeof now === 'string' ? Date.parse(now) : now.getTime();
  return a.status === 'open' && Date.parse(a.due_at) <= t;
}
