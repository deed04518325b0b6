/** The pure pieces of the social source: settings from the environment, Mastodon ids, post text, sealed credentials. */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareMastodonIds,
  mastodonSender,
  mentionText,
  socialFromEnv,
} from '../../src/domain/social.js';
import { htmlToText } from '../../src/lib/htmlText.js';
import { seal, unseal } from '../../src/lib/secretBox.js';

describe('socialFromEnv', () => {
  it('reads both accounts, with the Bluesky service defaulting to bsky.social', () => {
    expect(
      socialFromEnv({
        FLARE_MASTODON_URL: 'https://mastodon.social',
        FLARE_MASTODON_TOKEN: 'tok',
        FLARE_BLUESKY_HANDLE: '@status.acme.com',
        FLARE_BLUESKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop',
      }),
    ).toEqual({
      mastodon: { kind: 'mastodon', url: 'https://mastodon.social', handle: null, secret: 'tok' },
      bluesky: {
        kind: 'bluesky',
        url: 'https://bsky.social',
        handle: 'status.acme.com',
        secret: 'abcd-efgh-ijkl-mnop',
      },
    });
    expect(socialFromEnv({})).toEqual({});
  });
  it('refuses half a setting', () => {
    expect(() => socialFromEnv({ FLARE_MASTODON_URL: 'https://m.test' })).toThrow(
      /FLARE_MASTODON_TOKEN/,
    );
    expect(() => socialFromEnv({ FLARE_BLUESKY_APP_PASSWORD: 'x' })).toThrow(
      /FLARE_BLUESKY_HANDLE/,
    );
  });
});

describe('Mastodon ids and senders', () => {
  it('compares ids as numbers of any length', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 80n }),
        fc.bigInt({ min: 0n, max: 2n ** 80n }),
        (a, b) => {
          expect(Math.sign(compareMastodonIds(String(a), String(b)))).toBe(
            a < b ? -1 : a > b ? 1 : 0,
          );
        },
      ),
    );
  });
  it('qualifies a local acct with the instance host', () => {
    expect(mastodonSender('dave', 'https://masto.test')).toBe('@dave@masto.test');
    expect(mastodonSender('carol@other.test', 'https://masto.test')).toBe('@carol@other.test');
  });
});

describe('post text', () => {
  it('turns Mastodon HTML into text, keeping paragraphs and decoding entities once', () => {
    expect(
      htmlToText(
        '<p>Hi <span class="h-card"><a href="x" class="u-url mention">@<span>status</span></a></span> a &amp; b &lt;c&gt;</p><p>line<br>two &amp;#39;</p><script>alert(1)</script>',
      ),
    ).toBe('Hi @status a & b <c>\n\nline\ntwo &#39;');
  });
  it('never hands the intake an empty or over-long text', () => {
    expect(mentionText('  ', 10)).toBe('(a mention with no text)');
    expect(mentionText('x'.repeat(20), 10)).toHaveLength(10);
  });
});

describe('sealed credentials', () => {
  const key = randomBytes(32);
  it('opens only with the same key and purpose', () => {
    const s = seal(key, 'social:mastodon', 'secret-token');
    expect(s).not.toContain('secret-token');
    expect(unseal(key, 'social:mastodon', s)).toBe('secret-token');
    expect(() => unseal(key, 'social:bluesky', s)).toThrow(/secret key/);
    expect(() => unseal(randomBytes(32), 'social:mastodon', s)).toThrow(/secret key/);
    expect(seal(key, 'p', 'same')).not.toBe(seal(key, 'p', 'same'));
  });
});
