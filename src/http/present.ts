/**
 * The admin API's shapes: the public /api/v2 shapes (src/present/v2.ts) plus Flare's own fields,
 * which an admin may see even before they are public (e.g. an unpublished postmortem).
 */
import type { App } from '../app.js';
import type { IncidentKind } from '../domain/types.js';
import {
  orderComponents,
  type V2Context,
  type V2Incident,
  v2Component,
  v2Context,
  v2Incident,
  v2Maintenance,
} from '../present/v2.js';
import { listComponents } from '../store/queries/components.js';
import type { Component, Incident, Page, Token } from '../store/queries/models.js';
import { getPage } from '../store/queries/page.js';

export type { V2Context as PresentContext };

export async function currentPage(app: App): Promise<Page> {
  return (await getPage(app.store.db)) ?? app.site.defaultPage();
}

/** The page and components every incident and component shape refers to. */
export async function presentContext(app: App): Promise<V2Context> {
  const [page, components] = await Promise.all([currentPage(app), listComponents(app.store.db)]);
  return v2Context(page, components);
}

export interface AdminIncident extends V2Incident {
  kind: IncidentKind;
  impact_override: boolean;
}

export function presentIncident(i: Incident, ctx: V2Context): AdminIncident {
  const shape = i.kind === 'maintenance' ? v2Maintenance(i, ctx) : v2Incident(i, ctx);
  return {
    ...shape,
    kind: i.kind,
    impact_override: i.impact_override,
    postmortem_body: i.postmortem_body,
  };
}

export function presentComponents(ctx: V2Context): ReturnType<typeof v2Component>[] {
  return orderComponents([...ctx.components.values()]).map((c) => v2Component(c, ctx));
}

export function presentComponent(c: Component, ctx: V2Context) {
  return v2Component(c, ctx);
}

/** A token as listed: never its secret or hash. */
export function presentToken(t: Token): Token {
  const { id, name, scope, created_at, last_used_at, revoked_at } = t;
  return { id, name, scope, created_at, last_used_at, revoked_at };
}
