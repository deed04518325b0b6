/** Read queries for the team: people, roles with their rotations, and severities. */
import type { SeveritySettings } from '../../domain/severity.js';
import type { Db } from '../db.js';
import type { PersonTable, RoleTable, SeverityTable } from '../schema.js';

export type Person = PersonTable;

/** A person in a rotation: position 0 is on call first. */
export interface RotationMember extends Person {
  position: number;
}

export interface Role {
  key: string;
  name: string;
  description: string;
  builtin: boolean;
  position: number;
  /** the on-call rotation, in order */
  rotation: RotationMember[];
}

export interface Severity {
  key: string;
  name: string;
  description: string;
  position: number;
  settings: SeveritySettings;
  updated_at: string;
}

export async function listPeople(db: Db): Promise<Person[]> {
  return db.selectFrom('people').selectAll().orderBy('name').orderBy('id').execute();
}

export async function getPerson(db: Db, id: string): Promise<Person | undefined> {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

function toRole(r: RoleTable, rotation: RotationMember[]): Role {
  return {
    key: r.key,
    name: r.name,
    description: r.description,
    builtin: Number(r.builtin) === 1,
    position: Number(r.position),
    rotation,
  };
}

async function rotations(db: Db, roleKey?: string): Promise<Map<string, RotationMember[]>> {
  let q = db
    .selectFrom('rotation_members as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .selectAll('p')
    .select(['m.role_key', 'm.position']);
  if (roleKey) q = q.where('m.role_key', '=', roleKey);
  const rows = await q.orderBy('m.role_key').orderBy('m.position').execute();
  const out = new Map<string, RotationMember[]>();
  for (const { role_key, position, ...person } of rows) {
    const list = out.get(role_key) ?? [];
    list.push({ ...person, position: Number(position) });
    out.set(role_key, list);
  }
  return out;
}

/** Every role in plan order, each with its rotation. */
export async function listRoles(db: Db): Promise<Role[]> {
  const rows = await db
    .selectFrom('roles')
    .selectAll()
    .orderBy('position')
    .orderBy('key')
    .execute();
  const members = await rotations(db);
  return rows.map((r) => toRole(r, members.get(r.key) ?? []));
}

export async function getRole(db: Db, key: string): Promise<Role | undefined> {
  const r = await db.selectFrom('roles').selectAll().where('key', '=', key).executeTakeFirst();
  if (!r) return undefined;
  return toRole(r, (await rotations(db, key)).get(key) ?? []);
}

/** The roles whose rotation includes the person, as [key, name]. */
export async function rotationRolesOf(
  db: Db,
  personId: string,
): Promise<{ key: string; name: string }[]> {
  return db
    .selectFrom('rotation_members as m')
    .innerJoin('roles as r', 'r.key', 'm.role_key')
    .select(['r.key', 'r.name'])
    .where('m.person_id', '=', personId)
    .orderBy('r.position')
    .execute();
}

function toSeverity(r: SeverityTable): Severity {
  return {
    key: r.key,
    name: r.name,
    description: r.description,
    position: Number(r.position),
    settings: JSON.parse(r.settings) as SeveritySettings,
    updated_at: r.updated_at,
  };
}

export async function listSeverities(db: Db): Promise<Severity[]> {
  const rows = await db
    .selectFrom('severities')
    .selectAll()
    .orderBy('position')
    .orderBy('key')
    .execute();
  return rows.map(toSeverity);
}

export async function getSeverity(db: Db, key: string): Promise<Severity | undefined> {
  const r = await db.selectFrom('severities').selectAll().where('key', '=', key).executeTakeFirst();
  return r ? toSeverity(r) : undefined;
}

/** Whether a severity is the plan's most severe level (the first in plan order, e.g. SEV1). */
export async function isTopSeverity(db: Db, key: string): Promise<boolean> {
  const first = await db
    .selectFrom('severities')
    .select('key')
    .orderBy('position')
    .orderBy('key')
    .limit(1)
    .executeTakeFirst();
  return first?.key === key;
}
