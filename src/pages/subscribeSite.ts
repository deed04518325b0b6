/**
 * The subscribe form as a site file too, so the static export has it and no exported link is
 * broken. A live server answers GET /subscribe from its own route first (same page). The app's
 * wiring registers it with the channels on offer (pages know no channel by name).
 */
import type { SiteSection } from './site.js';
import { type ChannelOption, subscribePage } from './subscribeForm.js';

export function subscribeSection(channels: ChannelOption[]): SiteSection {
  return () => [
    {
      path: '/subscribe',
      type: 'text/html; charset=utf-8',
      render: (snap) =>
        subscribePage(
          snap.page,
          snap.components,
          { values: {}, components: null, errors: {} },
          channels,
        ),
    },
  ];
}
