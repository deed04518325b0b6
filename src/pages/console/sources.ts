/**
 * The Enquiry sources screen: where customers write from, and how each place is connected so
 * that what they write lands in the inbox. One card per helpdesk or phone webhook (its URL to
 * paste into the vendor, what the vendor sends, a write-only secret form, a Disconnect step), one
 * per social network (the account's settings, a write-only token, how the last read went), and
 * one explaining email. Secrets are never put back into the page. Admins only.
 */
import { type Html, html } from '../../lib/html.js';
import {
  csrfField,
  type Errors,
  errorSummary,
  field,
  onceField,
  otherErrors,
  pill,
  textField,
  type Values,
  when,
} from './parts.js';

/** What the page needs to know of one inbound source (src/inbound/, one descriptor each). */
export interface InboundCard {
  name: string;
  title: string;
  /** the environment variable that may hold the secret instead */
  env: string;
  /** what the secret is on the vendor's side */
  secretName: string;
  /** where the secret in use comes from: saved in Flare (wins), the environment, or none */
  from: 'api' | 'env' | null;
  /** the environment variable is set (whether or not a saved secret overrides it) */
  envSet: boolean;
  savedAt: string | null;
  count: number;
  last: string | null;
}

export interface SocialCard {
  kind: 'mastodon' | 'bluesky';
  title: string;
  /** undefined: neither stored nor in the environment */
  account?: {
    url: string | null;
    handle: string | null;
    settings_from: 'api' | 'env';
    enabled: boolean;
    post_updates: boolean;
    last_polled_at: string | null;
    last_ok_at: string | null;
    last_error: string | null;
    last_error_at: string | null;
  };
  /** a row is stored (so Disconnect has something to forget) */
  stored: boolean;
  count: number;
  last: string | null;
}

export interface SourcesData {
  inbound: InboundCard[];
  social: SocialCard[];
  email: { count: number; last: string | null };
  /** where the inbound SMTP listener listens (FLARE_INBOUND_SMTP_PORT); null: it is off */
  smtp: { host: string; port: number } | null;
  /** the status page's public URL: the webhook URLs start with it */
  publicUrl: string;
  zone: string;
  csrf: string;
  /** a form sent back with problems: which card, as typed (secrets left out), and why */
  form?: { target: string; values: Values; errors: Errors };
}

/** What each vendor sends and where its secret is, in one line (docs/enquiries.md, "Inbound sources"). */
const VENDOR: Record<string, { label: string; sends: string; where: string }> = {
  zendesk: {
    label: 'Signing secret',
    sends:
      'Zendesk signs every request with the webhook’s signing secret (the X-Zendesk-Webhook-Signature and X-Zendesk-Webhook-Signature-Timestamp headers); choose no authentication.',
    where:
      'Admin Center → Apps and integrations → Webhooks → Create webhook (Trigger or automation), method POST, format JSON. Then open the webhook and reveal its signing secret.',
  },
  freshdesk: {
    label: 'Shared secret',
    sends:
      'Freshdesk signs nothing: add the custom header X-Flare-Webhook-Secret with the secret you choose here (or tick “Requires authentication” and use it as the password).',
    where:
      'Admin → Workflows → Automations → Ticket creation → action Trigger webhook, request type POST, encoding JSON. Choose a secret of 16 characters or more.',
  },
  intercom: {
    label: 'Client secret',
    sends:
      'Intercom signs every request with your app’s client secret (the X-Hub-Signature header).',
    where:
      'Developer Hub → your app → Webhooks, topics conversation.user.created and conversation.user.replied. The client secret is under Basic information.',
  },
  twilio: {
    label: 'Auth token',
    sends:
      'Twilio signs every request with the account’s auth token (the X-Twilio-Signature header).',
    where:
      'Console → Phone Numbers → your number → “A message comes in” and “A call comes in”: Webhook, HTTP POST. The auth token is on the account’s dashboard.',
  },
};

export const SOCIAL_LABELS: Record<string, Record<string, string>> = {
  mastodon: {
    url: 'Instance URL',
    handle: 'Handle',
    access_token: 'Access token',
    app_password: 'App password',
  },
  bluesky: {
    url: 'Service URL',
    handle: 'Handle',
    app_password: 'App password',
    access_token: 'Access token',
  },
};

export const inboundLabels = (name: string): Record<string, string> => ({
  secret: VENDOR[name]?.label ?? 'Secret',
});

const SOCIAL_FIELDS = ['url', 'handle', 'access_token', 'app_password', 'enabled'];

function tally(count: number, last: string | null, zone: string): Html {
  return count
    ? html`<p class="src-meta">${count.toLocaleString('en-GB')} ${count === 1 ? 'enquiry' : 'enquiries'} received · last one ${when(last ?? '', zone)}</p>`
    : html`<p class="src-meta">No enquiries received from here yet.</p>`;
}

function formOf(d: SourcesData, target: string): { values: Values; errors: Errors } | undefined {
  return d.form?.target === target ? d.form : undefined;
}

/** A public URL that no vendor on the internet can call. */
function unreachable(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      u.protocol !== 'https:' ||
      /^(localhost|127\.|0\.0\.0\.0|10\.|192\.168\.|\[::1\])/.test(u.hostname) ||
      u.hostname.endsWith('.local')
    );
  } catch {
    return true;
  }
}

function inboundState(s: InboundCard, zone: string): Html {
  if (s.from === 'api')
    return html`${pill('Connected via console', 'ok')}
<p class="src-meta">Secret saved ${s.savedAt ? when(s.savedAt, zone) : ''}.${s.envSet ? html` The environment variable <code>${s.env}</code> is also set; the secret saved here is the one used, and Disconnect makes <code>${s.env}</code> apply again.` : ''}</p>`;
  if (s.from === 'env')
    return html`${pill(`Connected via environment variable ${s.env}`, 'ok')}
<p class="src-meta">A secret saved here would override <code>${s.env}</code>. To disconnect it, remove the variable from the server’s environment.</p>`;
  return html`${pill('Not connected', 'plain')}
<p class="src-meta">${s.title} is refused until a secret is saved here (or set in <code>${s.env}</code>).</p>`;
}

function inboundCard(s: InboundCard, d: SourcesData): Html {
  const v = VENDOR[s.name] ?? { label: 'Secret', sends: `Send ${s.secretName}.`, where: '' };
  const f = formOf(d, s.name);
  const errors = f?.errors ?? {};
  const p = `${s.name}-`;
  const url = `${d.publicUrl.replace(/\/+$/, '')}/api/v1/inbound/${s.name}`;
  const sent = encodeURIComponent(s.name);
  return html`<section class="card-pad src-card" id="${s.name}" aria-labelledby="${p}title">
<div class="src-head"><h3 id="${p}title">${s.title}</h3>${inboundState(s, d.zone)}</div>
${tally(s.count, s.last, d.zone)}
<div class="src-field"><span class="clabel" id="${p}url-label">Webhook URL to paste into ${s.title}</span>
<code class="src-url" aria-labelledby="${p}url-label">${url}</code></div>
<p class="chint"><strong>What ${s.title} must send:</strong> ${v.sends}</p>
${v.where && html`<p class="chint"><strong>Where:</strong> ${v.where}</p>`}
${errorSummary(errors, { fields: ['secret'], idPrefix: p, id: `${p}errors`, lead: 'Nothing was saved.' })}
${otherErrors(errors, ['secret'])}
<form class="cform src-form" method="post" action="/console/sources/inbound/${sent}" novalidate>
${csrfField(d.csrf)}${onceField()}
${field({
  name: 'secret',
  label: v.label,
  help: s.from
    ? 'Saving replaces the secret in use. It is stored encrypted and never shown again.'
    : 'Stored encrypted and never shown again, not even to admins.',
  errors,
  idPrefix: p,
  control: html`<input id="f-${p}secret" name="secret" type="password" value="" maxlength="512" autocomplete="new-password" spellcheck="false" aria-describedby="${p}secret-hint${errors.secret ? html` ${p}secret-error` : ''}" ${errors.secret && html`aria-invalid="true"`}>`,
})}
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">${s.from === 'api' ? 'Replace secret' : 'Save secret'}<span class="sr-only"> for ${s.title}</span></button>
${s.from === 'api' && html`<a class="cbutton cbutton-danger" href="/console/sources/inbound/${sent}/disconnect">Disconnect…<span class="sr-only"> ${s.title}</span></a>`}</div>
</form>
</section>`;
}

/** The poller's last error in words a comms lead can act on; the raw text stays one click away. */
export function plainSocialError(raw: string): string {
  const t = raw.toLowerCase();
  if (/^(401|403)\b|unauthori|invalid.*token|authenticat|password/.test(t))
    return 'The network refused the token or app password (it may have been revoked). Make a new one and save it below.';
  if (/cannot be opened|secret key|unseal/.test(t))
    return 'The saved token can no longer be read (the server’s secret key changed). Save it again below.';
  if (/^429\b|rate ?limit/.test(t))
    return 'The network asked Flare to slow down. It tries again on its own in a minute.';
  if (/^5\d\d\b/.test(t))
    return 'The network’s server had a problem. Flare tries again every minute.';
  if (/url /.test(t))
    return `The server address is not usable: ${raw.replace(/^the \w+ URL /, '')}.`;
  if (/enotfound|econnrefused|etimedout|timeout|fetch failed|network|socket/.test(t))
    return 'Flare could not reach the server. Check the address; Flare tries again every minute.';
  return 'Reading mentions failed. Flare tries again every minute.';
}

function socialState(s: SocialCard, d: SourcesData): Html {
  const a = s.account;
  if (!a)
    return html`${pill('Not connected', 'plain')}<p class="src-meta">Mentions of your ${s.title} account are not read yet.</p>`;
  const envNames =
    s.kind === 'mastodon'
      ? 'FLARE_MASTODON_URL and FLARE_MASTODON_TOKEN'
      : 'FLARE_BLUESKY_HANDLE and FLARE_BLUESKY_APP_PASSWORD';
  const where =
    a.settings_from === 'env'
      ? pill(`Connected via environment variables ${envNames}`, 'ok')
      : pill('Connected via console', 'ok');
  return html`${where} ${!a.enabled && pill('Paused', 'warn')} ${a.last_error && pill('Last read failed', 'bad')}
<p class="src-meta">${a.handle ? html`<strong>${a.handle}</strong> on ` : ''}${a.url ?? ''} · Last read ${a.last_polled_at ? when(a.last_polled_at, d.zone) : html`<em>not yet</em>`}</p>
${a.settings_from === 'env' && html`<p class="src-meta">Settings saved here would override the environment variables.</p>`}
${
  a.last_error &&
  html`<div class="src-error"><p><strong>What went wrong${a.last_error_at ? html` (${when(a.last_error_at, d.zone)})` : ''}:</strong> ${plainSocialError(a.last_error)}</p>
<details><summary>Technical details</summary><p class="src-raw">${a.last_error}</p></details></div>`
}`;
}

function socialCard(s: SocialCard, d: SourcesData): Html {
  const f = formOf(d, s.kind);
  const errors = f?.errors ?? {};
  const a = s.account;
  const values: Values = f?.values ?? {
    url: a?.url ?? (s.kind === 'bluesky' ? 'https://bsky.social' : ''),
    handle: a?.handle ?? '',
    enabled: a && !a.enabled ? '' : '1',
    post_updates: a?.post_updates ? '1' : '',
  };
  const p = `${s.kind}-`;
  const o = { values, errors, idPrefix: p };
  const has = !!a && a.settings_from === 'api';
  const keep = has ? ' Leave it empty to keep the saved one.' : '';
  const secret =
    s.kind === 'mastodon'
      ? {
          name: 'access_token',
          label: 'Access token',
          help: `On your instance: Preferences → Development → New application, scope read:notifications only; copy “Your access token”. Never shown again.${keep}`,
        }
      : {
          name: 'app_password',
          label: 'App password',
          help: `Settings → Privacy and security → App passwords → Add App Password (xxxx-xxxx-xxxx-xxxx). Never the account’s own password. Never shown again.${keep}`,
        };
  const bad = errors[secret.name];
  const kind = encodeURIComponent(s.kind);
  return html`<section class="card-pad src-card" id="${s.kind}" aria-labelledby="${p}title">
<div class="src-head"><h3 id="${p}title">${s.title}</h3>${socialState(s, d)}</div>
${tally(s.count, s.last, d.zone)}
${errorSummary(errors, { fields: SOCIAL_FIELDS, idPrefix: p, id: `${p}errors`, lead: 'Nothing was saved.' })}
${otherErrors(errors, SOCIAL_FIELDS)}
<form class="cform src-form" method="post" action="/console/sources/social/${kind}" novalidate>
${csrfField(d.csrf)}${onceField()}
${
  s.kind === 'mastodon'
    ? html`${textField({ ...o, name: 'url', label: 'Instance URL', help: 'Where the status account lives, e.g. https://mastodon.social', type: 'url', maxlength: 2000, placeholder: 'https://mastodon.social' })}
${textField({ ...o, name: 'handle', label: 'Handle (optional)', help: 'The status account, e.g. @status@mastodon.social', maxlength: 253 })}`
    : html`${textField({ ...o, name: 'handle', label: 'Handle', help: 'The status account, e.g. status.example.com', maxlength: 253 })}
${textField({ ...o, name: 'url', label: 'Service URL', help: 'Leave as https://bsky.social unless the account lives on its own server.', type: 'url', maxlength: 2000 })}`
}
${field({
  name: secret.name,
  label: secret.label,
  help: secret.help,
  errors,
  idPrefix: p,
  control: html`<input id="f-${p}${secret.name}" name="${secret.name}" type="password" value="" maxlength="4096" autocomplete="new-password" spellcheck="false" aria-describedby="${p}${secret.name}-hint${bad ? html` ${p}${secret.name}-error` : ''}" ${bad && html`aria-invalid="true"`}>`,
})}
<input type="hidden" name="enabled_shown" value="1">
<label class="ccheck"><input type="checkbox" name="enabled" value="1" ${values.enabled === '1' && 'checked'}> Read mentions from this account (untick to pause)</label>
<label class="ccheck"><input type="checkbox" name="post_updates" value="1" ${values.post_updates === '1' && 'checked'}> Post each public update to this account, later ones in the incident’s thread${s.kind === 'mastodon' ? ' (the token needs write:statuses)' : ''}</label>
<div class="form-end"><button class="cbutton cbutton-primary" type="submit">Save<span class="sr-only"> ${s.title} account</span></button>
${s.stored && a?.settings_from === 'api' && html`<a class="cbutton cbutton-danger" href="/console/sources/social/${kind}/disconnect">Disconnect…<span class="sr-only"> ${s.title}</span></a>`}</div>
</form>
</section>`;
}

function emailCard(d: SourcesData): Html {
  return html`<section class="card-pad src-card" id="email" aria-labelledby="email-title">
<div class="src-head"><h3 id="email-title">Email</h3>${d.smtp ? pill(`Listening on port ${d.smtp.port}`, 'ok') : pill('Set up on the server', 'info')}</div>
${tally(d.email.count, d.email.last, d.zone)}
${d.smtp && html`<p>Flare takes mail for enquiries at <code>${d.smtp.host}:${d.smtp.port}</code>. Forward your support mailbox there.</p>`}
<p>Flare can receive email itself: whoever runs the server sets <code>FLARE_INBOUND_SMTP_PORT</code> (the port Flare listens on for mail) and points mail for a support address at it. Then forward your support mailbox to that address, and every email becomes an enquiry, answered from the inbox in the same thread.</p>
<p class="chint">This is not set from the console. Ask whoever runs Flare to set <code>FLARE_INBOUND_SMTP_PORT</code>; the steps are in the project’s documentation, <code>docs/enquiries.md</code>.</p>
</section>`;
}

export function sourcesBody(d: SourcesData): Html {
  const head = html`<div class="page-title"><h1>Enquiry sources</h1><p class="chint">Connect the places customers write from, so that what they write comes into the <a href="/console/enquiries">Enquiries</a> inbox: matched to their account, linked to the incident and scored.</p></div>`;
  return html`${head}
${unreachable(d.publicUrl) && html`<p class="warn-note src-warn"><strong>Vendors cannot reach ${d.publicUrl}.</strong> The webhook URLs below start with the status page’s public URL; set it to the https address the internet sees in <a href="/console/settings">Settings</a>.</p>`}
<h2 class="csection-title src-section">Helpdesks, chat and phone</h2>
<div class="src-grid">${d.inbound.map((s) => inboundCard(s, d))}</div>
<h2 class="csection-title src-section">Social networks</h2>
<div class="src-grid">${d.social.map((s) => socialCard(s, d))}</div>
<h2 class="csection-title src-section">Email</h2>
<div class="src-grid">${emailCard(d)}</div>`;
}

/** Only admins connect sources: the secrets they hold open the door to the inbox. */
export function sourcesRefusedBody(): Html {
  return html`<div class="page-title"><h1>Enquiry sources</h1></div>
<p class="approval-note">You are signed in with a token that can post incidents but not connect enquiry sources. To see and change them, sign in with an admin token.</p>`;
}

/** Asks before forgetting a source's secret or account. */
export function disconnectConfirmBody(o: {
  title: string;
  action: string;
  /** what happens next, in a sentence */
  after: string;
  csrf: string;
}): Html {
  return html`<section class="card-pad notice-card confirm-card"><h1>Disconnect ${o.title}?</h1>
<p>${o.after}</p>
<form method="post" action="${o.action}" class="notice-actions">${csrfField(o.csrf)}<input type="hidden" name="confirm" value="yes">
<button class="cbutton cbutton-danger" type="submit">Yes, disconnect it</button> <a class="cbutton cbutton-quiet" href="/console/sources">Cancel, keep it</a></form></section>`;
}
