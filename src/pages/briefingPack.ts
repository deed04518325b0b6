/** The briefing pack as HTML: the same fragment on the signed page and in the console. */
import type { BriefingPack } from '../domain/briefing.js';
import { type Html, html } from '../lib/html.js';

const when = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '');

/** The pack's sections, headed at `level` (h2 by default). */
export function packSections(p: BriefingPack): Html {
  const tiers = Object.entries(p.affected.accounts_by_tier);
  return html`<section class="briefing-pack">
<h2>Statement <small>(${p.stage}${p.statement_at ? `, ${when(p.statement_at)}` : ''})</small></h2>
${p.statement ? html`<blockquote class="briefing-statement">${p.statement.split(/\r?\n/).map((l) => html`<p>${l}</p>`)}</blockquote>` : html`<p>No public statement yet.</p>`}
<p><strong>Next update:</strong> ${p.next_update_at ? when(p.next_update_at) : 'none promised'}</p>
<h2>Say</h2>
<ul>${p.say.map((s) => html`<li>${s}</li>`)}</ul>
<h2>Do not say</h2>
<ul>${p.avoid.map((s) => html`<li>${s}</li>`)}</ul>
<h2>Approved answers</h2>
${p.faq.length ? html`<dl class="briefing-faq">${p.faq.map((f) => html`<dt>${f.q}</dt><dd>${f.a}</dd>`)}</dl>` : html`<p>None.</p>`}
<h2>Who is affected</h2>
<p><strong>Components:</strong> ${p.affected.components.join(', ') || 'none named'}</p>
<p><strong>Accounts by tier:</strong> ${tiers.length ? tiers.map(([t, n]) => `${t}: ${n}`).join(', ') : 'none on record'}</p>
<p><strong>Key accounts:</strong> ${p.affected.key_accounts.map((a) => `${a.name} (${a.tier})`).join(', ') || 'none'}</p>
<h2>Escalate to</h2>
${
  p.escalation_contacts.length
    ? html`<ul>${p.escalation_contacts.map(
        (c) =>
          html`<li>${c.role_name}: <strong>${c.name}</strong>${c.email ? html` · ${c.email}` : ''}${c.phone ? html` · ${c.phone}` : ''}</li>`,
      )}</ul>`
    : html`<p>Nobody is assigned yet: ask the incident lead.</p>`
}
</section>`;
}
