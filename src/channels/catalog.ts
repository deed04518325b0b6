/**
 * Everything the rest of Flare asks about channels, read from the descriptors in registry.ts:
 * their names and labels, what kind of address each takes, which post to outbound URLs, and
 * the live channels themselves. Floors below channels/ (pages, templates, domain) get what they
 * need from here as plain data, passed in by their callers.
 */
import type { ChannelOption } from '../pages/subscribeForm.js';
import * as registry from './registry.js';
import type { AddressKind, Channel, ChannelDeps, ChannelDescriptor, ChannelName } from './types.js';

/** email first, then phone, then URLs, the chat rooms last; by label within each */
const rank = (d: ChannelDescriptor) =>
  d.address === 'email' ? 0 : d.address === 'phone' ? 1 : d.chat ? 3 : 2;

export const CHANNELS: readonly ChannelDescriptor[] = Object.values(
  registry as Record<string, ChannelDescriptor>,
).sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label));

/**
 * The channels a subscriber can have, in the order above: a non-empty tuple, for zod's enum.
 * (The page's own accounts, `pageLevel`, are not among them.)
 */
export const CHANNEL_NAMES = CHANNELS.filter((d) => !d.pageLevel).map((d) => d.name) as [
  ChannelName,
  ...ChannelName[],
];

/** Every channel Flare delivers through, the page's own accounts included. */
export const DELIVERY_CHANNEL_NAMES = CHANNELS.map((d) => d.name) as [
  ChannelName,
  ...ChannelName[],
];

/** The page's own social accounts: what a severity's `social` channel stands for. */
export function pageLevelChannelNames(): string[] {
  return CHANNELS.filter((d) => d.pageLevel).map((d) => d.name);
}

/** Channels whose later messages about an incident answer the earlier ones. */
export function threadsMessages(name: string): boolean {
  return byName.get(name)?.threads ?? false;
}

export function channelDescriptor(name: string): ChannelDescriptor | undefined {
  return byName.get(name);
}

const byName = new Map(CHANNELS.map((d) => [d.name, d]));

/** name → label, for screens that show a channel. */
export function channelLabels(): Record<string, string> {
  return Object.fromEntries(CHANNELS.map((d) => [d.name, d.label]));
}

/** "email, sms, webhook, …", for messages and help. */
export function channelList(sep = ', '): string {
  return CHANNEL_NAMES.join(sep);
}

export function addressKind(name: string): AddressKind | undefined {
  return byName.get(name)?.address;
}

/** Channels whose subscriber gives a URL Flare posts to (guarded, confirmed there, paused when failing). */
export function postsToUrl(name: string): boolean {
  return byName.get(name)?.outboundUrl ?? false;
}

/** The names of the chat-room channels (they reach people with no provider to configure). */
export function chatChannelNames(): string[] {
  return CHANNELS.filter((d) => d.chat).map((d) => d.name);
}

export function createChannels(deps: ChannelDeps): Map<ChannelName, Channel> {
  return new Map(CHANNELS.map((d) => [d.name, d.create(deps)]));
}

/** The channels the public subscribe form offers, as plain data for the page. */
export function channelOptions(): ChannelOption[] {
  return CHANNELS.filter((d) => !d.pageLevel).map((d) => ({
    id: d.name,
    label: d.label,
    icon: d.icon,
    address: d.address,
    form: d.form,
  }));
}
