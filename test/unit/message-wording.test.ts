/** Customer-facing wording: lists read "A, B and C", team notices carry no customer contact line, variables have limits. */
import { describe, expect, it } from 'vitest';
import type { DeliveryEvent } from '../../src/domain/deliveryEvent.js';
import { joinList } from '../../src/domain/listText.js';
import { varLengthProblems, varMaxLength } from '../../src/domain/templateVarLimits.js';
import { fillVars } from '../../src/templates/compose.js';
import { templateText } from '../../src/templates/forReader.js';
import { EN } from '../../src/templates/library/en.js';
import { renderNotification } from '../../src/templates/notification.js';

const page = {
  id: 'p',
  name: 'Acme',
  url: 'https://status.acme.test',
  brand_color: '#0a7',
  time_zone: 'UTC',
  support_email: 'help@acme.test',
};
const links = {
  page: 'https://status.acme.test',
  incident: 'https://status.acme.test/incidents/inc_1',
};

describe('lists in message text', () => {
  it('joins with commas and the language’s "and", no serial comma', () => {
    expect(joinList([])).toBe('');
    expect(joinList(['API'])).toBe('API');
    expect(joinList(['API', 'Webhooks'])).toBe('API and Webhooks');
    expect(joinList(['A', 'B', 'C'])).toBe('A, B and C');
    expect(joinList(['A', 'B', 'C'], 'fr-CA')).toBe('A, B et C');
    expect(joinList(['A', 'B'], 'de')).toBe('A und B');
  });

  it('fills {{ components }} with the list and its count; a kept list wins over the incident’s', () => {
    const c = {
      pageName: 'Acme',
      statusUrl: links.page,
      components: ['API', 'Webhooks', 'Search'],
    };
    expect(fillVars({}, c)).toMatchObject({
      components: 'API, Webhooks and Search',
      components_count: 3,
    });
    const kept = fillVars({ components: ['Search'] as unknown as string }, c);
    expect(kept).toMatchObject({ components: 'Search', components_count: 1 });
    expect(fillVars({ components: [] as unknown as string }, c).components).toBe('');
  });

  it('renders a stored resolution per reader with the components it kept, singular or plural', () => {
    const resolved = EN.find((t) => t.key === 'resolved')!;
    const event = (components: string[]) =>
      ({
        kind: 'incident.updated',
        page,
        links,
        incident: {
          id: 'inc_1',
          name: 'Slow search',
          components: [{ name: 'API' }, { name: 'Search' }],
        },
        update: { status: 'resolved', body: '', next_update_at: null },
        template: {
          key: 'resolved',
          defs: { en: resolved },
          vars: { issue: 'slow search', components },
        },
      }) as unknown as DeliveryEvent;
    expect(templateText(event(['Search']), 'page', 'en', 'UTC')).toMatch(
      /^The problem behind slow search is fixed, and Search is working normally again\./,
    );
    expect(templateText(event(['API', 'Search']), 'page', 'en', 'UTC')).toMatch(
      /and API and Search are working normally again\./,
    );
    const none = templateText(event([]), 'page', 'en', 'UTC')!;
    expect(none).toMatch(/^The problem behind slow search is fixed\.\n/);
    expect(none).toContain('If you need help, contact help@acme.test.');
    expect(none).not.toContain('meantime');
  });
});

describe('notices', () => {
  it('lists affected components with "and" in the email', async () => {
    const m = await renderNotification(
      {
        kind: 'incident.created',
        page,
        links,
        incident: { id: 'inc_1', name: 'API errors' },
        update: {
          status: 'investigating',
          body: 'Looking into it.',
          next_update_at: null,
          affected_components: [
            { name: 'API', new_status: 'major_outage' },
            { name: 'Webhooks', new_status: 'degraded_performance' },
          ],
        },
      } as unknown as DeliveryEvent,
      'UTC',
    );
    expect(m.text).toContain('Affected: API (major outage) and Webhooks (degraded performance)');
    expect(m.text).toContain('Questions? help@acme.test');
  });

  it('ends a team notice without the customer "Questions?" line', async () => {
    const m = await renderNotification(
      {
        kind: 'team.notice',
        page,
        links,
        team: true,
        data: {
          subject: 'SEV2: API errors — you are Comms lead',
          text: 'API errors was declared SEV2 (Major). Please acknowledge.',
          action_url: 'https://status.acme.test/team/ack/x',
          action_label: 'Acknowledge',
        },
      } as unknown as DeliveryEvent,
      'UTC',
    );
    expect(m.text.trim().endsWith('Acknowledge: https://status.acme.test/team/ack/x')).toBe(true);
    expect(m.text).not.toContain('Questions?');
    expect(m.html).not.toContain('Questions?');
  });
});

describe('variable limits', () => {
  it('gives paragraphs 1,000 characters and a few words 200; says by how much', () => {
    expect(varMaxLength('impact')).toBe(1000);
    expect(varMaxLength('workaround')).toBe(1000);
    expect(varMaxLength('issue')).toBe(200);
    expect(varMaxLength('contact')).toBe(200);
    expect(varMaxLength('a_custom_one')).toBe(1000);
    expect(
      varLengthProblems({ impact: 'x'.repeat(9200), issue: 'ok', estimate_confirmed: true }),
    ).toEqual({ impact: 'is too long: at most 1,000 characters (it has 9,200)' });
    expect(varLengthProblems({ impact: 'x'.repeat(1000) })).toEqual({});
  });
});
