/** Readiness scoring: each gap appears when its condition is broken and goes when it is fixed. */
import { describe, expect, it } from 'vitest';
import type { PlanSummary } from '../../src/domain/readiness.js';
import { readiness } from '../../src/domain/readinessRules.js';
import { DEFAULT_SEVERITIES } from '../../src/domain/severity.js';
import { STAGES } from '../../src/domain/templates.js';
import { providersFrom } from '../../src/store/queries/readiness.js';

const person = (id: string, channels = ['email', 'slack']) => ({ id, name: id, channels });

/** A plan with nothing missing. */
function ready(): PlanSummary {
  const roles = [
    'incident_lead',
    'comms_lead',
    'internal_liaison',
    'customer_liaison',
    'support_lead',
    'executive_sponsor',
    'account_manager',
  ];
  return {
    roles: roles.map((key) => ({
      key,
      name: key.replace('_', ' ').replace(/^./, (c) => c.toUpperCase()),
      members: [person(`${key}-1`), person(`${key}-2`)],
    })),
    severities: DEFAULT_SEVERITIES.map((s) => structuredClone({ ...s })),
    templateStages: [...STAGES],
    stages: STAGES,
    defaultLocale: 'en',
    settings: {
      briefing_owner: { value: 'ana@acme.test', person: 'Ana' },
      debrief_owner: { value: 'bob@acme.test', person: 'Bob' },
      static_export_target: 's3://acme-status',
    },
    providers: { email: true, emailFallback: true, sms: true, smsFallback: false },
  };
}

const role = (s: PlanSummary, key: string) => s.roles.find((r) => r.key === key)!;
const sev = (s: PlanSummary, key: string) => s.severities.find((r) => r.key === key)!;

type Case = [
  string,
  (s: PlanSummary) => void,
  { area: string; severity: 'critical' | 'warning'; message: RegExp; fix?: RegExp },
];

const CASES: Case[] = [
  [
    'no comms lead',
    (s) => {
      role(s, 'comms_lead').members = [];
    },
    {
      area: 'team',
      severity: 'critical',
      message: /^Nobody is on the comms lead rotation \(called in by SEV1, SEV2, SEV3\)\.$/,
      fix: /flare role rotation comms_lead PERSON_ID/,
    },
  ],
  [
    'no support lead',
    (s) => {
      role(s, 'support_lead').members = [];
    },
    { area: 'team', severity: 'warning', message: /^Nobody is on the support lead rotation/ },
  ],
  [
    'one incident lead, no cover',
    (s) => {
      role(s, 'incident_lead').members.pop();
    },
    {
      area: 'team',
      severity: 'warning',
      message: /^Only incident_lead-1 is on the incident lead rotation, so nobody covers/,
    },
  ],
  [
    'no severities',
    (s) => {
      s.severities = [];
    },
    { area: 'team', severity: 'critical', message: /has no severities/ },
  ],
  [
    'a severity with no public channel',
    (s) => {
      sev(s, 'SEV2').settings.audiences!.public = [];
    },
    { area: 'channels', severity: 'critical', message: /^SEV2 tells the public on no channel\.$/ },
  ],
  [
    'a severity with no internal channel',
    (s) => {
      sev(s, 'SEV3').settings.audiences!.internal = [];
    },
    { area: 'channels', severity: 'critical', message: /^SEV3 tells the team on no channel\.$/ },
  ],
  [
    'someone on call nobody can reach',
    (s) => {
      role(s, 'comms_lead').members[0].channels = [];
    },
    {
      area: 'channels',
      severity: 'critical',
      message: /^comms_lead-1 is on the comms lead rotation but cannot be reached/,
      fix: /PATCH \/api\/v1\/people\/comms_lead-1/,
    },
  ],
  [
    'someone reachable only by email with no email provider',
    (s) => {
      role(s, 'comms_lead').members[0].channels = ['email'];
      s.providers.email = false;
      s.providers.emailFallback = false;
      s.providers.smsFallback = true;
    },
    {
      area: 'channels',
      severity: 'warning',
      message: /^comms_lead-1 can only be reached by email/,
    },
  ],
  [
    'no investigating template',
    (s) => {
      s.templateStages = s.templateStages.filter((t) => t !== 'investigating');
    },
    {
      area: 'templates',
      severity: 'critical',
      message: /^There is no investigating template in en\.$/,
    },
  ],
  [
    'no maintenance started template',
    (s) => {
      s.templateStages = s.templateStages.filter((t) => t !== 'maintenance_started');
    },
    { area: 'templates', severity: 'warning', message: /no maintenance started template/ },
  ],
  [
    'a severity without an explicit approval rule',
    (s) => {
      delete sev(s, 'SEV2').settings.approvalRequired;
    },
    { area: 'approvals', severity: 'critical', message: /^SEV2 has no explicit approval rule\.$/ },
  ],
  [
    'SEV1 approval that can block on one approver',
    (s) => {
      sev(s, 'SEV1').settings.autoPublishOnTimeout = false;
      role(s, 'incident_lead').members.pop();
    },
    {
      area: 'approvals',
      severity: 'critical',
      message: /^A SEV1 message that needs approval can wait on a single approver/,
    },
  ],
  [
    'a long SEV1 approval time box',
    (s) => {
      sev(s, 'SEV1').settings.approvalTimeBoxMinutes = 15;
    },
    { area: 'approvals', severity: 'warning', message: /SEV1 approvals may wait 15 minutes/ },
  ],
  [
    'no fallback provider',
    (s) => {
      s.providers.emailFallback = false;
    },
    { area: 'backup', severity: 'warning', message: /^There is no fallback provider/ },
  ],
  [
    'no static-export target',
    (s) => {
      delete s.settings.static_export_target;
    },
    {
      area: 'backup',
      severity: 'warning',
      message: /no static-export target/,
      fix: /flare plan set static_export_target/,
    },
  ],
  [
    'no briefing owner',
    (s) => {
      delete s.settings.briefing_owner;
    },
    {
      area: 'customer_prep',
      severity: 'warning',
      message: /^Nobody owns customer-facing briefings/,
    },
  ],
  [
    'a briefing owner who left',
    (s) => {
      s.settings.briefing_owner = { value: 'gone@acme.test', person: null };
    },
    {
      area: 'customer_prep',
      severity: 'warning',
      message: /\(gone@acme\.test\) is not on the team/,
    },
  ],
  [
    'a slow first cadence',
    (s) => {
      sev(s, 'SEV2').settings.cadence!.firstMinutes = 45;
    },
    {
      area: 'cadence',
      severity: 'warning',
      message: /^SEV2 promises updates only every 45 minutes/,
    },
  ],
  [
    'an interim prompt outside 60–90 minutes',
    (s) => {
      sev(s, 'SEV3').settings.cadence!.interimAfterMinutes = 120;
    },
    {
      area: 'cadence',
      severity: 'warning',
      message: /^SEV3 prompts for an interim update after 120/,
    },
  ],
  [
    'a severity with no cadence',
    (s) => {
      delete sev(s, 'SEV1').settings.cadence;
    },
    { area: 'cadence', severity: 'critical', message: /^SEV1 has no update cadence/ },
  ],
  [
    'no debrief owner',
    (s) => {
      delete s.settings.debrief_owner;
    },
    {
      area: 'debrief',
      severity: 'warning',
      message: /^Nobody owns the debrief/,
      fix: /flare plan set debrief_owner/,
    },
  ],
];

describe('readiness', () => {
  it('scores a complete plan 100 with no gaps', () => {
    const r = readiness(ready());
    expect(r.gaps).toEqual([]);
    expect(r.score).toBe(100);
    expect(r.ready).toBe(true);
    expect(r.areas.map((a) => [a.key, a.score])).toEqual([
      ['team', 100],
      ['channels', 100],
      ['templates', 100],
      ['approvals', 100],
      ['backup', 100],
      ['customer_prep', 100],
      ['cadence', 100],
      ['debrief', 100],
    ]);
  });

  it('counts the demo inbox as an email provider: someone reachable only by email is reachable', () => {
    const s = ready();
    role(s, 'comms_lead').members[0].channels = ['email'];
    s.providers = { email: false, emailFallback: false, sms: true, smsFallback: true };
    const only = /^comms_lead-1 can only be reached by email/;
    expect(readiness(s).gaps.some((g) => only.test(g.message))).toBe(true);
    s.providers.emailDemo = true;
    expect(readiness(s).gaps.filter((g) => g.area === 'channels')).toEqual([]);
  });

  it('reads the demo inbox from what `flare start` sets, and a real SMTP provider wins', () => {
    const demo = { FLARE_DEMO_INBOX_SMTP_URL: 'smtp://127.0.0.1:2525' };
    expect(providersFrom(demo)).toMatchObject({ email: false, emailDemo: true });
    expect(providersFrom({ ...demo, FLARE_SMTP_URL: 'smtp://mail.test' })).toMatchObject({
      email: true,
      emailDemo: false,
    });
    expect(providersFrom({}).emailDemo).toBe(false);
  });

  it.each(CASES)('%s: the gap appears, and goes once fixed', (_what, brk, want) => {
    const broken = ready();
    brk(broken);
    const r = readiness(broken);
    const gap = r.gaps.find((g) => want.message.test(g.message));
    expect(gap, r.gaps.map((g) => g.message).join('\n')).toBeDefined();
    expect(gap!.area).toBe(want.area);
    expect(gap!.severity).toBe(want.severity);
    if (want.fix) expect(gap!.fix).toMatch(want.fix);
    expect(gap!.fix.length).toBeGreaterThan(10);
    expect(r.ready).toBe(want.severity !== 'critical' || false);
    const area = r.areas.find((a) => a.key === want.area)!;
    expect(area.score).toBeLessThan(100);
    expect(area.gaps).toContainEqual(gap);
    expect(r.score).toBeLessThan(100);
    // fixed: in a plan with this break and another, undoing only this one removes only its gap
    const good = ready();
    const changedBy = (s: PlanSummary) =>
      (Object.keys(good) as (keyof PlanSummary)[]).filter(
        (k) => JSON.stringify(good[k]) !== JSON.stringify(s[k]),
      );
    const mine = changedBy(broken);
    expect(mine.length, 'the break changes the plan').toBeGreaterThan(0);
    // another break, in other parts of the plan, whose gap shows alongside this one
    const withOther = (b: Case[1]) => {
      const s = ready();
      b(s);
      brk(s);
      return s;
    };
    const shows = (s: PlanSummary, m: RegExp) => readiness(s).gaps.some((g) => m.test(g.message));
    const other = CASES.find(([, b, w]) => {
      const s = ready();
      b(s);
      const theirs = changedBy(s);
      if (!theirs.length || theirs.some((k) => mine.includes(k))) return false;
      const both = withOther(b);
      return shows(both, want.message) && shows(both, w.message);
    });
    expect(other, 'another break to fix this one beside').toBeDefined();
    const fixed = withOther(other![1]);
    for (const k of mine) Object.assign(fixed, { [k]: structuredClone(good[k]) });
    expect(shows(fixed, want.message)).toBe(false);
    expect(shows(fixed, other![2].message)).toBe(true);
  });

  it('gives partial credit: one missing rotation of seven costs part of one area', () => {
    const s = ready();
    role(s, 'account_manager').members = [];
    const r = readiness(s);
    const team = r.areas.find((a) => a.key === 'team')!;
    expect(team.score).toBeGreaterThan(80);
    expect(team.score).toBeLessThan(100);
    expect(r.score).toBe(Math.round((700 + team.score) / 8));
  });

  it('lists critical gaps first', () => {
    const s = ready();
    delete s.settings.debrief_owner;
    role(s, 'incident_lead').members = [];
    const r = readiness(s);
    expect(r.gaps[0].severity).toBe('critical');
    expect(r.gaps.at(-1)!.severity).toBe('warning');
  });
});
