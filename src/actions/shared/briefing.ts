/** Briefing versions and links, shared by updates, edits, the signed page and the timer. */
import {
  applyEdit,
  type BriefingEdit,
  type BriefingPack,
  buildPack,
} from '../../domain/briefing.js';
import { notFound } from '../../domain/errors.js';
import { sign, verifySignature } from '../../lib/signing.js';
import type { Db } from '../../store/db.js';
import { latestBriefing, packInputs } from '../../store/queries/briefings.js';

/**
 * Writes the incident's next briefing version, rebuilt from the incident as it stands (its
 * latest public update) with the lists edited for it kept, and `edit` applied. Runs in the
 * caller's transaction; the timer pushes it to the team.
 */
export async function writeBriefingVersion(
  db: Db,
  incidentId: string,
  at: string,
  actor: string,
  edit?: BriefingEdit,
): Promise<{ version: number; pack: BriefingPack }> {
  const previous = await latestBriefing(db, incidentId);
  const inputs = await packInputs(db, incidentId);
  if (!inputs) throw notFound('incident', incidentId);
  let pack = buildPack({ ...inputs, previous: previous?.pack });
  if (edit) pack = applyEdit(pack, edit);
  const version = (previous?.version ?? 0) + 1;
  await db
    .insertInto('briefings')
    .values({ incident_id: incidentId, version, pack: JSON.stringify(pack), created_at: at, actor })
    .execute();
  return { version, pack };
}

/** After a public update to an incident: a new briefing version (drafts and drills have none). */
export async function briefingForUpdate(
  db: Db,
  incident: { id: string; kind: string; draft: number; drill: number },
  at: string,
): Promise<void> {
  if (incident.kind !== 'incident' || Number(incident.draft) || Number(incident.drill)) return;
  await writeBriefingVersion(db, incident.id, at, 'flare');
}

const subject = (incidentId: string, version: number, personId: string) =>
  `${incidentId}:${version}:${personId}`;

/** The signed link that opens one version of the pack for one person, who can acknowledge it. */
export function briefingLink(
  key: Buffer,
  pageUrl: string,
  incidentId: string,
  version: number,
  personId: string,
): string {
  const sig = sign(key, 'briefing', subject(incidentId, version, personId));
  return `${pageUrl.replace(/\/+$/, '')}/briefing/${encodeURIComponent(incidentId)}/${version}/${encodeURIComponent(personId)}?sig=${sig}`;
}

export function briefingSignatureOk(
  key: Buffer,
  incidentId: string,
  version: number,
  personId: string,
  sig: unknown,
): boolean {
  return verifySignature(key, 'briefing', subject(incidentId, version, personId), sig);
}

/**
 * Declaring assigns the roles after writing the first update: the version that update made (in
 * the same transaction, so nobody has seen it) learns its escalation contacts.
 */
export async function refreshBriefingContacts(
  db: Db,
  incidentId: string,
  at: string,
): Promise<void> {
  const latest = await latestBriefing(db, incidentId);
  if (!latest || latest.created_at !== at) return;
  const inputs = await packInputs(db, incidentId);
  if (!inputs) return;
  const pack: BriefingPack = { ...latest.pack, escalation_contacts: inputs.contacts };
  await db
    .updateTable('briefings')
    .set({ pack: JSON.stringify(pack) })
    .where('incident_id', '=', incidentId)
    .where('version', '=', latest.version)
    .execute();
}
