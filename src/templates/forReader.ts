/** Renders an event's template for one channel and reader, when the update came from a template. */
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import type { TemplateChannel } from '../domain/templates.js';
import { fillVars } from './compose.js';
import { renderTemplate, type Vars } from './render.js';

export function templateText(
  event: DeliveryEvent,
  channel: TemplateChannel,
  locale: string | null,
  zone: string | null,
  /** per-reader variables (the reader's own compensation line) */
  extra?: Vars,
): string | null {
  const t = event.template;
  if (!t) return null;
  const lang = (locale ?? 'en').slice(0, 2).toLowerCase();
  const def =
    (locale ? t.defs[locale] : undefined) ?? t.defs[lang] ?? t.defs.en ?? Object.values(t.defs)[0];
  if (!def) return null;
  const components =
    (event.incident?.components as { name: string }[] | undefined)?.map((c) => c.name) ?? [];
  const vars = fillVars(t.vars as Vars, {
    pageName: event.page.name,
    statusUrl: event.links.incident ?? event.links.page,
    incidentName: event.incident?.name,
    components,
    contact: event.page.support_email ?? event.page.support_url,
    locale: locale ?? 'en',
  });
  return renderTemplate(
    def,
    channel,
    { ...vars, ...extra },
    {
      locale: locale ?? 'en',
      timeZone: zone || event.page.time_zone || 'UTC',
    },
  );
}
