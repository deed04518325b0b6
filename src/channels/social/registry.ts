/** The social networks Flare reads mentions from. A new one is one file and one line here. */
import type { SocialKind } from '../../domain/social.js';
import { blueskySource } from './bluesky.js';
import { mastodonSource } from './mastodon.js';
import type { SocialSource } from './types.js';

export const socialSources: Record<SocialKind, SocialSource> = {
  mastodon: mastodonSource,
  bluesky: blueskySource,
};
