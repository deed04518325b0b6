/**
 * The words around a notification (labels, link texts, the footer) in each language the
 * template library speaks; a subscriber whose locale has none gets English. The update's own
 * text is the author's, or the template library's in the reader's language.
 */
import { COMPONENT_STATUS_LABEL, INCIDENT_STATUS_LABEL } from '../domain/status.js';

export interface Chrome {
  status: Record<string, string>;
  /** the same inside a sentence (lower case, except in German) */
  status_inline?: Record<string, string>;
  affected: string;
  /** joins the last two of a list: "API, Search and Webhooks" */
  and: string;
  next_update_by: string;
  next_update: string;
  details: string;
  status_page: string;
  changed: string;
  to: string;
  view_incident: string;
  view_page: string;
  questions: string;
  page_status: string;
  why: string;
  manage: string;
  unsubscribe: string;
}

const en: Chrome = {
  status: { ...INCIDENT_STATUS_LABEL, ...COMPONENT_STATUS_LABEL },
  affected: 'Affected',
  and: 'and',
  next_update_by: 'Next update by',
  next_update: 'Next update',
  details: 'Details',
  status_page: 'Status page',
  changed: 'changed from',
  to: 'to',
  view_incident: 'View on the status page',
  view_page: 'View the status page',
  questions: 'Questions?',
  page_status: 'status',
  why: 'You receive this because you subscribed to status updates from',
  manage: 'Manage your subscription',
  unsubscribe: 'Unsubscribe',
};

const fr: Chrome = {
  status: {
    investigating: 'Enquête en cours',
    identified: 'Cause identifiée',
    monitoring: 'Sous surveillance',
    resolved: 'Résolu',
    postmortem: 'Analyse post-incident',
    scheduled: 'Planifiée',
    in_progress: 'En cours',
    verifying: 'Vérification',
    completed: 'Terminée',
    operational: 'Opérationnel',
    degraded_performance: 'Performances dégradées',
    partial_outage: 'Panne partielle',
    major_outage: 'Panne majeure',
    under_maintenance: 'En maintenance',
  },
  affected: 'Concerné',
  and: 'et',
  next_update_by: 'Prochaine mise à jour avant',
  next_update: 'Prochaine mise à jour',
  details: 'Détails',
  status_page: 'Page de statut',
  changed: 'est passé de',
  to: 'à',
  view_incident: 'Voir sur la page de statut',
  view_page: 'Voir la page de statut',
  questions: 'Des questions ?',
  page_status: 'statut',
  why: 'Vous recevez ce message car vous êtes abonné aux mises à jour de statut de',
  manage: 'Gérer votre abonnement',
  unsubscribe: 'Se désabonner',
};

const de: Chrome = {
  status: {
    investigating: 'Wird untersucht',
    identified: 'Ursache gefunden',
    monitoring: 'Wird beobachtet',
    resolved: 'Behoben',
    postmortem: 'Nachbetrachtung',
    scheduled: 'Geplant',
    in_progress: 'Läuft',
    verifying: 'Wird geprüft',
    completed: 'Abgeschlossen',
    operational: 'Betriebsbereit',
    degraded_performance: 'Eingeschränkte Leistung',
    partial_outage: 'Teilausfall',
    major_outage: 'Großer Ausfall',
    under_maintenance: 'In Wartung',
  },
  affected: 'Betroffen',
  and: 'und',
  next_update_by: 'Nächstes Update bis',
  next_update: 'Nächstes Update',
  details: 'Details',
  status_page: 'Statusseite',
  changed: 'wechselte von',
  to: 'zu',
  view_incident: 'Auf der Statusseite ansehen',
  view_page: 'Statusseite ansehen',
  questions: 'Fragen?',
  page_status: 'Status',
  why: 'Sie erhalten diese Nachricht, weil Sie Status-Updates abonniert haben von',
  manage: 'Abonnement verwalten',
  unsubscribe: 'Abbestellen',
};

const CHROME: Record<string, Chrome> = { en, fr, de };

/** The language whose chrome a locale gets (`fr-CA` → `fr`; unknown → `en`). */
export function chromeLanguage(locale: string | null | undefined): string {
  const lang = (locale ?? 'en').slice(0, 2).toLowerCase();
  return lang in CHROME ? lang : 'en';
}

for (const [lang, c] of Object.entries(CHROME)) {
  c.status_inline = Object.fromEntries(
    Object.entries(c.status).map(([k, v]) => [k, lang === 'de' ? v : v.toLowerCase()]),
  );
}

export function chromeFor(locale: string | null | undefined): Chrome {
  return CHROME[chromeLanguage(locale)];
}

/**
 * What a message's rendering depends on for one reader: the time zone, and the language (the
 * full locale when the update came from a template, which may have a text per locale).
 * Channels cache renderings by it.
 */
export function readerKey(
  fromTemplate: boolean,
  timeZone: string | null,
  locale: string | null | undefined,
): string {
  return `${timeZone ?? ''}|${fromTemplate ? (locale ?? '') : chromeLanguage(locale)}`;
}
