/**
 * Who did something, as a person reads it: "Ben Okafor (comms lead)" rather than the actor id
 * the audit log keeps ("token:comms-lead"). A token named after a person or a role reads as
 * that person (with their role in this incident); any other token reads as its name, without
 * the timestamps scripts put in token names.
 */
import { DEMO_TOKEN_NAME, SIGNIN_TOKEN_NAME } from '../../domain/tokenNames.js';

export interface ActorTeam {
  /** who holds which role in this incident */
  roles: { role_key: string; role_name: string; person_name: string }[];
  /** everyone on the team */
  people: { name: string; email: string | null }[];
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Date and time stamps a script puts in a token's name ("deploy-2026-12-02T21:40:00Z"). */
const STAMP =
  /[\s_-]*\d{4}-?\d{2}-?\d{2}(?:[T\s_-]?\d{2}:?\d{2}(?::?\d{2}(?:\.\d+)?)?Z?)?|[\s_-]*\d{10,}/g;

function person(name: string, t: ActorTeam): string {
  const held = t.roles.filter((r) => r.person_name === name).map((r) => r.role_name.toLowerCase());
  return held.length ? `${name} (${held.join(', ')})` : name;
}

export function actorLabel(actor: string, t: ActorTeam): string {
  if (actor === 'system' || actor === 'flare' || actor.startsWith('system:')) return 'Flare';
  if (actor === 'cli') return 'Command line';
  if (actor === `token:${SIGNIN_TOKEN_NAME}`) return 'Console (sign-in code)';
  const name = actor.replace(/^[a-z]+:/, '');
  const bare = name.replace(STAMP, '').trim() || name;
  const key = norm(bare);
  if (!key) return bare;
  const who = t.people.find(
    (p) =>
      norm(p.name) === key ||
      norm(p.name).split(' ')[0] === key ||
      (p.email && (norm(p.email) === key || norm(p.email.split('@')[0]) === key)),
  );
  if (who) return person(who.name, t);
  const role = t.roles.find((r) => norm(r.role_key) === key || norm(r.role_name) === key);
  if (role) return `${role.person_name} (${role.role_name.toLowerCase()})`;
  return actor.startsWith('token:') && !bare.includes('(') ? `${bare} (API token)` : bare;
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** an actor id inside a sentence: the token names with spaces first, then one word */
const IN_TEXT = new RegExp(
  `\\b(?:token:(?:${[SIGNIN_TOKEN_NAME, DEMO_TOKEN_NAME].map(literal).join('|')}|[^\\s,;:()]+))`,
  'g',
);

/** A room entry's text with the actor ids in it ("token:comms-lead declared …") as people. */
export function withActorNames(text: string, t: ActorTeam): string {
  return text.replace(IN_TEXT, (m) => actorLabel(m, t));
}
