/** The channels Flare can deliver through. A new channel is one file and one line here. */
import { emailChannel } from './email.js';
import { slackChannel } from './slack.js';
import { smsChannel } from './sms.js';
import { teamsChannel } from './teams.js';
import type { Channel, ChannelDeps, ChannelFactory, ChannelName } from './types.js';
import { webhookChannel } from './webhook.js';

export const channelFactories: Partial<Record<ChannelName, ChannelFactory>> = {
  email: emailChannel,
  webhook: webhookChannel,
  slack: slackChannel,
  teams: teamsChannel,
  sms: smsChannel,
};

export function createChannels(deps: ChannelDeps): Map<ChannelName, Channel> {
  const out = new Map<ChannelName, Channel>();
  for (const [name, make] of Object.entries(channelFactories)) {
    if (make) out.set(name as ChannelName, make(deps));
  }
  return out;
}
