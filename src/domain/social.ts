/**
 * The status page's social accounts (issue #11): which kinds there are, their settings from the
 * environment, and the pure rules of polling them for mentions.
 */

export const SOCIAL_KINDS = ['mastodon', 'bluesky'] as const;
export type SocialKind = (typeof SOCIAL_KINDS)[number];

export const BLUESKY_DEFAULT_SERVICE = 'https://bsky.social';
/** The Bluesky notification reasons that are someone talking to (or about) the account. */
export const BLUESKY_REASONS = ['mention', 'reply', 'quote'] as const;

/** An account is polled at most this often, however often the scheduler ticks. */
export const SOCIAL_POLL_INTERVAL_MS = 60_000;
/** A first poll (no cursor yet) takes mentions no older than this, not the account's history. */
export const FIRST_POLL_LOOKBACK_MS = 24 * 3_600_000;

/** What one account needs to be read: from the database (sealed secret opened) or the environment. */
export interface SocialSettings {
  kind: SocialKind;
  /** the Mastodon instance, or the Bluesky service (PDS) */
  url: string;
  handle: string | null;
  /** the Mastodon access token, or the Bluesky app password */
  secret: string;
}

export type SocialEnv = Partial<Record<SocialKind, SocialSettings>>;

/**
 * FLARE_MASTODON_URL + FLARE_MASTODON_TOKEN, and FLARE_BLUESKY_HANDLE + FLARE_BLUESKY_APP_PASSWORD
 * (+ FLARE_BLUESKY_SERVICE, default https://bsky.social). A half-given pair is refused at start.
 */
export function socialFromEnv(env: Record<string, string | undefined>): SocialEnv {
  const out: SocialEnv = {};
  const mUrl = env.FLARE_MASTODON_URL?.trim();
  const mToken = env.FLARE_MASTODON_TOKEN?.trim();
  if (mUrl || mToken) {
    if (!mUrl || !mToken)
      throw new Error('FLARE_MASTODON_URL and FLARE_MASTODON_TOKEN must be set together');
    out.mastodon = {
      kind: 'mastodon',
      url: mUrl,
      handle: env.FLARE_MASTODON_HANDLE?.trim() || null,
      secret: mToken,
    };
  }
  const bHandle = env.FLARE_BLUESKY_HANDLE?.trim();
  const bPassword = env.FLARE_BLUESKY_APP_PASSWORD?.trim();
  if (bHandle || bPassword) {
    if (!bHandle || !bPassword)
      throw new Error('FLARE_BLUESKY_HANDLE and FLARE_BLUESKY_APP_PASSWORD must be set together');
    out.bluesky = {
      kind: 'bluesky',
      url: env.FLARE_BLUESKY_SERVICE?.trim() || BLUESKY_DEFAULT_SERVICE,
      handle: bHandle.replace(/^@/, ''),
      secret: bPassword,
    };
  }
  return out;
}

/** One mention, ready to become an enquiry. */
export interface Mention {
  /** the post's URL or URI: the enquiry's message_id, and the key that dedupes a re-poll */
  messageId: string;
  /** the cursor to keep once this mention (and those before it) is stored; none: keep the old one */
  cursor?: string;
  from: string;
  text: string;
  subject?: string;
  receivedAt?: string;
  raw: unknown;
}

/** Mastodon ids are numbers in decimal strings (snowflakes): compares them without losing digits. */
export function compareMastodonIds(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** An ISO time from what a server sent, or undefined when it is not a time. */
export function isoOrUndefined(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** `@user@host` for a Mastodon acct (`user` alone is local to the instance). */
export function mastodonSender(acct: string, instanceUrl: string): string {
  const a = acct.replace(/^@/, '');
  if (a.includes('@')) return `@${a}`;
  let host = '';
  try {
    host = new URL(instanceUrl).host;
  } catch {}
  return host ? `@${a}@${host}` : `@${a}`;
}

/** A post's text as an enquiry's: trimmed, never empty, within the intake's limit. */
export function mentionText(text: string, max: number): string {
  const t = text.trim();
  if (!t) return '(a mention with no text)';
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * A Bluesky cursor. Plain: the last indexedAt read. While a poll is still reading back to it
 * (more new notifications than one run reads): `top|since|page`, the newest indexedAt seen, the
 * old cursor, and the listNotifications page to go on from.
 */
export interface BlueskyCursor {
  since: string | null;
  top: string | null;
  page?: string;
}

export function parseBlueskyCursor(raw: string | null): BlueskyCursor {
  if (!raw) return { since: null, top: null };
  const [top, since, ...page] = raw.split('|');
  if (!page.length) return { since: raw, top: raw };
  return { top: top || null, since: since || null, page: page.join('|') };
}

export function formatBlueskyCursor(c: BlueskyCursor): string | null {
  if (c.page) return `${c.top ?? ''}|${c.since ?? ''}|${c.page}`;
  return c.top;
}
