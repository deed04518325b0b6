/** The debrief's action items as Markdown lines, for the postmortem document (issue #14). */
import { isOverdue } from '../domain/debriefActions.js';

interface Item {
  text: string;
  owner_id: string;
  owner_name: string | null;
  due_at: string;
  status: string;
  done_at: string | null;
  note: string | null;
}

const inline = (s: string) => s.replace(/\s*\n\s*/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1');

/** A "## Action items" section: a task list, each with its owner, due time and state. */
export function actionItemsMarkdown(items: readonly Item[] | undefined, now: Date): string[] {
  const lines = ['', '## Action items', ''];
  if (!items?.length) return [...lines, 'None.'];
  for (const a of items) {
    const state =
      a.status === 'done'
        ? `done ${a.done_at}`
        : isOverdue(a, now)
          ? `**overdue**, due ${a.due_at}`
          : `due ${a.due_at}`;
    lines.push(
      `- [${a.status === 'done' ? 'x' : ' '}] ${inline(a.text)} (owner: ${inline(a.owner_name ?? a.owner_id)}; ${state})${a.note ? ` ${inline(a.note)}` : ''}`,
    );
  }
  return lines;
}
