/** Deutsche Varianten der mitgelieferten Vorlagen (fehlende Phasen fallen auf Englisch zurück). */
import type { TemplateDef } from '../../domain/templates.js';

const NEXT = `{% if next_update_at != blank %}Das nächste Update folgt spätestens um {{ next_update_at | local_time }}.{% endif %}`;
const CONTACT = `{% if contact != blank %}Wenn Sie in der Zwischenzeit Hilfe brauchen, erreichen Sie uns unter {{ contact }}.{% endif %}`;
const CONTACT_AFTER = `{% if contact != blank %}Wenn Sie Hilfe brauchen, erreichen Sie uns unter {{ contact }}.{% endif %}`;
const WHERE = `{% if components != blank %} bei {{ components }}{% endif %}{% if regions != blank %} ({{ regions }}){% endif %}`;
const ESTIMATE = `{% if estimate != blank %}

Wir rechnen mit einer Behebung bis {{ estimate }}.{% endif %}`;
/** SMS und Social-Media-Posts sind kurz: die bestätigte Schätzung in wenigen Worten. */
const EST = `{% if estimate != blank %} Fix ca. {{ estimate }}.{% endif %}`;
const WORKAROUND = `{% if workaround != blank %}

**Übergangslösung:** {{ workaround }}{% endif %}`;

export const DE: TemplateDef[] = [
  {
    key: 'investigating',
    stage: 'investigating',
    name: 'Untersuchung',
    page: `Wir untersuchen eine Störung: {{ issue }}${WHERE}.{% if impact != blank %} {{ impact }}{% endif %}

{{ team_on_it | default: "Unser Team arbeitet bereits daran." }}${WORKAROUND}${ESTIMATE}

${NEXT} ${CONTACT}`,
    sms: `{{ page_name }}: Wir untersuchen {{ issue }}.${EST} Update bis {{ next_update_at | local_time }}. {{ status_url }}`,
    social: `Wir untersuchen eine Störung: {{ issue }}. Unser Team ist dran.${EST} Update bis {{ next_update_at | local_time }}. {{ status_url }}`,
  },
  {
    key: 'identified',
    stage: 'identified',
    name: 'Ursache gefunden',
    page: `Wir haben die Ursache der Störung ({{ issue }}) gefunden{% if cause != blank %}: {{ cause }}{% endif %}. {{ team_on_it | default: "Ein Fix ist in Arbeit." }}${WORKAROUND}${ESTIMATE}

${NEXT} ${CONTACT}`,
    sms: `{{ page_name }}: Ursache gefunden ({{ issue }}), Fix in Arbeit.${EST} Update bis {{ next_update_at | local_time }}. {{ status_url }}`,
    social: `Ursache der Störung ({{ issue }}) gefunden, ein Fix ist in Arbeit.${EST} Update bis {{ next_update_at | local_time }}. {{ status_url }}`,
  },
  {
    key: 'monitoring',
    stage: 'monitoring',
    name: 'Beobachtung',
    page: `Ein Fix für die Störung ({{ issue }}) ist eingespielt; wir beobachten die Lage.${ESTIMATE}

${NEXT} ${CONTACT}`,
    sms: `{{ page_name }}: Fix eingespielt ({{ issue }}), wir beobachten.${EST} Update bis {{ next_update_at | local_time }}. {{ status_url }}`,
    social: `Ein Fix für {{ issue }} ist eingespielt; wir beobachten die Lage.${EST} Update bis {{ next_update_at | local_time }}. {{ status_url }}`,
  },
  {
    key: 'interim',
    stage: 'interim',
    name: 'Zwischenstand',
    page: `Wir arbeiten weiter an der Störung ({{ issue }}){% if components != blank %} bei {{ components }}{% endif %}. Uns ist bewusst, dass es lange dauert, und wir entschuldigen uns dafür.

{% if progress != blank %}{{ progress }}{% else %}{{ team_on_it | default: "Unser Team arbeitet weiter mit voller Kraft daran." }}{% endif %}${WORKAROUND}${ESTIMATE}

${NEXT} ${CONTACT}`,
    sms: `{{ page_name }}: Wir arbeiten weiter an {{ issue }}, Entschuldigung.${EST} Update bis {{ next_update_at | local_time }}. {{ status_url }}`,
    social: `Wir arbeiten weiter an der Störung ({{ issue }}). Entschuldigung für die Wartezeit.${EST} Update bis {{ next_update_at | local_time }}. {{ status_url }}`,
  },
  {
    key: 'resolved',
    stage: 'resolved',
    name: 'Behoben',
    page: `Die Störung ({{ issue }}) ist behoben{% if components != blank %}, {{ components }} {% if components_count > 1 %}funktionieren{% else %}funktioniert{% endif %} wieder normal{% endif %}.

{{ data_loss | default: "Es sind keine Daten verloren gegangen, und es gibt keine Nachwirkungen." }}

{{ apology | default: "Wir entschuldigen uns für die Störung. Wir haben Sie enttäuscht und werden daraus lernen." }} Vielen Dank für Ihre Geduld.{% if next_steps != blank %}

**Nächste Schritte:** {{ next_steps }}{% endif %}{% if compensation != blank %}

{{ compensation }}{% endif %} ${CONTACT_AFTER}`,
    sms: `{{ page_name }}: Störung behoben ({{ issue }}). Entschuldigung für die Unannehmlichkeiten, danke für Ihre Geduld.`,
    social: `Behoben: {{ issue }}. Wir entschuldigen uns für die Störung und danken für Ihre Geduld.`,
  },
];
