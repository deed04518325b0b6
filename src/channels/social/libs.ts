/**
 * The social networks' client libraries, loaded the first time one is used. `@atproto/api`
 * alone adds about 40 MB to each thread that loads it (the worker's and the send thread), and
 * most instances never post to Bluesky or Mastodon: loaded with the channel catalog, the two
 * took a 1,000,000 fan-out's peak RSS from 282 MB to 350 MB.
 */
export const atproto = () => import('@atproto/api');
export const masto = () => import('masto');
