/** The team's pure rules: working hours in each person's time zone (DST too), on-call order, keys. */
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../src/actions/inputs.js';
import {
  createPersonInput,
  severityInput,
  severitySettingsInput,
} from '../../src/actions/planInputs.js';
import { DEFAULT_SEVERITIES, severityKeyProblem } from '../../src/domain/severity.js';
import {
  BUILTIN_ROLES,
  canonicalHours,
  formatWorkingHours,
  isWorking,
  nextOnCall,
  onCallOrder,
  parseWorkingHours,
  roleKeyProblem,
} from '../../src/domain/team.js';

const at = (iso: string) => new Date(iso);

describe('working hours', () => {
  it('parses the forms a person would type, and says what is wrong with the rest', () => {
    expect(parseWorkingHours('24/7')).toEqual({ ok: true, hours: { always: true } });
    expect(parseWorkingHours(' 09:00-17:30  mon-fri ')).toEqual({
      ok: true,
      hours: { always: false, start: 540, end: 1050, days: [1, 2, 3, 4, 5] },
    });
    expect(parseWorkingHours('22:00-06:00 Sat,Sun')).toMatchObject({
      ok: true,
      hours: { start: 1320, end: 360, days: [6, 7] },
    });
    expect(parseWorkingHours('9:00-17:00')).toMatchObject({
      ok: true,
      hours: { days: [1, 2, 3, 4, 5, 6, 7] },
    });
    expect(parseWorkingHours('08:00-12:00 Fri-Mon')).toMatchObject({
      hours: { days: [1, 5, 6, 7] },
    });
    for (const bad of [
      'nine to five',
      '09:00-09:00',
      '25:00-26:00 Mon',
      '09:00-17:00 Funday',
      '',
    ]) {
      const r = parseWorkingHours(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error.length, bad).toBeGreaterThan(10);
    }
  });

  it('formats hours canonically, so they read back the same', () => {
    for (const [input, out] of [
      ['09:00-17:30 monday-friday', '09:00-17:30 Mon-Fri'],
      ['9:00-17:00', '09:00-17:00'],
      ['22:00-24:00 Mon,Tue,Wed,Sun', '22:00-24:00 Mon-Wed,Sun'],
      ['10:00-14:00 Sat,Sun', '10:00-14:00 Sat,Sun'],
      ['24 / 7', '24/7'],
    ]) {
      expect(canonicalHours(input)).toBe(out);
      const again = parseWorkingHours(out);
      expect(again.ok && formatWorkingHours(again.hours)).toBe(out);
    }
    expect(canonicalHours(null)).toBeNull();
  });

  it("judges working time in the person's own time zone", () => {
    const ny = { time_zone: 'America/New_York', working_hours: '09:00-17:30 Mon-Fri' };
    // Friday 20 Nov 2026, 14:00 UTC = 09:00 in New York (EST, UTC-5)
    expect(isWorking(ny, at('2026-11-20T14:00:00Z'))).toBe(true);
    expect(isWorking(ny, at('2026-11-20T13:59:00Z'))).toBe(false);
    // 22:29 UTC = 17:29 local: still working; 22:30 = 17:30: the day is over
    expect(isWorking(ny, at('2026-11-20T22:29:00Z'))).toBe(true);
    expect(isWorking(ny, at('2026-11-20T22:30:00Z'))).toBe(false);
    // Saturday 21 Nov, 15:00 UTC = 10:00 local, but a weekend
    expect(isWorking(ny, at('2026-11-21T15:00:00Z'))).toBe(false);
    // 02:00 UTC on Saturday is still Friday 21:00 in New York: the weekday is the local one
    const tokyo = { time_zone: 'Asia/Tokyo', working_hours: '09:00-18:00 Mon-Fri' };
    // Sunday 22 Nov 2026 23:30 UTC = Monday 08:30 JST; 00:30 UTC Monday = 09:30 JST
    expect(isWorking(tokyo, at('2026-11-22T23:30:00Z'))).toBe(false);
    expect(isWorking(tokyo, at('2026-11-23T00:30:00Z'))).toBe(true);
  });

  it('follows daylight saving: the same UTC instant is in hours one week and not the next', () => {
    const london = { time_zone: 'Europe/London', working_hours: '09:00-17:30 Mon-Fri' };
    // British Summer Time starts on Sunday 29 March 2026
    expect(isWorking(london, at('2026-03-27T08:30:00Z'))).toBe(false); // 08:30 GMT
    expect(isWorking(london, at('2026-03-30T08:30:00Z'))).toBe(true); // 09:30 BST
    expect(isWorking(london, at('2026-03-30T16:45:00Z'))).toBe(false); // 17:45 BST
    expect(isWorking(london, at('2026-03-27T16:45:00Z'))).toBe(true); // 16:45 GMT
    // and back on Sunday 25 October 2026
    expect(isWorking(london, at('2026-10-23T08:30:00Z'))).toBe(true); // 09:30 BST
    expect(isWorking(london, at('2026-10-26T08:30:00Z'))).toBe(false); // 08:30 GMT
    // New York springs forward on 8 March 2026, three weeks before London
    const ny = { time_zone: 'America/New_York', working_hours: '09:00-17:00 Mon-Fri' };
    expect(isWorking(ny, at('2026-03-06T13:30:00Z'))).toBe(false); // 08:30 EST
    expect(isWorking(ny, at('2026-03-09T13:30:00Z'))).toBe(true); // 09:30 EDT
  });

  it('handles overnight shifts, which belong to the day they start', () => {
    const night = { time_zone: 'Etc/UTC', working_hours: '22:00-06:00 Fri' };
    expect(isWorking(night, at('2026-11-20T23:00:00Z'))).toBe(true); // Friday night
    expect(isWorking(night, at('2026-11-21T05:59:00Z'))).toBe(true); // early Saturday
    expect(isWorking(night, at('2026-11-21T06:00:00Z'))).toBe(false);
    expect(isWorking(night, at('2026-11-21T23:00:00Z'))).toBe(false); // Saturday night
    expect(isWorking(night, at('2026-11-20T05:00:00Z'))).toBe(false); // Thursday's night
  });

  it('counts a person with no hours, or 24/7, as always working', () => {
    expect(
      isWorking({ time_zone: 'Etc/UTC', working_hours: null }, at('2026-11-21T03:00:00Z')),
    ).toBe(true);
    expect(
      isWorking({ time_zone: 'Asia/Kolkata', working_hours: '24/7' }, at('2026-11-21T03:00:00Z')),
    ).toBe(true);
  });
});

describe('on-call order', () => {
  const person = (id: string, position: number, tz: string, hours: string | null) => ({
    id,
    position,
    time_zone: tz,
    working_hours: hours,
  });
  // Friday 20 Nov 2026 10:00 UTC: London works, New York sleeps, Sydney's Friday is over
  const now = at('2026-11-20T10:00:00Z');
  const rotation = [
    person('sydney', 0, 'Australia/Sydney', '09:00-17:00 Mon-Fri'),
    person('newyork', 1, 'America/New_York', '09:00-17:00 Mon-Fri'),
    person('london', 2, 'Europe/London', '09:00-17:00 Mon-Fri'),
    person('anytime', 3, 'Etc/UTC', null),
  ];

  it('puts people inside their working hours first, keeping rotation order within each group', () => {
    expect(onCallOrder(rotation, now).map((p) => p.id)).toEqual([
      'london',
      'anytime',
      'sydney',
      'newyork',
    ]);
    // Thursday 19 Nov 23:00 UTC: Friday 10:00 in Sydney, 18:00 in New York, 23:00 in London
    expect(onCallOrder(rotation, at('2026-11-19T23:00:00Z')).map((p) => p.id)).toEqual([
      'sydney',
      'anytime',
      'newyork',
      'london',
    ]);
  });

  it('sorts by position, whatever order the members come in, and is stable on ties', () => {
    const shuffled = [rotation[3], rotation[1], rotation[2], rotation[0]];
    expect(onCallOrder(shuffled, now).map((p) => p.id)).toEqual([
      'london',
      'anytime',
      'sydney',
      'newyork',
    ]);
    const noHours = ['a', 'b', 'c'].map((id) => ({
      id,
      time_zone: 'Etc/UTC',
      working_hours: null,
    }));
    expect(onCallOrder(noHours, now).map((p) => p.id)).toEqual(['a', 'b', 'c']);
  });

  it('escalates to the next person in that order, and stops at the end', () => {
    const order = onCallOrder(rotation, now);
    expect(nextOnCall(order, null)?.id).toBe('london');
    expect(nextOnCall(order, 'london')?.id).toBe('anytime');
    expect(nextOnCall(order, 'sydney')?.id).toBe('newyork');
    expect(nextOnCall(order, 'newyork')).toBeNull();
    expect(nextOnCall(order, 'someone-removed')?.id).toBe('london');
    expect(nextOnCall([], null)).toBeNull();
  });
});

describe('roles, severities and their inputs', () => {
  it('has the seven built-in roles, with valid keys and a line of description each', () => {
    expect(BUILTIN_ROLES.map((r) => r.key)).toEqual([
      'incident_lead',
      'comms_lead',
      'internal_liaison',
      'customer_liaison',
      'support_lead',
      'executive_sponsor',
      'account_manager',
    ]);
    for (const r of BUILTIN_ROLES) {
      expect(roleKeyProblem(r.key)).toBeNull();
      expect(r.description.length).toBeGreaterThan(20);
    }
    for (const bad of ['Security', 'security-lead', 'a', '_x', 'x__y', '9lives', 'x_'])
      expect(roleKeyProblem(bad), bad).not.toBeNull();
  });

  it('ships SEV1–SEV3 that pass their own schema, with the PRODUCT.md defaults', () => {
    expect(DEFAULT_SEVERITIES.map((s) => s.key)).toEqual(['SEV1', 'SEV2', 'SEV3']);
    for (const s of DEFAULT_SEVERITIES) {
      expect(severityKeyProblem(s.key)).toBeNull();
      const { key: _k, ...body } = s;
      expect(parseInput(severityInput, body)).toEqual(body);
    }
    const [sev1, sev2, sev3] = DEFAULT_SEVERITIES.map((s) => s.settings);
    expect(sev1.cadence).toEqual({
      firstMinutes: 20,
      firstWindowMinutes: 120,
      laterMinutes: 60,
      reminderLeadMinutes: 5,
      interimAfterMinutes: 60,
    });
    expect(sev1.audiences.public).toEqual([
      'status_page',
      'email',
      'sms',
      'webhook',
      'slack',
      'teams',
    ]);
    expect(sev1.audiences.key_accounts).toEqual(['outreach']);
    expect([sev1.approvalRequired, sev2.approvalRequired, sev3.approvalRequired]).toEqual([
      true,
      true,
      false,
    ]);
    expect(sev1.autoPublishOnTimeout).toBe(true);
    expect(sev1.approvalTimeBoxMinutes).toBe(5);
    expect([sev1.ackTimeoutMinutes, sev2.ackTimeoutMinutes, sev3.ackTimeoutMinutes]).toEqual([
      5, 10, 15,
    ]);
    for (const s of [sev1, sev2, sev3]) expect(s.calledRoles).toContain('incident_lead');
  });

  it('names each bad field of a severity with a clear message', () => {
    const good = DEFAULT_SEVERITIES[0].settings;
    const fieldsOf = (v: unknown) => {
      try {
        parseInput(severitySettingsInput, v);
        return {};
      } catch (e) {
        return (e as { fields: Record<string, string> }).fields;
      }
    };
    expect(fieldsOf({ ...good, cadence: { ...good.cadence, interimAfterMinutes: 20 } })).toEqual({
      'cadence.interimAfterMinutes': 'must be at least 30 minutes',
    });
    expect(fieldsOf({ ...good, cadence: { ...good.cadence, reminderLeadMinutes: 20 } })).toEqual({
      'cadence.reminderLeadMinutes':
        'must be shorter than the time between updates (firstMinutes and laterMinutes)',
    });
    expect(fieldsOf({ ...good, audiences: { ...good.audiences, internal: ['fax'] } })).toEqual({
      'audiences.internal.0': 'must be one of email, sms, slack, teams',
    });
    expect(
      fieldsOf({ ...good, calledRoles: [], approvalRequired: 'yes', ackTimeoutMinutes: 1.5 }),
    ).toEqual({
      calledRoles: 'must call in at least one role (usually incident_lead)',
      approvalRequired: 'must be true or false',
      ackTimeoutMinutes: 'must be a whole number of minutes',
    });
    const { cadence: _c, ...noCadence } = good;
    expect(fieldsOf(noCadence)).toEqual({ cadence: 'is required' });
  });

  it('validates a person: phone, time zone, hours, and a Slack webhook or handle', () => {
    const fieldsOf = (v: unknown) => {
      try {
        parseInput(createPersonInput, v);
        return {};
      } catch (e) {
        return (e as { fields: Record<string, string> }).fields;
      }
    };
    expect(
      fieldsOf({ name: 'Ana', slack: '@ana', teams: 'https://example.webhook.office.com/x' }),
    ).toEqual({});
    const f = fieldsOf({
      name: ' ',
      phone: '07700 900123',
      time_zone: 'Mars/Olympus',
      working_hours: 'whenever',
      slack: 'not a handle!',
      nickname: 'x',
    });
    expect(Object.keys(f).sort()).toEqual([
      'name',
      'nickname',
      'phone',
      'slack',
      'time_zone',
      'working_hours',
    ]);
    expect(f.working_hours).toMatch(/09:00-17:30 Mon-Fri/);
    expect(f.time_zone).toMatch(/IANA/);
    expect(f.slack).toMatch(/incoming-webhook URL/);
  });
});
