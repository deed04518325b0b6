/**
 * The debrief's SMS check (issue #14): deliveries do not keep the text sent, so each update of
 * the incident that was written from a template and queued for SMS is rendered again through
 * its template's SMS wording (as the preview does), in each of the page's languages, made GSM-7
 * safe as the SMS channel does, and its segments counted. An update written as free text is
 * shortened to one segment by the SMS channel when sent (channels/sms.ts), so it is not checked.
 */

import { sql } from 'kysely';
import type { ReachFacts, SmsOverSegment } from '../../domain/debriefReach.js';
import { DEFAULT_PAGE_LANGUAGES } from '../../domain/locale.js';
import { smsSegments, toGsm7 } from '../../domain/sms.js';
import type { Db } from '../../store/db.js';
import { getPage } from '../../store/queries/page.js';
import { composeForIncident } from './templateMessage.js';

export async function debriefSms(
  db: Db,
  incident: { id: string; name: string },
  smsSent: boolean,
  fallbackUrl?: string,
): Promise<ReachFacts['sms']> {
  if (!smsSent) return null;
  const rows = await sql<{
    id: string;
    template_key: string;
    template_vars: string | null;
    next_update_at: string | null;
  }>`select u.id, u.template_key, u.template_vars, u.next_update_at
    from incident_updates u
    where u.incident_id = ${incident.id} and u.template_key is not null
      and exists (select 1 from notifications n where n.update_id = u.id and n.incident_id = ${incident.id}
        and exists (select 1 from deliveries d where d.notification_id = n.id
          and d.channel = 'sms' and d.state != 'cancelled'))
    order by u.created_at, u.id`.execute(db);
  if (!rows.rows.length) return { checked: 0, over: [] };
  const page = await getPage(db);
  // no page row yet: the page is served in the default languages
  const languages = (page?.languages ?? DEFAULT_PAGE_LANGUAGES)
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  const components = (
    await db
      .selectFrom('incident_components')
      .select('component_id')
      .where('incident_id', '=', incident.id)
      .execute()
  ).map((c) => c.component_id);
  let checked = 0;
  const over: SmsOverSegment[] = [];
  for (const u of rows.rows) {
    const seen = new Set<string>();
    for (const locale of languages) {
      let message: Awaited<ReturnType<typeof composeForIncident>>;
      try {
        message = await composeForIncident(db, {
          template: u.template_key,
          locale,
          vars: { ...JSON.parse(u.template_vars ?? '{}'), next_update_at: u.next_update_at ?? '' },
          incidentName: incident.name,
          componentIds: components,
          incidentId: incident.id,
          fallbackUrl,
        });
      } catch {
        continue; // the template is gone or no longer renders: nothing to measure
      }
      // a language the template lacks falls back to another one: count each wording once
      if (seen.has(message.template.id)) continue;
      seen.add(message.template.id);
      checked++;
      const s = smsSegments(toGsm7(message.composed.renderings.sms ?? ''));
      if (s.segments > 1)
        over.push({
          update_id: u.id,
          template: message.template.id,
          key: message.template.key,
          locale: message.template.locale,
          encoding: s.encoding,
          units: s.units,
          segments: s.segments,
        });
    }
  }
  return { checked, over };
}
