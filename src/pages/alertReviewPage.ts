/**
 * The page the comms lead reaches from the signed link in an alert's notice: the draft an alert
 * opened (or the resolution its alerts propose), with one button to publish it. A GET never
 * acts (mail scanners follow links); the button POSTs. Never public or cached.
 */
import { html } from '../lib/html.js';
import type { Incident, Page } from '../store/queries/models.js';
import { noticePage } from './subscriptionPages.js';

export interface ReviewView {
  incident: Incident;
  person_name: string;
  resolution_proposed: boolean;
  console_url: string;
  /** the names of the components it names */
  component_names: string[];
}

export function alertReviewPage(page: Page, v: ReviewView, action: string): string {
  const i = v.incident;
  const first = i.updates[i.updates.length - 1];
  const resolved = i.status === 'resolved' || i.status === 'postmortem';
  const offer = i.draft ? 'publish' : v.resolution_proposed && !resolved ? 'resolve' : null;
  return noticePage(page, {
    path: '/alerts/review',
    title: i.draft ? `Draft: ${i.name}` : i.name,
    tone: i.draft || offer ? 'info' : 'ok',
    body: html`<p>${v.person_name}, ${
      i.draft
        ? 'a monitoring alert opened this draft. Nothing is public yet.'
        : offer
          ? 'every alert behind this incident has resolved. Post the resolution when you are sure.'
          : 'this incident is public.'
    }</p>
${first ? html`<blockquote>${first.body}</blockquote>` : ''}
<p>Components: ${v.component_names.length ? v.component_names.join(', ') : 'none yet'}. Severity: ${i.severity ?? 'none'}.</p>
<p><a href="${v.console_url}">Open it in the console</a> to edit before publishing.</p>`,
    actions: !offer
      ? undefined
      : html`<form method="post" action="${action}"><input type="hidden" name="do" value="${offer}"><button class="button button-lg" type="submit">${offer === 'publish' ? 'Publish' : 'Post the resolution'}</button></form>`,
  });
}

export function alertReviewDonePage(page: Page, i: Incident, what: 'publish' | 'resolve'): string {
  return noticePage(page, {
    path: '/alerts/review',
    title: what === 'publish' ? 'Published' : 'Resolution posted',
    tone: 'ok',
    body: html`<p><strong>${i.name}</strong> ${what === 'publish' ? 'is now public, and its subscribers are being told.' : 'is resolved, and its subscribers are being told.'}</p>`,
  });
}

export function alertReviewErrorPage(page: Page, status: number): string {
  return noticePage(page, {
    path: '/alerts/review',
    title:
      status === 403
        ? 'This link does not work'
        : status === 404
          ? 'Incident not found'
          : 'Something went wrong',
    tone: status === 404 ? 'warn' : 'error',
    body: html`<p>${
      status === 403
        ? 'It may be incomplete (some email apps cut long links) or it was changed. Open it again from the notice you were sent.'
        : status === 404
          ? 'This incident no longer exists.'
          : 'That did not work. Open the incident in the console instead.'
    }</p>`,
  });
}
