/** Console stylesheet: the enquiries inbox, one enquiry, and the incident's reaction chart. */
import { SWATCH_CSS } from './enquiryChart.js';

export const CONSOLE_ENQUIRIES_CSS = `
.enquiry-filters { grid-template-columns: repeat(3, minmax(0, 1fr)) auto; }
.enquiries-table td { vertical-align: top; }
@media (max-width: 640px) { .enquiry-filters { grid-template-columns: 1fr; } .enquiry-filters .filter-buttons { justify-content: flex-start; } }
.enquiries-table td:nth-child(2) { min-width: 260px; }
.enquiry-text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 12px 0 0; }
.enquiry-replies { list-style: none; margin: 0; padding: 0; }
.enquiry-replies li { border-top: 1px solid var(--border); padding: 10px 0; }
.enquiry-replies .enquiry-text { margin-top: 4px; }
.facts-pairs { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 14px; margin: 12px 0 0; }
.facts-pairs dt { color: var(--muted); font-weight: 600; font-size: inherit; text-transform: none; letter-spacing: normal; }
.facts-pairs dd { margin: 0; overflow-wrap: anywhere; }
.inline-form { display: flex; align-items: end; gap: 10px; flex-wrap: wrap; }
.inline-form .cfield { flex: 1 1 200px; }
.faq-answers { margin-top: 12px; }
.faq-answers dt { font-weight: 650; margin-top: 8px; }
.faq-answers dd { margin: 2px 0 0; white-space: pre-wrap; color: var(--muted); }
.reaction { margin-bottom: 18px; }
.reaction-chart { display: block; width: 100%; height: auto; color: var(--muted); margin-top: 8px; }
.reaction-legend, .themes { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 14px; padding: 0; margin: 8px 0 0; font-size: .88rem; }
.reaction-sub { font-size: 1rem; margin: 14px 0 0; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 6px; vertical-align: -1px; }
.swatch-line { height: 3px; vertical-align: 3px; background: #B8002E; }
.reaction-table { margin-top: 12px; }
${SWATCH_CSS}
`;
