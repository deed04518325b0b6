/** Outreach notices as the channels render them: webhooks carry an `outreach` object; times read in the person's zone. */
import { describe, expect, it } from 'vitest';
import { webhookBody } from '../../src/channels/webhook.js';
import { dueText } from '../../src/store/writes/outreach.js';

const page = { id: 'p', status_indicator: 'none', status_description: 'All good' };

describe('outreach notices', () => {
  it('gives a webhook an outreach object for outreach kinds only', () => {
    const data = {
      subject: 'Call Acme by 12:15 UTC (Api errors)',
      text: 'please call',
      action_url: 'https://status.acme.test/console/incidents/i1#outreach',
      accounts: 'Acme',
      due_at: '2026-11-20T12:15:00.000Z',
    };
    expect(webhookBody({ kind: 'outreach.assigned', page, data, team: true } as never)).toEqual({
      page,
      outreach: {
        event: 'outreach.assigned',
        accounts: 'Acme',
        due_at: '2026-11-20T12:15:00.000Z',
        message: 'please call',
        url: 'https://status.acme.test/console/incidents/i1#outreach',
      },
    });
    expect(
      Object.keys(webhookBody({ kind: 'team.notice', page, data, team: true } as never)),
    ).toEqual(['page']);
  });

  it('states the due time in the reader’s time zone', () => {
    expect(dueText('2026-11-20T12:15:00.000Z', 'UTC')).toBe('12:15 UTC');
    expect(dueText('2026-11-20T12:15:00.000Z', 'Europe/Paris')).toBe('13:15 CET');
    expect(dueText('2026-11-20T12:15:00.000Z', 'Not/AZone')).toBe('12:15 UTC');
    expect(dueText('2026-11-20T12:15:00.000Z', null)).toBe('12:15 UTC');
  });
});
