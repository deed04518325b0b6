/** Small inline SVG icons. Decorative: the text next to each icon says the same thing. */
import type { ComponentStatus, Indicator } from '../domain/types.js';
import { type Html, raw } from '../lib/html.js';

const svg = (body: string, cls = 'icon'): Html =>
  raw(
    `<svg class="${cls}" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">${body}</svg>`,
  );

const CHECK =
  '<circle cx="10" cy="10" r="9" fill="currentColor"/><path d="M6 10.4l2.6 2.6L14 7.6" fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>';
const MINUS =
  '<circle cx="10" cy="10" r="9" fill="currentColor"/><path d="M6 10h8" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/>';
const ALERT =
  '<path d="M10 1.8l8.6 15.4H1.4z" fill="currentColor" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/><path d="M10 7.5v4.3" stroke="#fff" stroke-width="2" stroke-linecap="round"/><circle cx="10" cy="14.6" r="1.2" fill="#fff"/>';
const CROSS =
  '<circle cx="10" cy="10" r="9" fill="currentColor"/><path d="M7 7l6 6M13 7l-6 6" stroke="#fff" stroke-width="2" stroke-linecap="round"/>';
const WRENCH =
  '<circle cx="10" cy="10" r="9" fill="currentColor"/><path d="M12.6 5.6a2.8 2.8 0 00-3.4 3.6L5.8 12.6l1.6 1.6 3.4-3.4a2.8 2.8 0 003.6-3.4l-1.6 1.6-1.4-.4-.4-1.4z" fill="#fff"/>';

export const STATUS_ICON: Record<ComponentStatus, Html> = {
  operational: svg(CHECK),
  degraded_performance: svg(MINUS),
  partial_outage: svg(ALERT),
  major_outage: svg(CROSS),
  under_maintenance: svg(WRENCH),
};

export const INDICATOR_ICON: Record<Indicator, Html> = {
  none: svg(CHECK, 'icon icon-lg'),
  minor: svg(ALERT, 'icon icon-lg'),
  major: svg(ALERT, 'icon icon-lg'),
  critical: svg(CROSS, 'icon icon-lg'),
  maintenance: svg(WRENCH, 'icon icon-lg'),
};

export const CLOCK = svg(
  '<circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" stroke-width="1.8"/><path d="M10 5.5V10l3 2" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>',
  'icon icon-sm',
);

export const CALENDAR = svg(
  '<rect x="2.5" y="4" width="15" height="13.5" rx="2" fill="none" stroke="currentColor" stroke-width="1.8"/><path d="M2.5 8.5h15M6.5 2v4M13.5 2v4" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>',
  'icon icon-sm',
);

export const CHEVRON = svg(
  '<path d="M7 5l5 5-5 5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>',
  'icon chevron',
);
