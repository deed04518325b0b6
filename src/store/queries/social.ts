/** Reads of the social accounts (migration 017). Credentials never leave here: only whether there are some. */

import type { Selectable } from 'kysely';
import type { SocialKind, SocialSettings } from '../../domain/social.js';
import type { Db } from '../db.js';
import type { SocialAccountTable } from '../schema.js';

export type SocialAccountRow = Selectable<SocialAccountTable>;

export interface SocialAccountView {
  kind: SocialKind;
  url: string | null;
  handle: string | null;
  /** where the settings come from: the API (stored, sealed) or the environment */
  settings_from: 'api' | 'env';
  has_credentials: boolean;
  enabled: boolean;
  /** each public update is posted to this account */
  post_updates: boolean;
  poll_cursor: string | null;
  last_polled_at: string | null;
  last_ok_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  created_at: string | null;
  updated_at: string | null;
}

export function getSocialAccountRow(db: Db, kind: SocialKind) {
  return db.selectFrom('social_accounts').selectAll().where('kind', '=', kind).executeTakeFirst();
}

/** The account as the API shows it: the stored row, else the environment's settings; undefined when neither. */
export function socialAccountView(
  kind: SocialKind,
  row: SocialAccountRow | undefined,
  env: SocialSettings | undefined,
): SocialAccountView | undefined {
  if (!row && !env) return undefined;
  const stored = !!row?.credentials;
  return {
    kind,
    url: stored ? row!.url : (env?.url ?? row?.url ?? null),
    handle: stored ? row!.handle : (env?.handle ?? row?.handle ?? null),
    settings_from: stored || !env ? 'api' : 'env',
    has_credentials: stored || !!env,
    enabled: row ? Number(row.enabled) === 1 : true,
    post_updates: row ? Number(row.post_updates) === 1 : false,
    poll_cursor: row?.poll_cursor ?? null,
    last_polled_at: row?.last_polled_at ?? null,
    last_ok_at: row?.last_ok_at ?? null,
    last_error: row?.last_error ?? null,
    last_error_at: row?.last_error_at ?? null,
    created_at: row?.created_at ?? null,
    updated_at: row?.updated_at ?? null,
  };
}

export async function getSocialAccount(
  db: Db,
  kind: SocialKind,
  env: SocialSettings | undefined,
): Promise<SocialAccountView | undefined> {
  return socialAccountView(kind, await getSocialAccountRow(db, kind), env);
}
