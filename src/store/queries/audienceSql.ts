/**
 * The SQL that selects an audience's contacts, shared by expansion (which queues the
 * deliveries) and the preview (which counts them), so the two always agree. It reads
 * `subscribers s` joined to `accounts a`; everything is set-based, nothing per contact.
 */
import { type RawBuilder, sql } from 'kysely';
import type { AudienceMatch, KeyAccountRule, ResolvedTarget } from '../../domain/audience.js';

const list = (xs: readonly string[]) => sql.join(xs.length ? xs : ['']);

/** `_` and `%` are LIKE wildcards: tags may hold `_`. */
const likeEscaped = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A plain subscriber (`s`) follows one of these components, or all of them; nothing when no
 * component is named. Shared by expansion and the declare preview's count of plain subscribers.
 */
export function followsComponentsSql(componentIds: readonly string[]): RawBuilder<unknown> {
  return componentIds.length
    ? sql`and (s.all_components = 1 or exists (select 1 from subscriber_components sc where sc.subscriber_id = s.id and sc.component_id in (${sql.join([...componentIds])})))`
    : sql``;
}

/** Below the plan's most severe level, a digest chooser (`s`) hears by digest, not by email. */
export const notDigestEmailSql = sql`and not (s.digest = 1 and s.channel = 'email')`;

/** The account-level part of a rule, over `a` alone (everything but the contact's role). */
export function accountMatchSql(
  m: AudienceMatch,
  componentIds: readonly string[],
  keyRule: KeyAccountRule,
): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (m.tiers?.length) parts.push(sql`a.tier in (${list(m.tiers)})`);
  if (m.criticality?.length) parts.push(sql`a.criticality in (${list(m.criticality)})`);
  if (m.regions?.length) parts.push(sql`a.region in (${list(m.regions)})`);
  if (m.tags?.length)
    parts.push(
      sql`(${sql.join(
        m.tags.map((t) => sql`a.tags like ${`%"${likeEscaped(t)}"%`} escape '\\'`),
        sql` or `,
      )})`,
    );
  if (m.key_only)
    parts.push(
      sql`(a.tier in (${list(keyRule.tiers)}) or a.criticality in (${list(keyRule.criticality)}))`,
    );
  // a page-wide event (no component named) touches every account
  if (m.affected_only && componentIds.length)
    parts.push(
      // `in (subquery)`, not `exists`: the planner can start from the affected components'
      // accounts (account_components_by_component) instead of probing every account
      sql`a.id in (select ac.account_id from account_components ac where ac.component_id in (${list(componentIds)}))`,
    );
  return sql`(${sql.join(parts, sql` and `)})`;
}

/** Accounts that any of the targets could reach (the account-level parts, OR-ed). */
export function targetAccountsSql(
  targets: readonly ResolvedTarget[],
  componentIds: readonly string[],
  keyRule: KeyAccountRule,
): RawBuilder<unknown> {
  if (targets.length === 0) return sql`1 = 0`;
  return sql`(${sql.join(
    targets.map((t) => accountMatchSql(t.match, componentIds, keyRule)),
    sql` or `,
  )})`;
}

/** One audience rule, over `s` (the contact) and `a` (its account). */
export function matchSql(
  m: AudienceMatch,
  componentIds: readonly string[],
  keyRule: KeyAccountRule,
): RawBuilder<unknown> {
  const role = m.roles?.length ? sql` and s.contact_role in (${list(m.roles)})` : sql``;
  return sql`(s.account_id is not null and ${accountMatchSql(m, componentIds, keyRule)}${role})`;
}

/** A contact is in a target when it matches the rule and its channel is one the target uses. */
export function targetSql(
  t: ResolvedTarget,
  componentIds: readonly string[],
  keyRule: KeyAccountRule,
): RawBuilder<unknown> {
  return sql`(${matchSql(t.match, componentIds, keyRule)} and s.channel in (${list(t.channels)}))`;
}

/** Contacts in any of the targets: each once, whatever the number of audiences it is in. */
export function targetsSql(
  targets: readonly ResolvedTarget[],
  componentIds: readonly string[],
  keyRule: KeyAccountRule,
): RawBuilder<unknown> {
  if (targets.length === 0) return sql`1 = 0`;
  return sql`(${sql.join(
    targets.map((t) => targetSql(t, componentIds, keyRule)),
    sql` or `,
  )})`;
}

/**
 * The active contacts in any of the targets, as `from … where …` over `accounts a join
 * subscribers s`: driven from the accounts the targets can reach, so an audience costs what
 * its own accounts cost, not what every contact does. Expansion adds its chunk range to it;
 * the preview counts it.
 */
export function audienceContactsSql(
  targets: readonly ResolvedTarget[],
  componentIds: readonly string[],
  keyRule: KeyAccountRule,
): RawBuilder<unknown> {
  return sql`accounts a join subscribers s on s.account_id = a.id
    where ${targetAccountsSql(targets, componentIds, keyRule)}
      and s.state = 'active' and s.audience = 'public'
      and ${targetsSql(targets, componentIds, keyRule)}`;
}
