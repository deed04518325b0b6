/** The page a team member reaches from the signed link in an assignment notice. Never public or cached. */

import { html } from '../lib/html.js';
import type { Page } from '../store/queries/models.js';
import { noticePage, type Tone } from './subscriptionPages.js';

export interface AckView {
  incident_name: string;
  role_name: string;
  person_name: string;
  acked_at: string | null;
}

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** Asks for the click: a GET never acknowledges (mail scanners follow links). */
export function ackAskPage(page: Page, a: AckView, action: string): string {
  if (a.acked_at) return ackDonePage(page, a);
  return noticePage(page, {
    path: '/team/ack',
    title: `You are ${a.role_name}`,
    tone: 'info',
    body: html`<p>${a.person_name}, you have been made <strong>${a.role_name}</strong> for <strong>${a.incident_name}</strong>.</p>
<p>Acknowledge to let the team know you are on it. Until you do, the role escalates to the next person on call.</p>`,
    actions: html`<form method="post" action="${action}"><button class="button button-lg" type="submit">Acknowledge</button></form>`,
  });
}

export function ackDonePage(page: Page, a: AckView): string {
  return noticePage(page, {
    path: '/team/ack',
    title: 'Acknowledged',
    tone: 'ok',
    body: html`<p>Thank you, ${a.person_name}. You are <strong>${a.role_name}</strong> for <strong>${a.incident_name}</strong>${a.acked_at ? html` (acknowledged ${when(a.acked_at)})` : ''}.</p>`,
  });
}

const ERRORS: Record<number, { title: string; text: string; tone: Tone }> = {
  403: {
    title: 'This link does not work',
    text: 'It may be incomplete (some email apps cut long links) or it was changed. Open it again from the notice you were sent.',
    tone: 'error',
  },
  404: {
    title: 'Assignment not found',
    text: 'This role is not assigned on this incident any more.',
    tone: 'warn',
  },
  409: {
    title: 'This role was handed on',
    text: 'Someone else holds this role now, so there is nothing for you to acknowledge.',
    tone: 'warn',
  },
  500: {
    title: 'Something went wrong',
    text: 'That did not work on our side, and it has been logged. Please try again in a moment.',
    tone: 'error',
  },
};

export function ackErrorPage(page: Page, status: number): string {
  const e = ERRORS[status] ?? ERRORS[500];
  return noticePage(page, {
    path: '/team/ack',
    title: e.title,
    tone: e.tone,
    body: html`<p>${e.text}</p>`,
  });
}
