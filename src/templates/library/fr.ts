/** Variantes françaises des modèles intégrés (les étapes absentes retombent sur l'anglais). */
import type { TemplateDef } from '../../domain/templates.js';

const NEXT = `{% if next_update_at != blank %}Prochaine mise à jour au plus tard à {{ next_update_at | local_time }}.{% endif %}`;
const CONTACT = `{% if contact != blank %}Besoin d'aide en attendant ? Contactez {{ contact }}.{% endif %}`;
const CONTACT_AFTER = `{% if contact != blank %}Besoin d'aide ? Contactez {{ contact }}.{% endif %}`;
const WHERE = `{% if components != blank %} qui touche {{ components }}{% endif %}{% if regions != blank %} ({{ regions }}){% endif %}`;
const ESTIMATE = `{% if estimate != blank %}

Nous prévoyons une résolution vers {{ estimate }}.{% endif %}`;
/** SMS et réseaux sociaux sont courts : l'estimation confirmée, en quelques mots. */
const EST = `{% if estimate != blank %} Fin vers {{ estimate }}.{% endif %}`;
const WORKAROUND = `{% if workaround != blank %}

**Solution de contournement :** {{ workaround }}{% endif %}`;

export const FR: TemplateDef[] = [
  {
    key: 'investigating',
    stage: 'investigating',
    name: 'Analyse en cours',
    page: `Nous analysons un incident : {{ issue }}${WHERE}.{% if impact != blank %} {{ impact }}{% endif %}

{{ team_on_it | default: "Nos équipes y travaillent dès maintenant." }}${WORKAROUND}${ESTIMATE}

${NEXT} ${CONTACT}`,
    sms: `{{ page_name }} : analyse en cours ({{ issue }}).${EST} Suite avant {{ next_update_at | local_time }}. {{ status_url }}`,
    social: `Nous analysons un incident : {{ issue }}. Nos équipes sont mobilisées.${EST} Prochaine mise à jour avant {{ next_update_at | local_time }}. {{ status_url }}`,
  },
  {
    key: 'identified',
    stage: 'identified',
    name: 'Cause identifiée',
    page: `Nous avons identifié la cause de l'incident ({{ issue }}){% if cause != blank %} : {{ cause }}{% endif %}. {{ team_on_it | default: "Un correctif est en préparation." }}${WORKAROUND}${ESTIMATE}

${NEXT} ${CONTACT}`,
    sms: `{{ page_name }} : cause trouvée ({{ issue }}), correctif en cours.${EST} Suite avant {{ next_update_at | local_time }}. {{ status_url }}`,
    social: `Nous avons trouvé la cause de l'incident ({{ issue }}) et préparons un correctif.${EST} Prochaine mise à jour avant {{ next_update_at | local_time }}. {{ status_url }}`,
  },
  {
    key: 'monitoring',
    stage: 'monitoring',
    name: 'Surveillance',
    page: `Un correctif est en place ({{ issue }}) et nous surveillons son effet.${ESTIMATE}

${NEXT} ${CONTACT}`,
    sms: `{{ page_name }} : correctif en place ({{ issue }}), on surveille.${EST} Suite avant {{ next_update_at | local_time }}. {{ status_url }}`,
    social: `Un correctif est en place ({{ issue }}) et nous surveillons la situation.${EST} Prochaine mise à jour avant {{ next_update_at | local_time }}. {{ status_url }}`,
  },
  {
    key: 'interim',
    stage: 'interim',
    name: 'Point d’étape',
    page: `Nous travaillons toujours sur l'incident ({{ issue }}){% if components != blank %} qui touche {{ components }}{% endif %}. Nous savons que c'est long et nous en sommes désolés.

{% if progress != blank %}{{ progress }}{% else %}{{ team_on_it | default: "Nos équipes restent pleinement mobilisées." }}{% endif %}${WORKAROUND}${ESTIMATE}

${NEXT} ${CONTACT}`,
    sms: `{{ page_name }} : on y travaille encore ({{ issue }}), désolés.${EST} Suite avant {{ next_update_at | local_time }}. {{ status_url }}`,
    social: `Nous travaillons toujours sur l'incident ({{ issue }}). Désolés pour l'attente.${EST} Prochaine mise à jour avant {{ next_update_at | local_time }}. {{ status_url }}`,
  },
  {
    key: 'resolved',
    stage: 'resolved',
    name: 'Résolu',
    page: `L'incident ({{ issue }}) est résolu{% if components != blank %} et {{ components }} {% if components_count > 1 %}fonctionnent{% else %}fonctionne{% endif %} normalement{% endif %}.

{{ data_loss | default: "Aucune donnée n'a été perdue et il n'y a aucun impact résiduel." }}

{{ apology | default: "Nous sommes désolés pour la gêne occasionnée : nous vous avons fait défaut et nous en tirerons les leçons." }} Merci de votre patience.{% if next_steps != blank %}

**Prochaines étapes :** {{ next_steps }}{% endif %}{% if compensation != blank %}

{{ compensation }}{% endif %} ${CONTACT_AFTER}`,
    sms: `{{ page_name }} : résolu ({{ issue }}). Désolés pour le désagrément, merci de votre patience.`,
    social: `Résolu : {{ issue }}. Désolés pour la gêne occasionnée et merci de votre patience.`,
  },
];
