/** Variantes françaises des modèles intégrés (les étapes absentes retombent sur l'anglais). */
import type { TemplateDef } from '../../domain/templates.js';

const NEXT = `{% if next_update_at != blank %}Prochaine mise à jour au plus tard à {{ next_update_at | local_time }}.{% endif %}`;
const CONTACT = `{% if contact != blank %}Besoin d'aide en attendant ? Contactez {{ contact }}.{% endif %}`;
const WHERE = `{% if components != blank %} qui touche {{ components }}{% endif %}{% if regions != blank %} ({{ regions }}){% endif %}`;
const ESTIMATE = `{% if estimate != blank %}

Nous prévoyons une résolution vers {{ estimate }}.{% endif %}`;
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
    sms: `{{ page_name }} : incident en cours d'analyse ({{ issue }}). Prochaine info avant {{ next_update_at | local_time }}.`,
    social: `Nous analysons un incident : {{ issue }}. Nos équipes sont mobilisées ; prochaine mise à jour avant {{ next_update_at | local_time }}. {{ status_url }}`,
  },
  {
    key: 'identified',
    stage: 'identified',
    name: 'Cause identifiée',
    page: `Nous avons identifié la cause de l'incident ({{ issue }}){% if cause != blank %} : {{ cause }}{% endif %}. {{ team_on_it | default: "Un correctif est en préparation." }}${WORKAROUND}${ESTIMATE}

${NEXT} ${CONTACT}`,
    sms: `{{ page_name }} : cause identifiée ({{ issue }}), correctif en cours. Prochaine info avant {{ next_update_at | local_time }}.`,
    social: `Nous avons trouvé la cause de l'incident ({{ issue }}) et préparons un correctif. Prochaine mise à jour avant {{ next_update_at | local_time }}.`,
  },
  {
    key: 'monitoring',
    stage: 'monitoring',
    name: 'Surveillance',
    page: `Un correctif est en place ({{ issue }}) et nous surveillons son effet.

${NEXT} ${CONTACT}`,
    sms: `{{ page_name }} : correctif déployé ({{ issue }}), surveillance en cours. Prochaine info avant {{ next_update_at | local_time }}.`,
    social: `Un correctif est en place ({{ issue }}) et nous surveillons la situation. Prochaine mise à jour avant {{ next_update_at | local_time }}.`,
  },
  {
    key: 'interim',
    stage: 'interim',
    name: 'Point d’étape',
    page: `Nous travaillons toujours sur l'incident ({{ issue }}){% if components != blank %} qui touche {{ components }}{% endif %}. Nous savons que c'est long et nous en sommes désolés.

{% if progress != blank %}{{ progress }}{% else %}{{ team_on_it | default: "Nos équipes restent pleinement mobilisées." }}{% endif %}${WORKAROUND}${ESTIMATE}

${NEXT} ${CONTACT}`,
    sms: `{{ page_name }} : toujours en cours ({{ issue }}). Désolés pour l'attente. Prochaine info avant {{ next_update_at | local_time }}.`,
    social: `Nous travaillons toujours sur l'incident ({{ issue }}). Désolés pour l'attente. Prochaine mise à jour avant {{ next_update_at | local_time }}.`,
  },
  {
    key: 'resolved',
    stage: 'resolved',
    name: 'Résolu',
    page: `L'incident ({{ issue }}) est résolu{% if components != blank %} et {{ components }} fonctionne normalement{% endif %}.

{{ data_loss | default: "Aucune donnée n'a été perdue et il n'y a aucun impact résiduel." }}

{{ apology | default: "Nous sommes désolés pour la gêne occasionnée : nous vous avons fait défaut et nous en tirerons les leçons." }} Merci de votre patience.{% if next_steps != blank %}

**Prochaines étapes :** {{ next_steps }}{% endif %}{% if compensation != blank %}

{{ compensation }}{% endif %} ${CONTACT}`,
    sms: `{{ page_name }} : incident résolu ({{ issue }}). Désolés pour la gêne, merci de votre patience.`,
    social: `Résolu : {{ issue }}. Désolés pour la gêne occasionnée et merci de votre patience.`,
  },
];
