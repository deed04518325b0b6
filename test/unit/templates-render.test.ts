import { describe, expect, it } from 'vitest';
import { builtinTemplate, renderTemplate } from '../../src/templates/render.js';

describe('renderTemplate', () => {
  const def = builtinTemplate('investigating', 'en')!;
  const vars = {
    issue: 'slow exports',
    next_update_at: '2026-07-01T12:30:00Z',
    page_name: 'Acme',
    status_url: 'https://s',
  };

  it('writes the next update in the reader’s zone and language', () => {
    expect(
      renderTemplate(def, 'page', vars, { locale: 'en', timeZone: 'America/New_York' }),
    ).toContain('by 08:30 EDT');
    const fr = builtinTemplate('investigating', 'fr')!;
    expect(renderTemplate(fr, 'page', vars, { locale: 'fr', timeZone: 'Europe/Paris' })).toContain(
      'à 14:30 CEST',
    );
  });

  it('falls back to English formatting for a locale Intl cannot use, instead of throwing', () => {
    expect(renderTemplate(def, 'sms', vars, { locale: 'xx-yy-zz', timeZone: 'UTC' })).toContain(
      'Next update 12:30 UTC',
    );
    expect(renderTemplate(def, 'sms', vars, { locale: 'en', timeZone: 'Not/AZone' })).toContain(
      'Next update',
    );
  });
});
