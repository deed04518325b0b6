/** Reads what readiness scoring needs (src/domain/readiness.ts) from the plan and the environment. */
import { DEFAULT_LOCALE } from '../../domain/planSettings.js';
import type { PlanSummary } from '../../domain/readiness.js';
import { STAGES } from '../../domain/templates.js';
import type { Db } from '../db.js';
import { loadPlanSettings } from './plan.js';
import { listRoles, listSeverities } from './team.js';

type Env = Record<string, string | undefined>;

/** Which providers are configured; only whether each is set, never a value. */
export function providersFrom(env: Env): PlanSummary['providers'] {
  return {
    email: Boolean(env.FLARE_SMTP_URL),
    emailFallback: Boolean(env.FLARE_SMTP_FALLBACK_URL),
    sms: Boolean(env.FLARE_SMS_URL || env.FLARE_SMS_ACCOUNT_SID),
    smsFallback: Boolean(env.FLARE_SMS_FALLBACK_URL),
    // set by `flare start` when its demo inbox is the email provider (src/cli/commands/serve.ts)
    emailDemo: Boolean(env.FLARE_DEMO_INBOX_SMTP_URL) && !env.FLARE_SMTP_URL,
  };
}

export async function loadPlanSummary(db: Db, env: Env = process.env): Promise<PlanSummary> {
  const [roles, severities, settings, people, subs, stages] = await Promise.all([
    listRoles(db),
    listSeverities(db),
    loadPlanSettings(db),
    db.selectFrom('people').select(['id', 'name', 'email']).execute(),
    db
      .selectFrom('subscribers')
      .select(['person_id', 'channel'])
      .where('person_id', 'is not', null)
      .where('audience', '=', 'internal')
      .where('state', '=', 'active')
      .execute(),
    db
      .selectFrom('templates')
      .select('stage')
      .distinct()
      .where('locale', '=', DEFAULT_LOCALE)
      .execute(),
  ]);
  const channels = new Map<string, string[]>();
  for (const s of subs) {
    const list = channels.get(s.person_id as string) ?? [];
    if (!list.includes(s.channel)) list.push(s.channel);
    channels.set(s.person_id as string, list);
  }
  const owner = (v: string | undefined) => {
    if (!v) return undefined;
    const p = people.find((x) => x.id === v || x.email === v);
    return { value: p?.email ?? v, person: p?.name ?? null };
  };
  return {
    roles: roles.map((r) => ({
      key: r.key,
      name: r.name,
      members: r.rotation.map((p) => ({
        id: p.id,
        name: p.name,
        channels: channels.get(p.id) ?? [],
      })),
    })),
    severities: severities.map((s) => ({ key: s.key, name: s.name, settings: s.settings })),
    templateStages: stages.map((t) => t.stage),
    stages: STAGES,
    defaultLocale: DEFAULT_LOCALE,
    settings: {
      briefing_owner: owner(settings.briefing_owner),
      debrief_owner: owner(settings.debrief_owner),
      static_export_target: settings.static_export_target,
    },
    providers: providersFrom(env),
  };
}
