/**
 * Who a message goes to, shared by the declare and update forms: public (the status page and
 * its subscribers, plus the audiences ticked) or the ticked audiences only; and the reach
 * panel of the preview: per audience and per channel, how many contacts it reaches, and
 * which key accounts are among them.
 */
import { type Html, html } from '../../lib/html.js';
import { type Errors, fieldError } from './parts.js';

export interface AudienceChoice {
  key: string;
  name: string;
  channels: string[];
  outreach: boolean;
}

export interface AudienceState {
  visibility: 'public' | 'audiences';
  chosen: string[];
  /** true while the ticks are the severity's defaults (the script follows the severity then) */
  auto: boolean;
}

/** What previewAudiences answers (store/queries/audiencePreview.ts), as the panel reads it. */
export interface Reach {
  total: number;
  audiences: { key: string; contacts: number }[];
  channels: Record<string, number>;
  key_accounts: { id: string; name: string }[];
  key_accounts_total: number;
}

export function audienceField(
  audiences: AudienceChoice[],
  s: AudienceState,
  errors: Errors,
  channelLabels: Record<string, string>,
  idPrefix = '',
): Html {
  const chosen = new Set(s.chosen);
  const vis = (value: 'public' | 'audiences', title: string, text: string) =>
    html`<label class="sev-choice"><input type="radio" name="visibility" value="${value}" ${s.visibility === value && 'checked'}>
<span class="sev-card"><strong>${title}</strong><span class="sev-desc">${text}</span></span></label>`;
  return html`<fieldset class="cfield${errors.visibility ? ' has-error' : ''}">
<legend class="clabel">Who sees it</legend>
<div class="vis-choices">
${vis('public', 'Everyone', 'The public status page and all its subscribers, plus the customer audiences ticked below.')}
${vis('audiences', 'Only the audiences ticked', 'Nothing on the public page or feeds: only the contacts of the audiences below are told.')}
</div>
${fieldError(errors, 'visibility', `${idPrefix}visibility`)}
</fieldset>
${
  audiences.length > 0 &&
  html`<fieldset class="cfield audiences-field${errors.audiences ? ' has-error' : ''}">
<legend class="clabel">Customer audiences to tell</legend>
<p class="chint">Ticked for you: the audiences this severity tells. The preview below counts who each one reaches.</p>
<div class="aud-choices" ${s.auto && html`data-auto`}>
${audiences.map(
  (
    a,
  ) => html`<label class="aud-choice"><input type="checkbox" name="audiences" value="${a.key}" ${chosen.has(a.key) && 'checked'}>
<span><strong>${a.name}</strong><small>${a.channels.map((c) => channelLabels[c] ?? c).join(', ') || 'No channels'}${a.outreach ? ' · account-manager calls' : ''}</small></span></label>`,
)}
</div>
${fieldError(errors, 'audiences', `${idPrefix}audiences`)}
</fieldset>`
}`;
}

/** The plain subscribers a public message reaches too (store/queries/subscriberReach.ts). */
export interface OtherReach {
  total: number;
  channels: Record<string, number>;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The reach panel of the preview (null reach: nothing to count, e.g. no audience ticked).
 * `others`: for a public message, the subscribers who are not an account's contacts, so the
 * heading adds up to the customer deliveries that go out.
 */
export function reachPanel(
  reach: Reach | null,
  s: AudienceState,
  audiences: AudienceChoice[],
  channelLabels: Record<string, string>,
  others: OtherReach | null = null,
): Html {
  const names = new Map(audiences.map((a) => [a.key, a.name]));
  const where =
    s.visibility === 'public'
      ? 'Public: the status page, its feeds and every subscriber get it.'
      : 'Audiences only: it stays off the public page and feeds.';
  const plain = s.visibility === 'public' ? others : null;
  if (s.visibility === 'audiences' && s.chosen.length === 0)
    return html`<section class="reach" aria-label="Who it reaches"><h3>Who it reaches</h3><p class="chint">${where}</p><p class="reach-empty">Tick at least one audience: an audiences-only message needs someone to go to.</p></section>`;
  if (!reach)
    return html`<section class="reach" aria-label="Who it reaches"><h3>Who it reaches${plain && `: ${plural(plain.total, 'subscriber')}`}</h3><p class="chint">${where}</p><p class="reach-empty">The plan has no customer audiences, so only the public subscribers are told.</p></section>`;
  const fallback =
    s.chosen.length === 0
      ? ' No audience is ticked, so the audiences this severity tells by default are counted.'
      : '';
  const sum: Record<string, number> = { ...reach.channels };
  for (const [c, n] of Object.entries(plain?.channels ?? {})) sum[c] = (sum[c] ?? 0) + n;
  const channels = Object.entries(sum).sort((a, b) => b[1] - a[1]);
  const more = reach.key_accounts_total - reach.key_accounts.length;
  const heading = plain
    ? `${plural(reach.total, 'account contact')} and ${plural(plain.total, 'other subscriber')}`
    : plural(reach.total, 'account contact');
  return html`<section class="reach" aria-label="Who it reaches">
<h3>Who it reaches: ${heading}</h3>
<p class="chint">${where}${fallback} Each contact is told once, even when in several audiences.${plain && ' Other subscribers are the people and systems that follow these components on the status page, or were added on Subscribers. The team’s own notices are not counted.'}</p>
<div class="grid-2">
<div class="table-scroll" tabindex="0" role="region" aria-label="Table (scrolls sideways)"><table class="ctable reach-table"><thead><tr><th scope="col">Audience</th><th scope="col" class="n">Contacts</th></tr></thead>
<tbody>${reach.audiences.map((a) => html`<tr><td>${names.get(a.key) ?? a.key}</td><td class="n">${a.contacts}</td></tr>`)}</tbody></table></div>
<div class="table-scroll" tabindex="0" role="region" aria-label="Table (scrolls sideways)"><table class="ctable reach-table"><thead><tr><th scope="col">Channel</th><th scope="col" class="n">${plain ? 'Recipients' : 'Contacts'}</th></tr></thead>
<tbody>${channels.length ? channels.map(([c, n]) => html`<tr><td>${channelLabels[c] ?? c}</td><td class="n">${n}</td></tr>`) : html`<tr><td colspan="2" class="chint">Nobody yet</td></tr>`}</tbody></table></div>
</div>
<p class="reach-keys"><strong>Key accounts among them (${reach.key_accounts_total}):</strong> ${reach.key_accounts.length ? html`${reach.key_accounts.map((k, i) => html`${i > 0 && ', '}<a href="/console/accounts/${encodeURIComponent(k.id)}">${k.name}</a>`)}${more > 0 && ` and ${more} more`}` : html`<span class="chint">none</span>`}</p>
</section>`;
}
