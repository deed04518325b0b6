/** One person on the team: their details, hours and the rotations they are in, to edit or remove. */
import { type Html, html } from '../../lib/html.js';
import { csrfField } from './parts.js';
import { errorLinks, PERSON_LABELS, type PersonFormState, personFields } from './teamForms.js';

export interface PersonPage {
  id: string;
  name: string;
  /** the roles whose rotation holds them */
  rotations: string[];
  form: PersonFormState;
  csrf: string;
}

export function personBody(d: PersonPage): Html {
  const id = encodeURIComponent(d.id);
  return html`<div class="narrow"><p class="crumb"><a href="/console/team">← Team</a></p>
<div class="page-title"><h1>${d.name}</h1></div>
<section class="card-pad" aria-labelledby="edit-title">
<h2 class="csection-title" id="edit-title">Details and hours</h2>
<p class="chint">${d.rotations.length ? `On call for: ${d.rotations.join(', ')}.` : 'Not on call for any role yet.'}</p>
${errorLinks(d.form.errors, PERSON_LABELS, 'e-')}
<form method="post" action="/console/team/people/${id}" novalidate>${csrfField(d.csrf)}
${personFields(d.form, 'e-')}
<div class="form-end"><a class="cbutton cbutton-danger" href="/console/team/people/${id}/delete">Remove from the team…</a><a class="cbutton cbutton-quiet" href="/console/team">Cancel</a><button class="cbutton cbutton-primary" type="submit">Save changes</button></div>
</form></section></div>`;
}
