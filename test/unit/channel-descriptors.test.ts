/**
 * A channel is one descriptor: its file in src/channels/ and one line in registry.ts. The
 * channels added that way (Discord, Google Chat, Mattermost) must be named nowhere else in src/,
 * so the next one needs nothing more either.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, CHANNELS, channelOptions } from '../../src/channels/catalog.js';

const SRC = join(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const OWN: Record<string, { file: string; words: RegExp }> = {
  discord: { file: 'channels/discord.ts', words: /discord/i },
  google_chat: { file: 'channels/googleChat.ts', words: /google[\s_-]?chat/i },
  mattermost: { file: 'channels/mattermost.ts', words: /mattermost/i },
};

describe('channel descriptors', () => {
  it('name Discord, Google Chat and Mattermost only in their own file and the registry', () => {
    const found: string[] = [];
    for (const path of files(SRC)) {
      const rel = relative(SRC, path);
      if (rel === 'channels/registry.ts') continue;
      const text = readFileSync(path, 'utf8');
      for (const [name, own] of Object.entries(OWN))
        if (rel !== own.file && own.words.test(text)) found.push(`${rel} names ${name}`);
    }
    expect(found).toEqual([]);
  });

  it('registers each of them with one line', () => {
    const registry = readFileSync(join(SRC, 'channels/registry.ts'), 'utf8');
    for (const [name, own] of Object.entries(OWN)) {
      const lines = registry.split('\n').filter((l) => own.words.test(l));
      expect(lines, name).toHaveLength(1);
      expect(CHANNEL_NAMES).toContain(name);
    }
  });

  it('gives every channel what the rest of Flare reads', () => {
    // the page's own accounts are delivered to, but no subscriber can choose them
    expect(new Set(CHANNEL_NAMES).size).toBe(CHANNELS.filter((d) => !d.pageLevel).length);
    expect(CHANNELS.filter((d) => d.pageLevel).map((d) => d.name)).toEqual(['bluesky', 'mastodon']);
    expect(channelOptions().map((o) => o.id)).not.toContain('mastodon');
    for (const d of CHANNELS) {
      expect(d.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(d.label.length).toBeGreaterThan(0);
      // a URL channel tells the form what to ask for; a chat room posts to a guarded URL
      if (d.address === 'url' && !d.pageLevel) expect(d.form?.urlLabel, d.name).toBeTruthy();
      if (d.chat) expect([d.address, d.outboundUrl], d.name).toEqual(['url', true]);
    }
    // the form lists email first, then SMS, then the webhook, then the chat rooms
    expect(
      channelOptions()
        .map((o) => o.id)
        .slice(0, 3),
    ).toEqual(['email', 'sms', 'webhook']);
  });
});
