/**
 * The status page's own words in each language it speaks. English comes from the labels in
 * domain/status.ts, so the page, the API and the messages never disagree in English.
 * Incident names and update texts are the operator's and are shown as written.
 */
import type { PageLocale } from '../../domain/locale.js';
import {
  COMPONENT_STATUS_LABEL,
  IMPACT_LABEL,
  INCIDENT_STATUS_LABEL,
  INDICATOR_DESCRIPTION,
  statusName,
} from '../../domain/status.js';
import type { AnyIncidentStatus, ComponentStatus, Impact, Indicator } from '../../domain/types.js';

export interface Words {
  /** the name of the language in itself, for the switcher */
  language: string;
  indicator: Record<Indicator, string>;
  componentStatus: Record<ComponentStatus, string>;
  incidentStatus: Record<AnyIncidentStatus, string>;
  impact: Record<Impact | 'maintenance', string>;
  impactSuffix: string;
  noIssues: string;
  activeIncidents: (n: number) => string;
  maintenanceRunning: string;
  someComponents: string;
  activeTitle: string;
  maintenanceTitle: string;
  scheduledMaintenanceTitle: string;
  systemStatus: string;
  uptimeNote: string;
  components: (n: number) => string;
  pastIncidents: string;
  noIncidentsReported: string;
  ongoing: string;
  viewHistory: string;
  nextUpdateBy: string;
  /** "Next update was due" (14:30 GMT) — overdue */
  nextUpdateWasDue: string;
  overdue: string;
  affected: string;
  componentsLabel: string;
  window: string;
  /** uptime bars */
  daysAgo: (n: number) => string;
  today: string;
  uptime: string;
  overLastDays: (n: number) => string;
  noData: string;
  noIncidents: string;
  barsLabel: (name: string, n: number) => string;
  /** layout chrome */
  statusSuffix: string;
  statusOf: (name: string) => string;
  liveStatusOf: (name: string) => string;
  skip: string;
  history: string;
  subscribe: string;
  subscribeSr: string;
  homeLabel: (name: string) => string;
  getUpdates: string;
  atomFeed: string;
  rssFeed: string;
  jsonFeed: string;
  calendar: string;
  statusApi: string;
  needHelp: string;
  contactSupport: string;
  poweredBy: string;
  /** a private audience page */
  privateFor: (audience: string) => string;
  signOut: string;
  languageNav: string;
  /** after a time flare.js rewrote to the reader's clock */
  yourTime: string;
}

const en: Words = {
  language: 'English',
  indicator: INDICATOR_DESCRIPTION,
  componentStatus: COMPONENT_STATUS_LABEL,
  incidentStatus: INCIDENT_STATUS_LABEL,
  impact: IMPACT_LABEL,
  impactSuffix: ' impact',
  noIssues: 'We’re not aware of any issues affecting our systems.',
  activeIncidents: (n) =>
    `${n} active ${n === 1 ? 'incident' : 'incidents'}. Details and updates are below.`,
  maintenanceRunning: 'Scheduled maintenance is in progress. Details are below.',
  someComponents: 'Some components are not fully operational. Details are below.',
  activeTitle: 'Active incidents',
  maintenanceTitle: 'Maintenance',
  scheduledMaintenanceTitle: 'Scheduled maintenance',
  systemStatus: 'System status',
  uptimeNote: 'Uptime over the last 90 days',
  components: (n) => `${n} ${n === 1 ? 'component' : 'components'}`,
  pastIncidents: 'Past incidents',
  noIncidentsReported: 'No incidents reported.',
  ongoing: 'Ongoing',
  viewHistory: 'View incident history',
  nextUpdateBy: 'Next update by',
  nextUpdateWasDue: 'Next update was due',
  overdue: 'overdue',
  affected: 'Affected',
  componentsLabel: 'Components',
  window: 'Window',
  daysAgo: (n) => `${n} days ago`,
  today: 'Today',
  uptime: 'uptime',
  overLastDays: (n) => `over the last ${n} days`,
  noData: 'No data',
  noIncidents: 'No incidents',
  barsLabel: (name, n) => `${name}: uptime by day, last ${n} days`,
  statusSuffix: 'Status',
  statusOf: (name) => statusName(name),
  liveStatusOf: (name) => (name.trim() ? `Live status of ${name}.` : 'Live status.'),
  skip: 'Skip to content',
  history: 'History',
  subscribe: 'Subscribe',
  subscribeSr: ' to updates',
  homeLabel: (name) => `${statusName(name)} home`,
  getUpdates: 'Get updates',
  atomFeed: 'Atom feed',
  rssFeed: 'RSS feed',
  jsonFeed: 'JSON feed',
  calendar: 'Maintenance calendar',
  statusApi: 'Status API',
  needHelp: 'Need help?',
  contactSupport: 'Contact support',
  poweredBy: 'Powered by Flare',
  privateFor: (a) => `Private page for ${a}`,
  signOut: 'Sign out',
  languageNav: 'Language',
  yourTime: 'your time',
};

const fr: Words = {
  language: 'Français',
  indicator: {
    none: 'Tous les systèmes sont opérationnels',
    minor: 'Panne mineure du service',
    major: 'Panne partielle du système',
    critical: 'Panne majeure du système',
    maintenance: 'Service en maintenance',
  },
  componentStatus: {
    operational: 'Opérationnel',
    degraded_performance: 'Performances dégradées',
    partial_outage: 'Panne partielle',
    major_outage: 'Panne majeure',
    under_maintenance: 'En maintenance',
  },
  incidentStatus: {
    investigating: 'Analyse en cours',
    identified: 'Cause identifiée',
    monitoring: 'Surveillance',
    resolved: 'Résolu',
    postmortem: 'Post-mortem',
    scheduled: 'Planifiée',
    in_progress: 'En cours',
    verifying: 'Vérification',
    completed: 'Terminée',
  },
  impact: {
    none: 'Aucun impact',
    minor: 'Mineur',
    major: 'Majeur',
    critical: 'Critique',
    maintenance: 'Maintenance',
  },
  impactSuffix: '',
  noIssues: 'Nous n’avons connaissance d’aucun problème affectant nos systèmes.',
  activeIncidents: (n) =>
    `${n} ${n === 1 ? 'incident en cours' : 'incidents en cours'}. Détails et mises à jour ci-dessous.`,
  maintenanceRunning: 'Une maintenance planifiée est en cours. Détails ci-dessous.',
  someComponents: 'Certains composants ne sont pas pleinement opérationnels. Détails ci-dessous.',
  activeTitle: 'Incidents en cours',
  maintenanceTitle: 'Maintenance',
  scheduledMaintenanceTitle: 'Maintenance planifiée',
  systemStatus: 'État des systèmes',
  uptimeNote: 'Disponibilité sur les 90 derniers jours',
  components: (n) => `${n} ${n === 1 ? 'composant' : 'composants'}`,
  pastIncidents: 'Incidents passés',
  noIncidentsReported: 'Aucun incident signalé.',
  ongoing: 'En cours',
  viewHistory: 'Voir l’historique des incidents',
  nextUpdateBy: 'Prochaine mise à jour avant',
  nextUpdateWasDue: 'Prochaine mise à jour prévue à',
  overdue: 'en retard',
  affected: 'Concernés',
  componentsLabel: 'Composants',
  window: 'Créneau',
  daysAgo: (n) => `il y a ${n} jours`,
  today: 'Aujourd’hui',
  uptime: 'de disponibilité',
  overLastDays: (n) => `sur les ${n} derniers jours`,
  noData: 'Aucune donnée',
  noIncidents: 'Aucun incident',
  barsLabel: (name, n) => `${name} : disponibilité par jour, ${n} derniers jours`,
  statusSuffix: 'État',
  statusOf: (name) => (name.trim() ? `État de ${name}` : 'État'),
  liveStatusOf: (name) => (name.trim() ? `État en direct de ${name}.` : 'État en direct.'),
  skip: 'Aller au contenu',
  history: 'Historique',
  subscribe: 'S’abonner',
  subscribeSr: ' aux mises à jour',
  homeLabel: (name) => (name.trim() ? `Accueil de l’état de ${name}` : 'Accueil'),
  getUpdates: 'Recevoir les mises à jour',
  atomFeed: 'Flux Atom',
  rssFeed: 'Flux RSS',
  jsonFeed: 'Flux JSON',
  calendar: 'Calendrier des maintenances',
  statusApi: 'API d’état',
  needHelp: 'Besoin d’aide ?',
  contactSupport: 'Contacter le support',
  poweredBy: 'Propulsé par Flare',
  privateFor: (a) => `Page privée : ${a}`,
  signOut: 'Se déconnecter',
  languageNav: 'Langue',
  yourTime: 'votre heure',
};

const de: Words = {
  language: 'Deutsch',
  indicator: {
    none: 'Alle Systeme betriebsbereit',
    minor: 'Geringfügige Dienststörung',
    major: 'Teilweiser Systemausfall',
    critical: 'Schwerer Systemausfall',
    maintenance: 'Dienst in Wartung',
  },
  componentStatus: {
    operational: 'Betriebsbereit',
    degraded_performance: 'Eingeschränkte Leistung',
    partial_outage: 'Teilausfall',
    major_outage: 'Schwerer Ausfall',
    under_maintenance: 'In Wartung',
  },
  incidentStatus: {
    investigating: 'Wird untersucht',
    identified: 'Ursache erkannt',
    monitoring: 'Wird beobachtet',
    resolved: 'Behoben',
    postmortem: 'Nachbetrachtung',
    scheduled: 'Geplant',
    in_progress: 'Läuft',
    verifying: 'Wird geprüft',
    completed: 'Abgeschlossen',
  },
  impact: {
    none: 'Keine Auswirkung',
    minor: 'Gering',
    major: 'Erheblich',
    critical: 'Kritisch',
    maintenance: 'Wartung',
  },
  impactSuffix: '',
  noIssues: 'Uns sind keine Probleme mit unseren Systemen bekannt.',
  activeIncidents: (n) =>
    `${n} ${n === 1 ? 'aktiver Vorfall' : 'aktive Vorfälle'}. Details und Updates unten.`,
  maintenanceRunning: 'Eine geplante Wartung läuft. Details unten.',
  someComponents: 'Einige Komponenten sind nicht voll betriebsbereit. Details unten.',
  activeTitle: 'Aktive Vorfälle',
  maintenanceTitle: 'Wartung',
  scheduledMaintenanceTitle: 'Geplante Wartung',
  systemStatus: 'Systemstatus',
  uptimeNote: 'Verfügbarkeit der letzten 90 Tage',
  components: (n) => `${n} ${n === 1 ? 'Komponente' : 'Komponenten'}`,
  pastIncidents: 'Vergangene Vorfälle',
  noIncidentsReported: 'Keine Vorfälle gemeldet.',
  ongoing: 'Andauernd',
  viewHistory: 'Vorfallsverlauf ansehen',
  nextUpdateBy: 'Nächstes Update bis',
  nextUpdateWasDue: 'Nächstes Update war fällig um',
  overdue: 'überfällig',
  affected: 'Betroffen',
  componentsLabel: 'Komponenten',
  window: 'Zeitfenster',
  daysAgo: (n) => `vor ${n} Tagen`,
  today: 'Heute',
  uptime: 'Verfügbarkeit',
  overLastDays: (n) => `in den letzten ${n} Tagen`,
  noData: 'Keine Daten',
  noIncidents: 'Keine Vorfälle',
  barsLabel: (name, n) => `${name}: Verfügbarkeit pro Tag, letzte ${n} Tage`,
  statusSuffix: 'Status',
  statusOf: (name) => (name.trim() ? `Status von ${name}` : 'Status'),
  liveStatusOf: (name) => (name.trim() ? `Aktueller Status von ${name}.` : 'Aktueller Status.'),
  skip: 'Zum Inhalt springen',
  history: 'Verlauf',
  subscribe: 'Abonnieren',
  subscribeSr: ' (Updates)',
  homeLabel: (name) => (name.trim() ? `Statusseite von ${name}` : 'Statusseite'),
  getUpdates: 'Updates erhalten',
  atomFeed: 'Atom-Feed',
  rssFeed: 'RSS-Feed',
  jsonFeed: 'JSON-Feed',
  calendar: 'Wartungskalender',
  statusApi: 'Status-API',
  needHelp: 'Hilfe nötig?',
  contactSupport: 'Support kontaktieren',
  poweredBy: 'Bereitgestellt von Flare',
  privateFor: (a) => `Private Seite für ${a}`,
  signOut: 'Abmelden',
  languageNav: 'Sprache',
  yourTime: 'Ihre Zeit',
};

export const WORDS: Record<PageLocale, Words> = { en, fr, de };
