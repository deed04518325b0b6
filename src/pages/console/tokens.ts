/**
 * The Tokens screen: every API token, newest first, with its scope, when it was made and last
 * used, and a Revoke step; a form to create one; the page that shows a new secret (once); and
 * the confirmation before revoking. Admins only.
 */
import { SIGNIN_TOKEN_NAME } from '../../domain/tokenNames.js';
import { TOKEN_SCOPES, type TokenScope } from '../../domain/types.js';
import { type Html, html } from '../../lib/html.js';
import type { Token } from '../../store/queries/models.js';
import {
  csrfField,
  type Errors,
  errorSummary,
  onceField,
  otherErrors,
  pill,
  selectField,
  textField,
  type Values,
  when,
} from './parts.js';

export const TOKEN_FIELDS = ['name', 'scope'];

export const SCOPE_LABEL: Record<TokenScope, string> = {
  read: 'Read',
  write: 'Write',
  admin: 'Admin',
};

const SCOPE_HELP: Record<TokenScope, string> = {
  read: 'looks, never changes (dashboards, monitoring).',
  write: 'posts incidents and updates, sets component status; can sign in here.',
  admin: 'everything, settings and tokens too.',
};

export interface TokensData {
  tokens: Token[];
  /** the token this session is signed in with */
  currentId: string;
  zone: string;
  csrf: string;
  canEdit: boolean;
  form: { values: Values; errors: Errors };
}

function row(t: Token, d: TokensData): Html {
  const current = t.id === d.currentId;
  const id = encodeURIComponent(t.id);
  return html`<li class="tok-item${t.revoked_at ? ' is-revoked' : ''}">
<div class="tok-main">
<strong class="tok-name">${t.name}</strong> ${pill(SCOPE_LABEL[t.scope], t.scope === 'admin' ? 'warn' : 'info')}
${t.revoked_at ? pill('Revoked', 'bad') : pill('Active', 'ok')} ${current && pill('You are signed in with it', 'plain')}
<p class="tok-meta">Created ${when(t.created_at, d.zone)} · Last used ${t.last_used_at ? when(t.last_used_at, d.zone) : html`<em>never</em>`}${t.revoked_at && html` · Revoked ${when(t.revoked_at, d.zone)}`}</p>
${t.name === SIGNIN_TOKEN_NAME && html`<p class="chint tok-note">Made by Flare for one-time sign-in codes; nobody holds its secret.</p>`}
</div>
${!t.revoked_at && html`<div class="tok-actions"><a class="cbutton cbutton-danger cbutton-sm" href="/console/tokens/${id}/revoke">Revoke…<span class="sr-only"> ${t.name}</span></a></div>`}
</li>`;
}

function createForm(d: TokensData): Html {
  const { values, errors } = d.form;
  const o = { values, errors, idPrefix: 't-' };
  return html`<section class="card-pad" id="create" aria-labelledby="create-title">
<h2 class="csection-title" id="create-title">Create a token</h2>
<p class="chint">For a script, a monitor or a CI job that calls Flare's API. Give each its own token, so you can revoke one without breaking the others.</p>
${errorSummary(errors, { fields: TOKEN_FIELDS, idPrefix: 't-', lead: 'No token was created.' })}
${otherErrors(errors, TOKEN_FIELDS)}
<form class="cform" method="post" action="/console/tokens" novalidate>
${csrfField(d.csrf)}${onceField()}
${textField({ ...o, name: 'name', label: 'Name', help: 'Who or what uses it; the audit log names it.', required: true, maxlength: 100, placeholder: 'e.g. Grafana alerts' })}
${selectField({ ...o, name: 'scope', label: 'What it may do', help: 'Give it no more than it needs.', options: TOKEN_SCOPES.map((s) => ({ value: s, label: SCOPE_LABEL[s] })) })}
<ul class="scope-help chint">${TOKEN_SCOPES.map((s) => html`<li><strong>${SCOPE_LABEL[s]}</strong>: ${SCOPE_HELP[s]}</li>`)}</ul>
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Create token</button></div>
</form>
</section>`;
}

export function tokensBody(d: TokensData): Html {
  const head = html`<div class="page-title"><h1>API tokens</h1><p class="chint">Keys to Flare's API and to this console. Revoke a token the moment it is no longer needed or may have leaked: it stops working at once.</p></div>`;
  if (!d.canEdit)
    return html`${head}<p class="approval-note">You are signed in with a token that can post incidents but not manage tokens. To see and change them, sign in with an admin token.</p>`;
  const active = d.tokens.filter((t) => !t.revoked_at).length;
  return html`${head}
<div class="dash-grid">
<div class="dash-main">
<section class="card-pad" aria-labelledby="list-title">
<div class="block-head"><h2 id="list-title">Tokens <span class="count">${active} active</span></h2><span class="chint">Newest first</span></div>
${d.tokens.length ? html`<ul class="tok-list">${d.tokens.map((t) => row(t, d))}</ul>` : html`<p class="empty">No tokens yet.</p>`}
</section>
</div>
<div class="dash-side">${createForm(d)}</div>
</div>`;
}

/** The page after creating a token: its secret, this once, with a copy button. */
export function tokenCreatedBody(o: { token: Token; secret: string; url: string }): Html {
  const t = o.token;
  const api = `${o.url.replace(/\/+$/, '')}/api/v1/components`;
  return html`<section class="card-pad secret-card" aria-labelledby="secret-title">
<h1 id="secret-title">Token created: ${t.name}</h1>
<p class="secret-warn"><strong>Copy the secret now: you will not see it again.</strong> Flare keeps only a fingerprint of it, so nobody can show it to you later. If it is lost, revoke this token and create another.</p>
<div class="cfield"><label class="clabel" for="new-secret">Secret (${SCOPE_LABEL[t.scope].toLowerCase()} scope)</label>
<div class="secret-row"><input id="new-secret" class="secret" type="text" value="${o.secret}" readonly spellcheck="false" autocomplete="off"><button class="cbutton cbutton-quiet" type="button" data-copy="new-secret" hidden>Copy</button></div>
<p class="chint copy-status" data-copy-status aria-live="polite"></p>
</div>
<h2 class="csection-title">Using it</h2>
<p class="chint">Send it in the Authorization header of each API request, for example:</p>
<pre class="secret-example"><code>curl -H "Authorization: Bearer $FLARE_TOKEN" ${api}</code></pre>
${t.scope !== 'read' && html`<p class="chint">It can also sign in to this console.</p>`}
<p class="notice-actions"><a class="cbutton cbutton-primary" href="/console/tokens">I have copied it: back to the tokens</a></p>
</section>`;
}

/** Asks before revoking, and warns when it is the token this session is signed in with. */
export function revokeConfirmBody(o: {
  token: Token;
  current: boolean;
  lastAdmin: boolean;
  csrf: string;
}): Html {
  const t = o.token;
  const id = encodeURIComponent(t.id);
  return html`<section class="card-pad notice-card confirm-card"><h1>Revoke “${t.name}”?</h1>
<p>Anything that uses it (a script, a monitor, a CI job) is refused from its next request. This cannot be undone: to give access back, create a new token and put it where this one was.</p>
${o.current && html`<p class="warn-note"><strong>You are signed in with this token.</strong> Revoking it signs you out of the console at once; sign in again with another token.</p>`}
${o.lastAdmin && html`<p class="warn-note"><strong>It is the last active admin token.</strong> After this, only the server's command line can make a new one (<code>npx flare token create</code> or <code>npx flare signin-code</code>).</p>`}
<form method="post" action="/console/tokens/${id}/revoke" class="notice-actions">${csrfField(o.csrf)}
<button class="cbutton cbutton-danger" type="submit">Yes, revoke it</button> <a class="cbutton cbutton-quiet" href="/console/tokens">Cancel, keep it</a></form></section>`;
}
