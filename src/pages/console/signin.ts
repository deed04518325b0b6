/** The sign-in screen: paste an API token with write or admin scope. */
import { type Html, html } from '../../lib/html.js';

export interface SigninState {
  error?: string | null;
  /** why the last session ended: expired, revoked or signed_out */
  why?: string | null;
  next?: string | null;
}

const WHY: Record<string, string> = {
  expired: 'Your session expired. Please sign in again.',
  revoked: 'Your token was revoked or lost its write access, so you were signed out.',
  signed_out: 'You are signed out.',
};

export function signinBody(s: SigninState): Html {
  const why = s.why ? WHY[s.why] : null;
  return html`<div class="signin">
<section class="card-pad signin-card" aria-labelledby="signin-title">
<h1 id="signin-title">Sign in to the console</h1>
<p class="chint">Declare incidents, post updates and keep every promise to your customers.</p>
${why && html`<p class="flash flash-warn" role="status">${why}</p>`}
<form method="post" action="/console/signin" class="cform" novalidate>
${s.next && html`<input type="hidden" name="next" value="${s.next}">`}
<div class="cfield${s.error ? ' has-error' : ''}">
<label class="clabel" for="f-token">API token</label>
<p class="chint" id="token-hint">Paste a token with <strong>write</strong> or <strong>admin</strong> scope. Create one with <code>flare token create --name "Your name" --scope write</code>.</p>
<input id="f-token" name="token" type="password" autocomplete="off" spellcheck="false" autofocus aria-describedby="token-hint${s.error ? ' token-error' : ''}" ${s.error && html`aria-invalid="true"`}>
${s.error && html`<p class="field-error" id="token-error">${s.error}</p>`}
</div>
<button class="cbutton cbutton-primary cbutton-lg cbutton-block" type="submit">Sign in</button>
</form>
<p class="chint signin-note">Your token is checked, then forgotten: the console keeps only a signed session cookie for 12 hours. Everything you do is recorded under the token's name.</p>
</section>
</div>`;
}
