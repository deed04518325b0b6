/**
 * The channels Flare can deliver through. A new channel is one file (its descriptor, see
 * types.ts; a chat webhook is a few lines over chatWebhook.ts) and one line here.
 * catalog.ts reads this list for everything else.
 */
export { bluesky } from './bluesky.js';
export { discord } from './discord.js';
export { email } from './email.js';
export { googleChat } from './googleChat.js';
export { mastodon } from './mastodon.js';
export { mattermost } from './mattermost.js';
export { slack } from './slack.js';
export { sms } from './sms.js';
export { teams } from './teams.js';
export { webhook } from './webhook.js';
