import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/lib/markdown.js';
import { markdownToText } from '../../src/templates/engine.js';

/** What a comms lead types in angle brackets is shown as typed, escaped, never silently dropped. */
describe('markdown keeps what was typed', () => {
  it('shows a tag it does not allow as text, and runs nothing', () => {
    const html = String(
      renderMarkdown('Requests to <endpoint> fail. <script>alert("x")</script> Retry.'),
    );
    expect(html).toBe(
      '<p>Requests to &lt;endpoint&gt; fail. &lt;script&gt;alert("x")&lt;/script&gt; Retry.</p>',
    );
    const img = String(renderMarkdown('See <img src=x onerror=alert(1)> here'));
    expect(img).not.toMatch(/<img|<[^>]*\sonerror=/);
    expect(img).toContain('&lt;img');
  });

  it('keeps markdown formatting, and shows raw HTML as text', () => {
    expect(String(renderMarkdown('**Fixed** and <b>bold</b>'))).toBe(
      '<p><strong>Fixed</strong> and &lt;b&gt;bold&lt;/b&gt;</p>',
    );
  });

  it('keeps the words in the plain text of emails and SMS', () => {
    expect(markdownToText('Requests to <endpoint> fail')).toContain('<endpoint>');
  });
});
