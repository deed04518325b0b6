/** The small pure helpers behind the public pages: escaping, markdown, colours, times, percentages. */
import { describe, expect, it } from 'vitest';
import { fmtRange, fmtTime, fmtWhen, fmtWindow } from '../../src/lib/format.js';
import { contrast, escapeHtml, html, raw, readableOnWhite, safeColor } from '../../src/lib/html.js';
import { inLocale } from '../../src/lib/i18n/scope.js';
import { renderMarkdown } from '../../src/lib/markdown.js';
import { impactBadge } from '../../src/pages/incidentView.js';
import { fmtPercent } from '../../src/pages/uptimeBars.js';

describe('html', () => {
  it('escapes interpolations but not nested html, and drops null/false', () => {
    const name = '<b>"x" & \'y\'</b>';
    expect(escapeHtml(name)).toBe('&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;');
    const out = html`<p title="${name}">${name}${html`<i>${1}</i>`}${null}${false}${[raw('<br>'), 'a<']}</p>`;
    expect(out.value).toBe(
      '<p title="&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;">&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;<i>1</i><br>a&lt;</p>',
    );
  });

  it('only lets #rrggbb colours into CSS, and darkens brand colours until links are readable', () => {
    expect(safeColor('red;}body{display:none')).toBe('#1f6feb');
    expect(safeColor('#ABCDEF')).toBe('#abcdef');
    for (const c of ['#ffcc00', '#00ff00', '#5b3df5', '#ffffff']) {
      expect(contrast(readableOnWhite(c), '#ffffff')).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('markdown', () => {
  it('keeps formatting and safe links, and drops scripts, handlers, images and javascript: links', () => {
    const out = renderMarkdown(
      '**Bold** [docs](https://example.com) <script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) <a href="JaVaScRiPt:alert(1)" onclick="x()">y</a>',
    ).value;
    expect(out).toContain('<strong>Bold</strong>');
    expect(out).toContain(
      '<a href="https://example.com" rel="nofollow noopener noreferrer">docs</a>',
    );
    // no markup that runs; raw HTML shows as the text it is
    expect(out).not.toMatch(/<script|<img|<[^>]*\s(onerror|onclick)=|<a[^>]*href="\s*javascript:/i);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shifts headings to fit the page outline', () => {
    expect(renderMarkdown('# Cause\n\n## Detail', 3).value).toBe('<h3>Cause</h3>\n<h4>Detail</h4>');
  });
});

describe('times and percentages', () => {
  const now = new Date('2026-07-01T10:00:00Z');
  it('formats times in the page zone with its abbreviation', () => {
    expect(fmtTime('2026-07-01T13:30:00Z', 'Europe/London')).toBe('14:30 BST');
    expect(fmtTime('2026-12-01T13:30:00Z', 'Europe/London')).toBe('13:30 GMT');
    expect(fmtTime('2026-12-01T13:30:00Z', 'America/New_York')).toBe('08:30 EST');
    expect(fmtTime('2026-12-01T13:30:00Z', 'Etc/UTC')).toBe('13:30 UTC');
    expect(fmtWhen('2026-07-01T13:30:00Z', 'Etc/UTC', now)).toBe('13:30 UTC');
    expect(fmtWhen('2026-07-02T09:00:00Z', 'Etc/UTC', now)).toBe('Thu 2 Jul, 09:00 UTC');
    expect(fmtWindow('2026-07-02T02:00:00Z', '2026-07-02T04:00:00Z', 'Etc/UTC', now)).toBe(
      'Thu 2 Jul, 02:00 – 04:00 UTC',
    );
    expect(fmtRange('2026-09-16T12:00:00Z', '2026-09-16T13:10:00Z', 'Europe/London')).toBe(
      '16 Sep 2026, 13:00 – 14:10 BST',
    );
  });

  it('never rounds a day with downtime up to 100%', () => {
    expect(fmtPercent(100)).toBe('100%');
    expect(fmtPercent(99.9999)).toBe('99.99%');
    expect(fmtPercent(95.126)).toBe('95.12%');
    expect(fmtPercent(null)).toBe('No data');
  });
});

describe('impact badge', () => {
  const incident = (impact: 'none' | 'minor') =>
    ({ kind: 'incident', impact }) as unknown as Parameters<typeof impactBadge>[0];
  it('says "No impact" once, and "Minor impact" in English, in every language', () => {
    expect(impactBadge(incident('none')).value).toContain('>No impact<');
    expect(impactBadge(incident('minor')).value).toContain('>Minor impact<');
    expect(inLocale('fr', () => impactBadge(incident('none')).value)).toContain('>Aucun impact<');
    expect(inLocale('de', () => impactBadge(incident('none')).value)).toContain(
      '>Keine Auswirkung<',
    );
  });
});
