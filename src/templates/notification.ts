/**
 * Built-in message templates for subscriber notifications, per channel. Rendered once per
 * (event, locale, time zone); per-recipient links are filled in afterwards by the channel.
 */
import type { DeliveryEvent } from '../domain/deliveryEvent.js';
import { chromeFor, chromeLanguage } from './chrome.js';
import { htmlLiquid, textLiquid } from './engine.js';
import { templateText } from './forReader.js';

export const LINK = { manage: '%%MANAGE_URL%%', unsubscribe: '%%UNSUBSCRIBE_URL%%' } as const;

const SUBJECT = `[{{ page.name }}] {% if incident %}{{ incident.name }}: {{ t.status[update.status] | default: update.status }}{% elsif component %}{{ component.name }}: {{ t.status[component.status] | default: component.status }}{% else %}{{ data.subject }}{% endif %}`;

const TEXT = `{% if incident %}{{ incident.name }}
{{ t.status[update.status] | default: update.status }}{% if kind contains 'maintenance' and incident.scheduled_for %} · {{ incident.scheduled_for | datetime_in: zone }} – {{ incident.scheduled_until | datetime_in: zone }}{% endif %}

{{ update.body | plain }}
{% if affected.size > 0 %}
{{ t.affected }}: {% for a in affected %}{{ a.name }} ({{ t.status_inline[a.new_status] | default: a.new_status }}){% if forloop.rindex == 2 %} {{ t.and }} {% elsif forloop.last == false %}, {% endif %}{% endfor %}
{% endif %}{% if update.next_update_at %}
{{ t.next_update_by }} {{ update.next_update_at | time_in: zone }}.
{% endif %}
{{ t.details }}: {{ links.incident }}
{% elsif component %}{{ component.name }} {{ t.changed }} {{ t.status_inline[component_update.old_status] | default: component_update.old_status }} {{ t.to }} {{ t.status_inline[component_update.new_status] | default: component_update.new_status }}.
{{ t.status_page }}: {{ links.page }}
{% else %}{{ data.text }}
{% if data.action_url %}
{{ data.action_label }}: {{ data.action_url }}
{% endif %}{% endif %}{% if contact %}{{ t.questions }} {{ contact }}
{% endif %}{% unless team %}
--
{{ t.manage }}: ${LINK.manage}
{{ t.unsubscribe }}: ${LINK.unsubscribe}
{% endunless %}`;

const HTML = `<!doctype html><html lang="{{ lang }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{{ subject }}</title></head>
<body style="margin:0;padding:24px;background:#f6f7f9;font:15px/1.5 -apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1c2024">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px;border-top:4px solid {{ page.brand_color }}">
<p style="margin:0 0 8px;color:#5f6b7a;font-size:13px">{{ page.name }} {{ t.page_status }}</p>
{% if incident %}<h1 style="margin:0 0 4px;font-size:20px">{{ incident.name }}</h1>
<p style="margin:0 0 16px"><strong>{{ t.status[update.status] | default: update.status }}</strong>{% if kind contains 'maintenance' and incident.scheduled_for %} · {{ incident.scheduled_for | datetime_in: zone }} – {{ incident.scheduled_until | datetime_in: zone }}{% endif %}</p>
<div>{{ update.body | markdown | raw }}</div>
{% if affected.size > 0 %}<p style="color:#5f6b7a">{{ t.affected }}: {% for a in affected %}{{ a.name }} ({{ t.status_inline[a.new_status] | default: a.new_status }}){% if forloop.rindex == 2 %} {{ t.and }} {% elsif forloop.last == false %}, {% endif %}{% endfor %}</p>{% endif %}
{% if update.next_update_at %}<p><strong>{{ t.next_update_by }} {{ update.next_update_at | time_in: zone }}.</strong></p>{% endif %}
<p><a href="{{ links.incident }}" style="color:{{ page.brand_color }}">{{ t.view_incident }}</a></p>
{% elsif component %}<h1 style="margin:0 0 12px;font-size:20px">{{ component.name }}</h1>
<p>{{ component.name }} {{ t.changed }} {{ t.status_inline[component_update.old_status] | default: component_update.old_status }} {{ t.to }} <strong>{{ t.status_inline[component_update.new_status] | default: component_update.new_status }}</strong>.</p>
<p><a href="{{ links.page }}" style="color:{{ page.brand_color }}">{{ t.view_page }}</a></p>
{% else %}<p style="white-space:pre-line">{{ data.text }}</p>{% if data.action_url %}<p><a href="{{ data.action_url }}" style="color:{{ page.brand_color }}">{{ data.action_label }}</a></p>{% endif %}
{% endif %}{% if contact %}<p style="color:#5f6b7a">{{ t.questions }} {{ contact }}</p>{% endif %}
</div>
{% unless team %}<p style="max-width:560px;margin:16px auto 0;color:#5f6b7a;font-size:12px;text-align:center">{{ t.why }} {{ page.name }}.
<a href="${LINK.manage}" style="color:#5f6b7a">{{ t.manage }}</a> · <a href="${LINK.unsubscribe}" style="color:#5f6b7a">{{ t.unsubscribe }}</a></p>{% endunless %}
</body></html>`;

const SHORT = `{% if incident %}{{ page.name }}: {{ incident.name }} – {{ t.status[update.status] | default: update.status }}. {{ update.body | plain | truncate: 90 }}{% if update.next_update_at %} {{ t.next_update }} {{ update.next_update_at | time_in: zone }}.{% endif %} {{ links.incident }}{% elsif component %}{{ page.name }}: {{ component.name }}: {{ t.status_inline[component.status] | default: component.status }}. {{ links.page }}{% else %}{{ data.text }}{% endif %}`;

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** one short line for SMS and chat previews */
  short: string;
}

export function messageVars(
  event: DeliveryEvent,
  zone: string | null,
  locale: string | null = null,
) {
  return {
    t: chromeFor(locale),
    /** the reader's language, for <html lang> (the same one the rendering is cached by) */
    lang: chromeLanguage(locale),
    kind: event.kind,
    /** a notice to the team: no subscriber footer */
    team: Boolean(event.team),
    page: event.page,
    incident: event.incident,
    update: event.update,
    component: event.component,
    component_update: event.component_update,
    affected: event.update?.affected_components ?? [],
    data: event.data ?? {},
    links: event.links,
    zone: zone || event.page.time_zone || 'UTC',
    // the team's own notices (assignments, drills) are not for customers: no "Questions? …" line
    // (null, not '': Liquid reads an empty string as true)
    contact: event.team ? null : event.page.support_email || event.page.support_url || null,
  };
}

export async function renderNotification(
  event: DeliveryEvent,
  zone: string | null,
  locale: string | null = null,
  /** this reader's account's credit or goodwill line (a resolution notice) */
  compensation: string | null = null,
): Promise<RenderedMessage> {
  const extra = compensation ? { compensation } : undefined;
  const fromTemplate =
    event.template && event.update ? templateText(event, 'email', locale, zone, extra) : null;
  if (compensation && event.update && !(fromTemplate ?? '').includes(compensation)) {
    // a wording that leaves the variable out still tells the reader their own line
    const body = `${fromTemplate ?? event.update.body}\n\n${compensation}`;
    return renderNotification(
      fromTemplate === null
        ? { ...event, update: { ...event.update, body } }
        : {
            ...event,
            template: undefined,
            update: { ...event.update, body, next_update_at: null },
          },
      zone,
      locale,
    ).then(async (r) =>
      fromTemplate === null
        ? r
        : {
            ...r,
            subject: templateText(event, 'email_subject', locale, zone, extra) ?? r.subject,
            short: templateText(event, 'sms', locale, zone, extra) ?? r.short,
          },
    );
  }
  if (fromTemplate !== null && event.update) {
    // the update came from a template: its wording (and next-update time) is per reader
    const rendered = await renderNotification(
      {
        ...event,
        template: undefined,
        update: { ...event.update, body: fromTemplate, next_update_at: null },
      },
      zone,
      locale,
    );
    return {
      ...rendered,
      subject: templateText(event, 'email_subject', locale, zone) ?? rendered.subject,
      short: templateText(event, 'sms', locale, zone) ?? rendered.short,
    };
  }
  const vars = messageVars(event, zone, locale);
  const subject = (await textLiquid.parseAndRender(SUBJECT, vars)).replace(/\s+/g, ' ').trim();
  const [text, html, short] = await Promise.all([
    textLiquid.parseAndRender(TEXT, vars),
    htmlLiquid.parseAndRender(HTML, { ...vars, subject }),
    textLiquid.parseAndRender(SHORT, vars),
  ]);
  return {
    subject,
    text: text.replace(/\n{3,}/g, '\n\n'),
    html,
    short: short.replace(/\s+/g, ' ').trim(),
  };
}

/** Fills the per-recipient links into a rendered text or HTML body. */
export function withLinks(
  body: string,
  manage: string,
  unsubscribe: string,
  forHtml = false,
): string {
  const m = forHtml ? manage.replace(/&/g, '&amp;') : manage;
  const u = forHtml ? unsubscribe.replace(/&/g, '&amp;') : unsubscribe;
  return body.replaceAll(LINK.manage, m).replaceAll(LINK.unsubscribe, u);
}
