/** The readiness rules, one per area: what each checks, how bad a miss is, and how to fix it. */
import {
  type AreaKey,
  type AreaRule,
  type Checks,
  type PlanSummary,
  type Readiness,
  scoreReadiness,
} from './readiness.js';

/** The roles every incident needs, so an empty rotation for them is critical. */
const CORE_ROLES = ['incident_lead', 'comms_lead'];
const CORE_STAGES = new Set(['investigating', 'resolved']);
/** The gap of a plan without severities (scored under the team, shown with the severities). */
export const NO_SEVERITIES =
  'The plan has no severities, so nobody is called in when an incident is declared.';

const roleName = (s: PlanSummary, key: string) =>
  (s.roles.find((r) => r.key === key)?.name ?? key).toLowerCase();
const membersOf = (s: PlanSummary, key: string) =>
  s.roles.find((r) => r.key === key)?.members ?? [];

/** Role key → the severities that call it in. */
function calledRoles(s: PlanSummary): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const sev of s.severities)
    for (const r of sev.settings.calledRoles ?? []) out.set(r, [...(out.get(r) ?? []), sev.key]);
  return out;
}

const team: AreaRule = (s, c) => {
  c.check(
    s.severities.length > 0,
    'critical',
    NO_SEVERITIES,
    'Add one with `flare plan import FILE` (a plan with severities:) or PUT /api/v1/severities/SEV1.',
  );
  const called = calledRoles(s);
  const keys = [...new Set([...CORE_ROLES, ...called.keys()])];
  for (const key of keys) {
    const core = CORE_ROLES.includes(key);
    const by = called.get(key);
    c.check(
      membersOf(s, key).length > 0,
      core ? 'critical' : 'warning',
      `Nobody is on the ${roleName(s, key)} rotation${by ? ` (called in by ${by.join(', ')})` : ''}.`,
      `Add someone with \`flare role rotation ${key} PERSON_ID\` (see \`flare team list\`).`,
      core ? 2 : 1,
    );
  }
  for (const key of CORE_ROLES) {
    const m = membersOf(s, key);
    if (m.length === 0) c.count(false);
    else
      c.check(
        m.length >= 2,
        'warning',
        `Only ${m[0].name} is on the ${roleName(s, key)} rotation, so nobody covers when they are away.`,
        `Add a second person: \`flare role rotation ${key} ${m[0].id} PERSON_ID\`.`,
      );
  }
};

function reachable(s: PlanSummary, ch: string): boolean {
  if (ch === 'email')
    return s.providers.email || s.providers.emailFallback || Boolean(s.providers.emailDemo);
  if (ch === 'sms') return s.providers.sms || s.providers.smsFallback;
  return ch === 'slack' || ch === 'teams';
}

const channels: AreaRule = (s, c) => {
  for (const sev of s.severities) {
    const a = sev.settings.audiences;
    for (const [aud, words] of [
      ['public', 'the public'],
      ['internal', 'the team'],
    ] as const) {
      c.check(
        (a?.[aud]?.length ?? 0) > 0,
        'critical',
        `${sev.key} tells ${words} on no channel.`,
        `Give ${sev.key} at least one ${aud} channel (settings.audiences.${aud}) with \`flare plan import FILE\` or PUT /api/v1/severities/${sev.key}.`,
      );
    }
  }
  const people = new Map<string, { p: PlanSummary['roles'][0]['members'][0]; roles: string[] }>();
  for (const key of new Set([...CORE_ROLES, ...calledRoles(s).keys()]))
    for (const p of membersOf(s, key)) {
      const e = people.get(p.id) ?? { p, roles: [] };
      e.roles.push(roleName(s, key));
      people.set(p.id, e);
    }
  for (const { p, roles } of people.values()) {
    const fix = `Give ${p.name} an email, a phone, or a Slack or Teams webhook: PATCH /api/v1/people/${p.id}.`;
    if (p.channels.length === 0) {
      c.check(
        false,
        'critical',
        `${p.name} is on the ${roles.join(' and ')} rotation but cannot be reached: no email, phone, or Slack or Teams webhook.`,
        fix,
      );
      continue;
    }
    const list = p.channels.join(' or ');
    c.check(
      p.channels.some((ch) => reachable(s, ch)),
      'warning',
      `${p.name} can only be reached by ${list}, and no provider for it is configured.`,
      `Set FLARE_SMTP_URL (email) or FLARE_SMS_URL (SMS), or give ${p.name} a Slack or Teams webhook.`,
    );
  }
};

const templates: AreaRule = (s, c) => {
  const have = new Set(s.templateStages);
  for (const stage of s.stages) {
    c.check(
      have.has(stage),
      CORE_STAGES.has(stage) ? 'critical' : 'warning',
      `There is no ${stage.replace(/_/g, ' ')} template in ${s.defaultLocale}.`,
      `Restart Flare to restore the built-in one, or add one: POST /api/v1/templates with stage ${stage} and locale ${s.defaultLocale}.`,
    );
  }
};

const approvals: AreaRule = (s, c) => {
  for (const sev of s.severities) {
    const st = sev.settings;
    c.check(
      typeof st.approvalRequired === 'boolean' && typeof st.approvalTimeBoxMinutes === 'number',
      'critical',
      `${sev.key} has no explicit approval rule.`,
      `Set approvalRequired and approvalTimeBoxMinutes for ${sev.key}.`,
    );
  }
  const top = s.severities.find((x) => x.key === 'SEV1') ?? s.severities[0];
  if (!top) return c.count(false);
  const st = top.settings;
  const leads = membersOf(s, 'incident_lead').length;
  c.check(
    !(st.approvalRequired && !st.autoPublishOnTimeout && leads < 2),
    'critical',
    `A ${top.key} message that needs approval can wait on a single approver, with nobody to step in and no publish on time-out.`,
    `Turn on autoPublishOnTimeout for ${top.key}, or add a backup approver: \`flare role rotation incident_lead FIRST_ID SECOND_ID\`.`,
  );
  const box = st.approvalTimeBoxMinutes ?? 0;
  c.check(
    !(st.approvalRequired && box > 5),
    'warning',
    `${top.key} approvals may wait ${box} minutes, past the 5-minute target for the first post.`,
    `Set approvalTimeBoxMinutes for ${top.key} to 5 or less.`,
  );
};

const backup: AreaRule = (s, c) => {
  c.check(
    s.providers.emailFallback || s.providers.smsFallback,
    'warning',
    'There is no fallback provider: if your email or SMS provider fails, nothing takes over.',
    'Set FLARE_SMTP_FALLBACK_URL to a second SMTP provider, or FLARE_SMS_FALLBACK_URL to a second SMS provider.',
  );
  c.check(
    Boolean(s.settings.static_export_target),
    'warning',
    'There is no static-export target: if Flare itself is down, there is no copy of the status page to send people to.',
    'Set one with `flare plan set static_export_target PATH_OR_URL`, and publish `flare export` there.',
  );
};

function owner(c: Checks, v: PlanSummary['settings']['briefing_owner'], what: string, key: string) {
  const fix = `Name one: \`flare plan set ${key} PERSON_ID_OR_EMAIL\`.`;
  c.check(Boolean(v), 'warning', `Nobody owns ${what}.`, fix);
  if (v)
    c.check(
      v.person !== null,
      'warning',
      `The ${key.replace('_', ' ')} (${v.value}) is not on the team.`,
      fix,
    );
}

const customerPrep: AreaRule = (s, c) =>
  owner(
    c,
    s.settings.briefing_owner,
    'customer-facing briefings (support scripts, account-team notes)',
    'briefing_owner',
  );

const debrief: AreaRule = (s, c) =>
  owner(c, s.settings.debrief_owner, 'the debrief after an incident', 'debrief_owner');

const cadence: AreaRule = (s, c) => {
  if (s.severities.length === 0) c.count(false);
  for (const sev of s.severities) {
    const cad = sev.settings.cadence;
    if (!cad) {
      c.check(
        false,
        'critical',
        `${sev.key} has no update cadence, so nothing promises or reminds the next update.`,
        `Give ${sev.key} a cadence (settings.cadence) with \`flare plan import FILE\` or PUT /api/v1/severities/${sev.key}.`,
      );
      continue;
    }
    c.check(
      cad.firstMinutes <= 30,
      'warning',
      `${sev.key} promises updates only every ${cad.firstMinutes} minutes at first; customers expect one at least every 30.`,
      `Set cadence.firstMinutes for ${sev.key} to 30 or less (20 is the default).`,
    );
    c.check(
      cad.interimAfterMinutes >= 60 && cad.interimAfterMinutes <= 90,
      'warning',
      `${sev.key} prompts for an interim update after ${cad.interimAfterMinutes} minutes; 60–90 is the practice.`,
      `Set cadence.interimAfterMinutes for ${sev.key} between 60 and 90.`,
    );
  }
};

export const READINESS_RULES: Record<AreaKey, AreaRule> = {
  team,
  channels,
  templates,
  approvals,
  backup,
  customer_prep: customerPrep,
  cadence,
  debrief,
};

export const readiness = (s: PlanSummary): Readiness => scoreReadiness(s, READINESS_RULES);
