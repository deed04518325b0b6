/**
 * The per-channel preview: every channel a message goes out on, side by side, with the
 * linter's findings above them (errors must be fixed before publishing, warnings are advice).
 */
import { smsSegments } from '../../domain/sms.js';
import type { LintFinding } from '../../domain/templateLint.js';
import type { TemplateChannel } from '../../domain/templates.js';
import { type Html, html } from '../../lib/html.js';
import { renderMarkdown } from '../../lib/markdown.js';

export interface PreviewData {
  renderings: Record<TemplateChannel, string>;
  findings: LintFinding[];
  /** the status the update publishes as, e.g. "Investigating" */
  statusLabel: string;
  /** set when this message will wait for the approver instead of going out at once */
  approvalNote?: string | null;
}

function findingsList(findings: LintFinding[]): Html {
  if (findings.length === 0)
    return html`<p class="lint-ok"><span aria-hidden="true">✓</span> The linter found nothing to fix.</p>`;
  const sorted = [...findings].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
  );
  return html`<ul class="lint">${sorted.map(
    (f) =>
      html`<li class="lint-${f.severity}"><strong>${f.severity === 'error' ? 'Must fix' : 'Check'}</strong> ${f.message}</li>`,
  )}</ul>`;
}

function card(title: string, meta: Html | string | null, body: Html, cls: string): Html {
  return html`<section class="channel ${cls}" aria-label="${title}">
<header class="channel-head"><h3>${title}</h3>${meta && html`<span class="channel-meta">${meta}</span>`}</header>
<div class="channel-body">${body}</div>
</section>`;
}

export function previewPanel(p: PreviewData): Html {
  const r = p.renderings;
  const sms = smsSegments(r.sms);
  const social = [...r.social].length;
  const errors = p.findings.filter((f) => f.severity === 'error').length;
  return html`<div class="preview-inner">
<div class="preview-top">
  <h2>Preview: what each channel will say</h2>
  <p class="preview-verdict ${errors ? 'is-blocked' : 'is-ready'}">${errors ? `${errors} problem${errors === 1 ? '' : 's'} to fix before publishing` : 'Ready to publish'}</p>
</div>
${p.approvalNote && html`<p class="approval-note">${p.approvalNote}</p>`}
${findingsList(p.findings)}
<div class="channels">
${card('Status page', p.statusLabel, html`<div class="md">${renderMarkdown(r.page)}</div>`, 'ch-page')}
${card('Email', null, html`<p class="email-subject"><span>Subject</span> ${r.email_subject}</p><div class="md">${renderMarkdown(r.email)}</div>`, 'ch-email')}
${card(
  'SMS',
  html`<span class="${sms.segments > 1 ? 'count-bad' : 'count-ok'}">${sms.segments} segment${sms.segments === 1 ? '' : 's'}</span> · ${sms.units} chars`,
  html`<p class="sms-bubble">${r.sms}</p>`,
  'ch-sms',
)}
${card('Slack', null, html`<div class="md chat">${renderMarkdown(r.slack)}</div>`, 'ch-slack')}
${card('Microsoft Teams', null, html`<div class="md chat">${renderMarkdown(r.teams)}</div>`, 'ch-teams')}
${card(
  'Social post',
  html`<span class="${social > 280 ? 'count-bad' : 'count-ok'}">${social} / 280 characters</span>`,
  html`<p class="social-text">${r.social}</p>`,
  'ch-social',
)}
</div>
</div>`;
}

/** A free-text update: the page shows it as written; the other channels carry the same text. */
export function freeTextPreview(
  body: string,
  statusLabel: string,
  approvalNote: string | null,
): Html {
  return html`<div class="preview-inner">
<div class="preview-top"><h2>Preview</h2><p class="preview-verdict ${approvalNote ? 'is-blocked' : 'is-ready'}">${approvalNote ? 'Needs approval' : 'Ready to publish'}</p></div>
${approvalNote && html`<p class="approval-note">${approvalNote}</p>`}
<div class="channels channels-one">
${card('Status page, email, Slack and Teams', statusLabel, html`<div class="md">${renderMarkdown(body)}</div>`, 'ch-page')}
</div>
<p class="chint">SMS and social posts carry a short form of this text with a link to the status page.</p>
</div>`;
}

/** The empty panel before the first preview. */
export function previewPlaceholder(text?: string): Html {
  return html`<div class="preview-inner preview-empty"><h2>Preview</h2><p>${text ?? html`Press <strong>Preview</strong> to see the status page, email, SMS, Slack, Teams and social versions side by side, with anything the linter wants you to fix.`}</p></div>`;
}
