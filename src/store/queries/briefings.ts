/** Briefing packs: their versions, who read them, and what a new version is built from. */

import { isKeyAccount } from '../../domain/audience.js';
import {
  type BriefingPack,
  briefingRoles,
  buildPack,
  type PackInputs,
} from '../../domain/briefing.js';
import { type BriefingDefaults, briefingDefaults } from '../../domain/briefingDefaults.js';
import type { Db } from '../db.js';
import { getKeyRule, jsonSetting } from './audiences.js';

/** Where the plan's briefing wording is kept (plan_settings, as JSON). */
export const BRIEFING_SETTING = 'briefing_defaults';

/** The plan's briefing wording over the built-in one. */
export async function getBriefingDefaults(db: Db): Promise<BriefingDefaults> {
  return briefingDefaults(
    (await jsonSetting<Partial<BriefingDefaults>>(db, BRIEFING_SETTING)) ?? {},
  );
}

export interface BriefingVersion {
  incident_id: string;
  version: number;
  pack: BriefingPack;
  created_at: string;
  actor: string;
}

export interface BriefingAck {
  person_id: string;
  version: number;
  at: string;
}

const toVersion = (r: {
  incident_id: string;
  version: number;
  pack: string;
  created_at: string;
  actor: string;
}): BriefingVersion => ({ ...r, version: Number(r.version), pack: JSON.parse(r.pack) });

export async function latestBriefing(
  db: Db,
  incidentId: string,
): Promise<BriefingVersion | undefined> {
  const r = await db
    .selectFrom('briefings')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r && toVersion(r);
}

export async function getBriefing(
  db: Db,
  incidentId: string,
  version: number,
): Promise<BriefingVersion | undefined> {
  const r = await db
    .selectFrom('briefings')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('version', '=', version)
    .executeTakeFirst();
  return r && toVersion(r);
}

/** Every version, newest first, without the packs. */
export async function listBriefingVersions(db: Db, incidentId: string) {
  const rows = await db
    .selectFrom('briefings')
    .select(['version', 'created_at', 'actor'])
    .where('incident_id', '=', incidentId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, version: Number(r.version) }));
}

export async function listBriefingAcks(db: Db, incidentId: string): Promise<BriefingAck[]> {
  const rows = await db
    .selectFrom('briefing_acks')
    .select(['person_id', 'version', 'at'])
    .where('incident_id', '=', incidentId)
    .orderBy('version')
    .orderBy('at')
    .orderBy('person_id')
    .execute();
  return rows.map((r) => ({ ...r, version: Number(r.version) }));
}

/** The people a briefing goes to: those in the plan's briefing roles, else the whole team. */
export async function briefingRecipients(db: Db): Promise<string[]> {
  const setting = await db
    .selectFrom('plan_settings')
    .select('value')
    .where('key', '=', 'briefing_roles')
    .executeTakeFirst();
  const members = await db
    .selectFrom('rotation_members')
    .select('person_id')
    .distinct()
    .where('role_key', 'in', briefingRoles(setting?.value))
    .orderBy('person_id')
    .execute();
  if (members.length) return members.map((m) => m.person_id);
  const all = await db.selectFrom('people').select('id').orderBy('id').execute();
  return all.map((p) => p.id);
}

/** Everything a new pack is built from, as the incident stands now (read in the caller's transaction). */
export async function packInputs(db: Db, incidentId: string): Promise<PackInputs | undefined> {
  const incident = await db
    .selectFrom('incidents')
    .select(['name', 'status', 'next_update_at'])
    .where('id', '=', incidentId)
    .executeTakeFirst();
  if (!incident) return undefined;
  const update = await db
    .selectFrom('incident_updates')
    .select(['status', 'body', 'created_at'])
    .where('incident_id', '=', incidentId)
    .where('visibility', '=', 'public')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const components = await db
    .selectFrom('incident_components as ic')
    .innerJoin('components as c', 'c.id', 'ic.component_id')
    .select(['c.id', 'c.name'])
    .where('ic.incident_id', '=', incidentId)
    .orderBy('c.position')
    .orderBy('c.name')
    .execute();
  const ids = components.map((c) => c.id);
  const rule = await getKeyRule(db);
  const accounts = ids.length
    ? await db
        .selectFrom('accounts as a')
        .select(['a.id', 'a.name', 'a.tier', 'a.criticality'])
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('account_components as ac')
              .select('ac.account_id')
              .whereRef('ac.account_id', '=', 'a.id')
              .where('ac.component_id', 'in', ids),
          ),
        )
        .orderBy('a.name')
        .orderBy('a.id')
        .execute()
    : [];
  const contacts = await db
    .selectFrom('incident_roles as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .leftJoin('roles as ro', 'ro.key', 'r.role_key')
    .select(['r.role_key', 'ro.name as role_name', 'p.id', 'p.name', 'p.email', 'p.phone'])
    .where('r.incident_id', '=', incidentId)
    .orderBy('ro.position')
    .orderBy('r.role_key')
    .execute();
  return {
    incident,
    update: update ?? null,
    components: components.map((c) => c.name),
    accounts: accounts.map((a) => ({
      id: a.id,
      name: a.name,
      tier: a.tier,
      key: isKeyAccount(a, rule),
    })),
    contacts: contacts.map((c) => ({
      role_key: c.role_key,
      role_name: c.role_name ?? c.role_key,
      person_id: c.id,
      name: c.name,
      email: c.email,
      phone: c.phone,
    })),
    recipients: await briefingRecipients(db),
    defaults: await getBriefingDefaults(db),
  };
}

/** The latest version with every acknowledgement; before any version, the pack as it would be (version 0). */
export async function currentBriefing(
  db: Db,
  incidentId: string,
): Promise<{ current: BriefingVersion; acks: BriefingAck[] } | undefined> {
  const latest = await latestBriefing(db, incidentId);
  if (latest) return { current: latest, acks: await listBriefingAcks(db, incidentId) };
  const inputs = await packInputs(db, incidentId);
  if (!inputs) return undefined;
  const pack = buildPack(inputs);
  return {
    current: { incident_id: incidentId, version: 0, pack, created_at: '', actor: '' },
    acks: [],
  };
}

/** Each recipient of a version: whether they read it, the newest version they read, and whether they were reminded. */
export async function briefingReaders(
  db: Db,
  incidentId: string,
  version: number,
  recipients: string[],
) {
  if (recipients.length === 0) return [];
  const [people, acks, reminders] = await Promise.all([
    db.selectFrom('people').select(['id', 'name']).where('id', 'in', recipients).execute(),
    db
      .selectFrom('briefing_acks')
      .select(['person_id', 'version', 'at'])
      .where('incident_id', '=', incidentId)
      .where('person_id', 'in', recipients)
      .execute(),
    db
      .selectFrom('briefing_sends')
      .select('person_id')
      .where('incident_id', '=', incidentId)
      .where('version', '=', version)
      .where('kind', '=', 'reminder')
      .execute(),
  ]);
  const reminded = new Set(reminders.map((r) => r.person_id));
  return people
    .map((p) => {
      const mine = acks.filter((a) => a.person_id === p.id);
      const now = mine.find((a) => Number(a.version) === version);
      const last = Math.max(0, ...mine.map((a) => Number(a.version)));
      return {
        person_id: p.id,
        name: p.name,
        read_at: now?.at ?? null,
        last_read: !now && last ? last : null,
        reminded: reminded.has(p.id),
      };
    })
    .sort(
      (a, b) =>
        Number(Boolean(a.read_at)) - Number(Boolean(b.read_at)) || a.name.localeCompare(b.name),
    );
}

/** The latest version and how many of its recipients read it (the incident screen's link). */
export async function briefingSummary(
  db: Db,
  incidentId: string,
): Promise<{ version: number; read: number; total: number } | null> {
  const latest = await latestBriefing(db, incidentId);
  if (!latest) return null;
  const acks = await db
    .selectFrom('briefing_acks')
    .select('person_id')
    .where('incident_id', '=', incidentId)
    .where('version', '=', latest.version)
    .execute();
  const who = new Set(latest.pack.recipients);
  return {
    version: latest.version,
    read: acks.filter((a) => who.has(a.person_id)).length,
    total: who.size,
  };
}
