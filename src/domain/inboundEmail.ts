/**
 * Inbound email (issue #11): the pure rules the SMTP listener and the mailbox poller share. Which
 * recipients Flare takes mail for, which messages are automatic (auto-replies, bounces, lists)
 * and must never become an enquiry (Flare would answer them: a mail loop), the Message-IDs a
 * reply threads to, and the text of a reply without the quoted message under it.
 */

/** FLARE_INBOUND_SMTP_RCPT: exact addresses and whole domains (`support@acme.com, @help.acme.com, acme.io`). */
export interface RecipientAllowList {
  addresses: Set<string>;
  domains: Set<string>;
}

/** The allow-list from its comma-separated form; null (take any recipient) when empty. */
export function parseAllowList(raw: string | undefined): RecipientAllowList | null {
  const items = (raw ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (items.length === 0) return null;
  const list: RecipientAllowList = { addresses: new Set(), domains: new Set() };
  for (const item of items) {
    if (item.startsWith('@')) list.domains.add(item.slice(1));
    else if (item.includes('@')) list.addresses.add(item);
    else list.domains.add(item);
  }
  return list;
}

/** Whether Flare takes mail for this address (always, without a list). */
export function recipientAllowed(list: RecipientAllowList | null, address: string): boolean {
  if (!list) return true;
  const a = address.trim().toLowerCase();
  return list.addresses.has(a) || list.domains.has(a.slice(a.lastIndexOf('@') + 1));
}

/**
 * Why a message is automatic, or null for one a person wrote: an empty envelope sender (a
 * bounce, RFC 5321 §4.5.5), `Auto-Submitted` other than `no` (RFC 3834), `Precedence` bulk,
 * junk, list or auto_reply, the auto-reply headers of Exchange and others, a mailer-daemon
 * sender, or one of Flare's own messages coming back.
 */
export function automaticReason(
  header: (name: string) => string | undefined,
  envelopeFrom: string | null,
  fromAddress: string | null,
): string | null {
  if (envelopeFrom !== null && envelopeFrom.trim() === '') return 'bounce (empty MAIL FROM)';
  const auto = header('auto-submitted')?.trim().toLowerCase();
  if (auto && auto !== 'no') return `Auto-Submitted: ${auto}`;
  const precedence = header('precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence))
    return `Precedence: ${precedence}`;
  if (header('x-autoreply') || header('x-autorespond')) return 'auto-reply header';
  const suppress = header('x-auto-response-suppress')?.toLowerCase() ?? '';
  if (/\b(all|autoreply|oof)\b/.test(suppress) && header('x-ms-exchange-inbox-rules-loop'))
    return 'Exchange auto-reply';
  if (header('x-flare-delivery')) return 'one of Flare’s own messages';
  const from = (fromAddress ?? envelopeFrom ?? '').toLowerCase();
  if (/^(mailer-daemon|postmaster)@/.test(from)) return `from ${from}`;
  return null;
}

/** Message-IDs in a header value (`<a@b> <c@d>`), in order. */
export function messageIds(value: string | string[] | undefined): string[] {
  const all = (Array.isArray(value) ? value : [value ?? '']).join(' ');
  return all.match(/<[^<>\s]+>/g) ?? [];
}

/** The Message-IDs a reply may thread to, nearest first: In-Reply-To, then References from the last. */
export function threadIds(
  inReplyTo: string | undefined,
  references: string | string[] | undefined,
): string[] {
  const out: string[] = [];
  for (const id of [...messageIds(inReplyTo), ...messageIds(references).reverse()])
    if (!out.includes(id)) out.push(id);
  return out.slice(0, 20);
}

/**
 * A reply's own words: the text above the quoted message (`On … wrote:` followed by `>` lines,
 * or Outlook's `-----Original Message-----`). A text that is all quote is kept whole.
 */
export function withoutQuote(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let cut = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (/^-{2,}\s*original message\s*-{2,}$/i.test(l)) {
      cut = i;
      break;
    }
    const quoteFollows = (lines[i + 1] ?? '').trim().startsWith('>') || l.startsWith('>');
    if (/^on\b.*\bwrote:$/i.test(l) && quoteFollows) {
      cut = i;
      break;
    }
    if (
      l.startsWith('>') &&
      lines.slice(i).every((x) => x.trim() === '' || x.trim().startsWith('>'))
    ) {
      cut = i;
      break;
    }
  }
  const own = lines.slice(0, cut).join('\n').trim();
  return own || text.trim();
}

/** When the sender says it was sent, unless missing or more than five minutes ahead of now. */
export function sentAt(date: Date | undefined, now: Date): string {
  const t = date?.getTime();
  if (t === undefined || Number.isNaN(t) || t > now.getTime() + 300_000) return now.toISOString();
  return new Date(t).toISOString();
}
