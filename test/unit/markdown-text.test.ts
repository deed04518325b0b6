import { describe, expect, it } from 'vitest';
import { markdownToText } from '../../src/templates/engine.js';

describe('markdownToText', () => {
  it('removes markup but keeps characters inside words, addresses and comparisons', () => {
    const md =
      'Email first_last@example.com about /v2/bulk_export, ticket #4521. Latency > 2s and 2*3*4.';
    expect(markdownToText(md)).toBe(md);
  });

  it('strips emphasis, headings, quotes, code and link syntax', () => {
    expect(
      markdownToText(
        '## Update\n> **Fixed** the _cache_ in `api-2`. See [the docs](https://x.test/d).',
      ),
    ).toBe('Update\nFixed the cache in api-2. See the docs (https://x.test/d).');
  });
});
