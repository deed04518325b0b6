/**
 * Who sees which incidents and updates. An update is public (the page, its feeds and its
 * subscribers) or for audiences only (the audiences it names); an incident declared for
 * audiences only stays off every public surface (store/queries/incidents.ts, publicOnly).
 * Pure: a private audience page filters its snapshot with these before rendering it.
 */
import type { AudienceMatch } from './audience.js';

interface Update {
  visibility: 'public' | 'audiences';
  audiences: string[];
}

interface Shown<U extends Update> {
  visibility: 'public' | 'audiences';
  component_ids: string[];
  updates: U[];
}

/** Whether the readers of these audiences may see an update: a public one, or one naming them. */
export function seenBy(u: Update, keys: ReadonlySet<string>): boolean {
  return u.visibility === 'public' || u.audiences.some((k) => keys.has(k));
}

/**
 * What one audience's private page shows: the public incidents that touch its components (or
 * the whole page: an incident that names no component touches every one), and any incident
 * with an update naming the audience; each with its public updates plus the updates naming
 * the audience. `components` null: the audience uses every component.
 */
export function audienceView<I extends Shown<U>, U extends Update>(
  incidents: readonly I[],
  key: string,
  components: ReadonlySet<string> | null,
): I[] {
  const out: I[] = [];
  for (const i of incidents) {
    const updates = i.updates.filter(
      (u) => (u.visibility === 'public' && i.visibility === 'public') || u.audiences.includes(key),
    );
    const named = i.updates.some((u) => u.audiences.includes(key));
    const touches =
      i.visibility === 'public' &&
      (components === null ||
        i.component_ids.length === 0 ||
        i.component_ids.some((c) => components.has(c)));
    if (!named && !touches) continue;
    out.push(updates.length === i.updates.length ? i : { ...i, updates });
  }
  return out;
}

/** True when the rule picks accounts (not only contacts): then its page shows their footprint. */
export function selectsAccounts(m: AudienceMatch): boolean {
  return Boolean(
    m.tiers?.length || m.criticality?.length || m.regions?.length || m.tags?.length || m.key_only,
  );
}
