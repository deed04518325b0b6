/** The page a team member reaches from the signed link in a briefing notice. Never public or cached. */
import type { BriefingPack } from '../domain/briefing.js';
import { html } from '../lib/html.js';
import type { Page } from '../store/queries/models.js';
import { packSections } from './briefingPack.js';
import { noticePage } from './subscriptionPages.js';

export interface BriefingPageView {
  version: number;
  latest: number;
  pack: BriefingPack;
  person_name: string;
  read_at: string | null;
}

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** The pack, printable, with a button that records the reading (a GET never records: mail scanners follow links). */
export function briefingReadPage(page: Page, v: BriefingPageView, action: string): string {
  const newer =
    v.latest > v.version
      ? html`<p class="briefing-newer"><strong>There is a newer version (${v.latest}).</strong> Open the link in its notice.</p>`
      : '';
  return noticePage(page, {
    path: '/briefing',
    title: `Briefing v${v.version}: ${v.pack.incident_name}`,
    tone: v.read_at ? 'ok' : 'info',
    body: html`<p>For ${v.person_name}. Use these words with customers.</p>${newer}${packSections(v.pack)}`,
    actions: v.read_at
      ? html`<p>You confirmed reading this version at ${when(v.read_at)}. Thank you.</p>`
      : html`<form method="post" action="${action}"><button class="button button-lg" type="submit">I have read version ${v.version}</button></form>`,
  });
}

export function briefingErrorPage(page: Page, status: number): string {
  const bad = status === 403;
  return noticePage(page, {
    path: '/briefing',
    title: bad
      ? 'This link does not work'
      : status === 404
        ? 'Briefing not found'
        : 'Something went wrong',
    tone: bad ? 'error' : 'warn',
    body: html`<p>${bad ? 'It may be incomplete (some email apps cut long links) or it was changed. Open it again from the notice you were sent.' : 'Open the link from your latest briefing notice, or ask the comms lead.'}</p>`,
  });
}

/** The pack alone, for paper (the console's Print link). */
export function briefingPrintPage(page: Page, version: number, pack: BriefingPack): string {
  return noticePage(page, {
    path: '/briefing',
    title: `Briefing v${version}: ${pack.incident_name}`,
    tone: 'info',
    body: html`<p>For the customer-facing team. Use these words with customers.</p>${packSections(pack)}`,
  });
}
