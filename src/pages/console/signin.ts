/** The sign-in screen: paste an API token with write or admin scope. */
import { type Html, html } from '../../lib/html.js';

export interface SigninState {
  error?: string | null;
  /** why the last session ended: expired, revoked or signed_out */
  why?: string | null;
  next?: string | null;
  /** a sign-in code from a link: the page offers one button that spends it */
  code?: string | null;
}

const WHY: Record<string, string> = {
  expired: 'Your session expired. Please sign in again.',
  revoked: 'Your token was revoked or lost its write access, so you were signed out.',
  signed_out: 'You are signed out.',
};

export function signinBody(s: SigninState): Html {
  if (s.code) return codeBody(s.code, s.next ?? null);
  const why = s.why ? WHY[s.why] : null;
  return html`<div class="signin">
<section class="card-pad signin-card" aria-labelledby="signin-title">
<h1 id="signin-title">Sign in to the console</h1>
<p class="chint">Declare incidents, post updates and keep every promise to your customers.</p>
${why && html`<p class="flash flash-warn" role="status">${why}</p>`}
<form method="post" action="/console/signin" class="cform" novalidate>
${s.next && html`<input type="hidden" name="next" value="${s.next}">`}
<div class="cfield${s.error ? ' has-error' : ''}">
<label class="clabel" for="f-token">API token or sign-in code</label>
<p class="chint" id="token-hint">Paste a token with <strong>write</strong> or <strong>admin</strong> scope (create one with <code>flare token create --name "Your name" --scope write</code>), or a one-time sign-in code from <code>flare signin-code</code>.</p>
<input id="f-token" name="token" type="password" autocomplete="off" spellcheck="false" autofocus aria-describedby="token-hint${s.error ? ' token-error' : ''}" ${s.error && html`aria-invalid="true"`}>
${s.error && html`<p class="field-error" id="token-error">${s.error}</p>`}
</div>
<button class="cbutton cbutton-primary cbutton-lg cbutton-block" type="submit">Sign in</button>
</form>
<p class="chint signin-note">Your token is checked, then forgotten: the console keeps only a signed session cookie for 12 hours. Everything you do is recorded under the token's name.</p>
</section>
</div>`;
}

/** The page a sign-in code link opens: one button posts the code, which then works no more. */
function codeBody(code: string, next: string | null): Html {
  return html`<div class="signin">
<section class="card-pad signin-card" aria-labelledby="signin-title">
<h1 id="signin-title">Sign in to the console</h1>
<p class="chint">This link holds a one-time sign-in code. It works once, within 10 minutes of being made.</p>
<form method="post" action="/console/signin" class="cform">
<input type="hidden" name="code" value="${code}">
${next && html`<input type="hidden" name="next" value="${next}">`}
<button class="cbutton cbutton-primary cbutton-lg cbutton-block" type="submit" autofocus>Continue to the console</button>
</form>
<p class="chint signin-note">Not expecting this? Close the page: nothing happens until the button is pressed.</p>
</section>
</div>`;
}
