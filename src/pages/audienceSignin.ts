/**
 * The sign-in pages of a private audience page (`/a/{key}/signin`): the form that asks for a
 * contact address, the same answer whatever the address, and the button that spends an
 * emailed link (a GET never signs in: link scanners must not use up the link).
 */
import { type Html, html } from '../lib/html.js';
import type { Page } from '../store/queries/models.js';
import type { SnapshotView } from '../store/queries/snapshot.js';
import { layout } from './layout.js';
import { noticePage } from './subscriptionPages.js';

export function privateView(key: string, name: string): SnapshotView {
  return { base: `/a/${key}`, audience: { key, name } };
}

export function audienceSigninPage(
  page: Page,
  view: SnapshotView,
  o: { email?: string; error?: string | null; why?: string } = {},
): string {
  const bad = Boolean(o.error);
  const note: Html | null =
    o.why === 'signed_out'
      ? html`<p class="form-ok" role="status">You are signed out.</p>`
      : o.why === 'link'
        ? html`<p class="form-alert" role="alert">That sign-in link does not work any more: each link works once, for 15 minutes. Ask for a new one below.</p>`
        : null;
  const body = html`<div class="narrow">
<div class="page-head"><h1>Sign in to ${view.audience.name}</h1>
<p class="section-note">This status page is private. Enter the email address ${page.name} knows you by, and we will send you a sign-in link.</p></div>
<form class="card form-card form" method="post" action="${view.base}/signin" novalidate>
${note}
<div class="field field-email${bad ? ' has-error' : ''}"><label class="label" for="email">Email address</label>
<input type="email" id="email" name="email" value="${o.email ?? ''}" placeholder="you@example.com" autocomplete="email" required${bad ? html` aria-invalid="true" aria-describedby="email-error"` : ''}>
<p class="hint">The link works once, for 15 minutes.</p>
${bad && html`<p class="field-error" id="email-error">Email address ${o.error}.</p>`}</div>
<div class="form-actions"><button class="button button-lg" type="submit">Email me a sign-in link</button></div>
</form>
</div>`;
  return layout({ page, path: `${view.base}/signin`, title: 'Sign in', body, view });
}

/** The one answer to every sign-in request: it never tells whether the address is known. */
export function audienceLinkSentPage(page: Page, view: SnapshotView): string {
  return noticePage(page, {
    path: `${view.base}/signin`,
    title: 'Check your inbox',
    tone: 'info',
    body: html`<p>If that address belongs to this page, a link is on its way. It works once, for 15 minutes.</p>
<p>Nothing there after a few minutes? Check your spam folder, or <a href="${view.base}/signin">try again</a>.</p>`,
    view,
  });
}

/** The page an emailed link opens: one button, which spends the link. */
export function audienceLinkPage(page: Page, view: SnapshotView, action: string): string {
  return noticePage(page, {
    path: `${view.base}/signin`,
    title: `Sign in to ${view.audience.name}`,
    tone: 'info',
    body: html`<p>Continue to open the private status page. This link then stops working.</p>`,
    actions: html`<form method="post" action="${action}"><button class="button button-lg" type="submit">Continue</button></form>`,
    view,
  });
}
