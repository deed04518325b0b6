/**
 * The pure rules behind digests, quiet hours, downtime and the SEV1 resolution lint (issue #12),
 * with expected values worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import {
  digestDay,
  digestMessage,
  downtimeMs,
  humanDuration,
  parseQuietHours,
  quietUntil,
} from '../../src/domain/digest.js';
import { compose } from '../../src/templates/compose.js';
import { LIBRARY } from '../../src/templates/library/index.js';

describe('quiet hours', () => {
  it('reads "22:00-07:00" and refuses what is not two times', () => {
    expect(parseQuietHours('22:00-07:00')).toEqual({ start: 22 * 60, end: 7 * 60 });
    expect(parseQuietHours('22:00')).toHaveProperty('problem');
    expect(parseQuietHours('25:00-07:00')).toHaveProperty('problem');
    expect(parseQuietHours('07:00-07:00')).toHaveProperty('problem');
  });

  it('holds until the end of a window that crosses midnight, in the reader’s zone', () => {
    // 22:30 UTC on 5 Dec is 23:30 in Paris (UTC+1): held until 07:00 Paris = 06:00 UTC on 6 Dec
    expect(quietUntil('22:00-07:00', 'Europe/Paris', new Date('2026-12-05T22:30:00Z'))).toEqual(
      new Date('2026-12-06T06:00:00Z'),
    );
    // 05:00 UTC is 06:00 in Paris: still quiet, ends the same morning at 06:00 UTC
    expect(quietUntil('22:00-07:00', 'Europe/Paris', new Date('2026-12-06T05:00:00Z'))).toEqual(
      new Date('2026-12-06T06:00:00Z'),
    );
    // 06:00 UTC is 07:00 in Paris: the window has ended
    expect(quietUntil('22:00-07:00', 'Europe/Paris', new Date('2026-12-06T06:00:00Z'))).toBeNull();
    // a daytime window (12:00-14:00 Tokyo = 03:00-05:00 UTC)
    expect(quietUntil('12:00-14:00', 'Asia/Tokyo', new Date('2026-12-06T04:00:00Z'))).toEqual(
      new Date('2026-12-06T05:00:00Z'),
    );
    expect(quietUntil(null, 'Asia/Tokyo', new Date())).toBeNull();
  });

  it('ends at 07:00 local on the night the clocks change (Europe/Paris, 29 March 2026)', () => {
    // 23:30 CET on 28 March (22:30 UTC); clocks go forward at 02:00, so 07:00 CEST = 05:00 UTC
    expect(quietUntil('22:00-07:00', 'Europe/Paris', new Date('2026-03-28T22:30:00Z'))).toEqual(
      new Date('2026-03-29T05:00:00Z'),
    );
  });
});

describe('when a digest is due', () => {
  it('is due from 08:00 to noon local, on the local date', () => {
    // 23:00 UTC on 2 Dec is 08:00 on 3 Dec in Tokyo (UTC+9)
    expect(digestDay('Asia/Tokyo', new Date('2026-12-02T23:00:00Z'))).toBe('2026-12-03');
    expect(digestDay('Asia/Tokyo', new Date('2026-12-02T22:59:00Z'))).toBeNull();
    // 03:00 UTC is 12:00 in Tokyo: too late for that morning
    expect(digestDay('Asia/Tokyo', new Date('2026-12-03T03:00:00Z'))).toBeNull();
    // 16:00 UTC is 08:00 in Los Angeles (UTC-8)
    expect(digestDay('America/Los_Angeles', new Date('2026-12-03T16:00:00Z'))).toBe('2026-12-03');
  });

  it('writes each time in the reader’s zone', () => {
    const m = digestMessage({
      pageUrl: 'https://status.acme.test',
      zone: 'Asia/Tokyo',
      day: '2026-12-03',
      incidents: [
        {
          name: 'Failed logins',
          status: 'identified',
          statusLabel: 'Identified',
          url: 'https://status.acme.test/incidents/1',
          nextUpdateAt: '2026-12-03T00:30:00Z',
          updates: [{ at: '2026-12-02T21:00:00Z', statusLabel: 'Identified', text: 'Found it.' }],
        },
      ],
    });
    expect(m.subject).toBe('Daily summary: 1 open incident');
    // 21:00 UTC = 06:00 on 3 Dec in Tokyo; 00:30 UTC = 09:30
    expect(m.text).toContain('- 3 Dec 06:00 GMT+9, Identified: Found it.');
    expect(m.text).toContain('Next update by 3 Dec 09:30 GMT+9.');
  });
});

describe('downtime', () => {
  const H = 3600_000;
  it('counts overlapping outages on two components once', () => {
    // api down 10:00–12:00, db down 11:00–12:30: the union is 10:00–12:30 = 2 h 30 min
    const ms = downtimeMs(
      [
        { component_id: 'api', status: 'major_outage', at: '2026-12-01T10:00:00Z' },
        { component_id: 'db', status: 'partial_outage', at: '2026-12-01T11:00:00Z' },
        { component_id: 'api', status: 'operational', at: '2026-12-01T12:00:00Z' },
        { component_id: 'db', status: 'operational', at: '2026-12-01T12:30:00Z' },
      ],
      new Date('2026-12-01T15:00:00Z'),
    );
    expect(ms).toBe(2.5 * H);
    expect(humanDuration(ms)).toBe('2 hours 30 minutes');
  });

  it('runs an outage still open up to the end, and words days, hours and minutes', () => {
    // down from 10:00, still down at 11:01 the next day: 1 day 1 hour 1 minute
    const ms = downtimeMs(
      [{ component_id: 'api', status: 'degraded_performance', at: '2026-12-01T10:00:00Z' }],
      new Date('2026-12-02T11:01:00Z'),
    );
    expect(humanDuration(ms)).toBe('1 day 1 hour 1 minute');
    expect(humanDuration(20_000)).toBe('less than a minute');
  });
});

describe('the SEV1 resolution lint', () => {
  const resolved = LIBRARY.en.find((t) => t.key === 'resolved')!;
  const context = {
    pageName: 'Acme',
    statusUrl: 'https://status.acme.test/incidents/1',
    incidentName: 'Failed logins',
    components: ['API'],
    contact: 'support@acme.test',
  };
  const reader = { locale: 'en', timeZone: 'UTC' };
  const rules = (vars: Record<string, string>, severityTop: boolean) =>
    compose(resolved, { issue: 'failed logins', ...vars }, context, reader, {
      severityTop,
    }).findings.map((f) => f.rule);

  it('warns when a SEV1 resolution gives no next steps', () => {
    expect(rules({ data_loss: 'No data was lost.' }, true)).toContain('sev1_resolution_incomplete');
    // the same words below SEV1 are fine
    expect(rules({ data_loss: 'No data was lost.' }, false)).not.toContain(
      'sev1_resolution_incomplete',
    );
  });

  it('is satisfied by a data-loss statement and next steps', () => {
    expect(
      rules({ data_loss: 'No data was lost.', next_steps: 'We are adding a second region.' }, true),
    ).not.toContain('sev1_resolution_incomplete');
  });

  it('names what is missing when a custom wording says nothing of either', () => {
    const bare = { ...resolved, page: 'Fixed. {{ contact }}' };
    const f = compose(bare, { issue: 'x' }, context, reader, { severityTop: true }).findings;
    const finding = f.find((x) => x.rule === 'sev1_resolution_incomplete');
    expect(finding?.message).toMatch(/whether data was lost and what the next steps are/);
  });
});
