/**
 * The incident's reaction (issue #11 part 5): enquiries per 5 minutes by channel as stacked
 * bars, with the mean sentiment as a line, drawn on the server as SVG (no script), with the same
 * numbers in a table for screen readers and for whoever prefers figures, and the top themes.
 */

import { fmtTime } from '../../lib/format.js';
import { type Html, html } from '../../lib/html.js';
import type { EnquiryStats } from '../../store/queries/enquiries.js';

/** Colour-blind-safe (Okabe–Ito) colours, one per channel, in a fixed order. */
const COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#999999',
];
const W = 640;
const H = 200;
const PAD = { l: 34, r: 40, t: 12, b: 28 };
/** The most recent buckets shown: 4 hours. */
const SHOWN = 48;

const sentimentWord = (m: number | null) =>
  m === null
    ? '–'
    : m < -0.05
      ? `negative (${m.toFixed(2)})`
      : m > 0.05
        ? `positive (${m.toFixed(2)})`
        : `neutral (${m.toFixed(2)})`;

export function reactionSection(
  stats: EnquiryStats,
  o: { incidentId: string; zone: string },
): Html | null {
  if (stats.total === 0) return null;
  const shown = stats.buckets.slice(-SHOWN);
  const channels = Object.keys(stats.by_channel).sort(
    (a, b) => stats.by_channel[b] - stats.by_channel[a],
  );
  const colour = (ch: string) => COLOURS[channels.indexOf(ch) % COLOURS.length];
  const max = Math.max(1, ...shown.map((b) => b.count));
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const bw = iw / Math.max(shown.length, 1);
  const y = (n: number) => PAD.t + ih - (n / max) * ih;
  // sentiment from -1 (bottom) to +1 (top), clamped
  const sy = (m: number) => PAD.t + ih / 2 - (Math.max(-1, Math.min(1, m)) * ih) / 2;
  const bars = shown.flatMap((b, i) => {
    let base = 0;
    return channels
      .filter((ch) => b.by_channel[ch])
      .map((ch) => {
        const n = b.by_channel[ch];
        const top = y(base + n);
        const rect = html`<rect x="${(PAD.l + i * bw + 1).toFixed(1)}" y="${top.toFixed(1)}" width="${Math.max(bw - 2, 1).toFixed(1)}" height="${(y(base) - top).toFixed(1)}" fill="${colour(ch)}"><title>${fmtTime(b.start, o.zone)}: ${n} by ${ch}</title></rect>`;
        base += n;
        return rect;
      });
  });
  const points = shown
    .map((b, i) =>
      b.mean_sentiment === null
        ? null
        : `${(PAD.l + i * bw + bw / 2).toFixed(1)},${sy(b.mean_sentiment).toFixed(1)}`,
    )
    .filter(Boolean)
    .join(' ');
  const labelEvery = Math.max(1, Math.ceil(shown.length / 6));
  const summary = `${stats.total} enquiries, ${stats.negative} negative; the busiest 5 minutes had ${max}.`;
  return html`<section class="card-pad reaction" id="reaction" aria-labelledby="reaction-title">
<h2 class="csection-title" id="reaction-title">Customer reaction</h2>
<p class="chint">${summary} <a href="/console/enquiries?incident_id=${encodeURIComponent(o.incidentId)}">Open these enquiries</a></p>
<svg class="reaction-chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="reaction-svg-title">
<title id="reaction-svg-title">Enquiries per 5 minutes by channel, with the mean sentiment as a line. ${summary}</title>
<line x1="${PAD.l}" y1="${PAD.t + ih}" x2="${W - PAD.r}" y2="${PAD.t + ih}" stroke="#8a94a6"/>
<line x1="${PAD.l}" y1="${sy(0).toFixed(1)}" x2="${W - PAD.r}" y2="${sy(0).toFixed(1)}" stroke="#8a94a6" stroke-dasharray="3 4"/>
<text x="${PAD.l - 6}" y="${PAD.t + 10}" text-anchor="end" font-size="11" fill="currentColor">${max}</text>
<text x="${PAD.l - 6}" y="${PAD.t + ih}" text-anchor="end" font-size="11" fill="currentColor">0</text>
<text x="${W - PAD.r + 6}" y="${PAD.t + 10}" font-size="11" fill="currentColor">+1</text>
<text x="${W - PAD.r + 6}" y="${(sy(0) + 4).toFixed(1)}" font-size="11" fill="currentColor">0</text>
<text x="${W - PAD.r + 6}" y="${PAD.t + ih}" font-size="11" fill="currentColor">−1</text>
${bars}
${points && html`<polyline points="${points}" fill="none" stroke="#B8002E" stroke-width="2.5"/>`}
${shown.map((b, i) => (i % labelEvery === 0 ? html`<text x="${(PAD.l + i * bw + bw / 2).toFixed(1)}" y="${H - 8}" text-anchor="middle" font-size="11" fill="currentColor">${fmtTime(b.start, o.zone)}</text>` : null))}
</svg>
<ul class="reaction-legend">${channels.map((ch) => html`<li><span class="swatch" data-c="${String(channels.indexOf(ch) % COLOURS.length)}"></span>${ch} (${stats.by_channel[ch]})</li>`)}<li><span class="swatch swatch-line"></span>mean sentiment (right axis, −1 to +1)</li></ul>
${stats.themes.length > 0 && html`<h3 class="reaction-sub">Top themes</h3><ul class="themes">${stats.themes.map((t) => html`<li><span class="mini-tag">${t.theme}</span> <small class="chint">${t.count}</small></li>`)}</ul>`}
<details class="reaction-table"><summary>The numbers as a table</summary>
<div class="table-scroll" tabindex="0" role="region" aria-label="Enquiries per 5 minutes (scrolls sideways)"><table class="ctable"><thead><tr><th scope="col">From</th><th scope="col" class="n">Enquiries</th>${channels.map((ch) => html`<th scope="col" class="n">${ch}</th>`)}<th scope="col">Mean sentiment</th></tr></thead>
<tbody>${shown.map((b) => html`<tr><td>${fmtTime(b.start, o.zone)}</td><td class="n">${b.count}</td>${channels.map((ch) => html`<td class="n">${b.by_channel[ch] ?? 0}</td>`)}<td>${sentimentWord(b.mean_sentiment)}</td></tr>`)}</tbody></table></div>
</details>
</section>`;
}

export const SWATCH_CSS = COLOURS.map(
  (c, i) => `.swatch[data-c="${i}"] { background: ${c}; }`,
).join('\n');
