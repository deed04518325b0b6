/**
 * Renders a template for any channel, locale, time zone and sample reader, and lists the
 * linter's findings. Reads only: nothing is written or sent. `opts.draft` previews a wording
 * not saved yet.
 */
import { IANAZone } from 'luxon';
import { invalid, notFound } from '../domain/errors.js';
import type { LintFinding } from '../domain/templateLint.js';
import type { TemplateChannel, TemplateDef } from '../domain/templates.js';
import { getIncident } from '../store/queries/incidents.js';
import { getPage } from '../store/queries/page.js';
import { findTemplate } from '../store/queries/templates.js';
import { compose } from '../templates/compose.js';
import { isLiquidLimit, liquidErrorMessage } from '../templates/sandbox.js';
import { type Ctx, requireScope } from './context.js';
import { parseInput } from './inputs.js';
import { assertLiquid } from './shared/templateChecks.js';
import { type PreviewTemplateInput, previewTemplateInput } from './templateInputs.js';

export interface Preview {
  template: {
    id: string;
    key: string;
    locale: string;
    stage: string;
    name: string;
    pre_approved: boolean;
  };
  locale: string;
  time_zone: string;
  renderings: Partial<Record<TemplateChannel, string>>;
  findings: LintFinding[];
}

export async function previewTemplate(
  ctx: Ctx,
  idOrKey: string,
  raw: PreviewTemplateInput | unknown,
  opts: { locale?: string; draft?: TemplateDef } = {},
): Promise<Preview> {
  requireScope(ctx.actor, 'read');
  const input = parseInput(previewTemplateInput, raw);
  const db = ctx.store.db;
  const reader = input.sample_recipient;
  const variant = input.locale ?? opts.locale ?? reader?.locale ?? 'en';
  const template = await findTemplate(db, idOrKey, variant);
  if (!template) throw notFound('template', idOrKey);
  const page = await getPage(db);
  const zone = reader?.time_zone ?? input.time_zone ?? page?.time_zone ?? 'UTC';
  if (!IANAZone.isValidZone(zone))
    throw invalid({
      [reader?.time_zone ? 'sample_recipient.time_zone' : 'time_zone']:
        'is not a time zone; use an IANA name such as Europe/Paris',
    });
  const incident = input.incident_id ? await getIncident(db, input.incident_id) : undefined;
  if (input.incident_id && !incident) throw invalid({ incident_id: 'is not a known incident' });
  const names = incident?.component_ids.length
    ? (
        await db
          .selectFrom('components')
          .select('name')
          .where('id', 'in', incident.component_ids)
          .orderBy('position')
          .execute()
      ).map((c) => c.name)
    : [];
  const vars = { ...input.vars };
  if (incident?.next_update_at && vars.next_update_at === undefined)
    vars.next_update_at = incident.next_update_at;
  if (reader?.name && vars.customer_name === undefined) vars.customer_name = reader.name;
  const base = (page?.url ?? ctx.fallbackUrl ?? 'http://localhost:8080').replace(/\/+$/, '');
  // an unsaved wording (the console's editor) is rendered in place of the stored one
  const composed = composeOr400(
    opts.draft ? { ...opts.draft, key: template.key } : template,
    vars,
    {
      pageName: page?.name ?? 'Status',
      statusUrl: incident ? `${base}/incidents/${incident.id}` : base,
      incidentName: incident?.name ?? 'Sample incident',
      components: names,
      contact: page?.support_email ?? page?.support_url ?? null,
    },
    { locale: reader?.locale ?? input.locale ?? template.locale, timeZone: zone },
  );
  const renderings =
    input.channel === 'all'
      ? composed.renderings
      : { [input.channel]: composed.renderings[input.channel] };
  const { id, key, locale, stage, name, pre_approved } = template;
  return {
    template: { id, key, locale, stage, name, pre_approved },
    locale: reader?.locale ?? input.locale ?? template.locale,
    time_zone: zone,
    renderings,
    findings: composed.findings,
  };
}

/** Composes, or answers 400 naming the channel whose Liquid fails (never a 500). */
function composeOr400(...args: Parameters<typeof compose>): ReturnType<typeof compose> {
  try {
    return compose(...args);
  } catch (err) {
    // a limit took its full time once already: do not render every channel again to name one
    if (isLiquidLimit(err)) throw invalid({ template: liquidErrorMessage(err) });
    assertLiquid(args[0]);
    throw invalid({ vars: `make the template fail: ${liquidErrorMessage(err)}` });
  }
}
