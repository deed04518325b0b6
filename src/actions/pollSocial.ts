/**
 * The scheduler's social job (issue #11): each enabled account's new mentions become enquiries
 * (channel `social`, source `mastodon` or `bluesky`) through receiveEnquiry, oldest first. The
 * cursor moves only past mentions whose raw rows are committed, and a mention already stored
 * (same source and post) is skipped, so a rerun after a crash or a failure never duplicates.
 * A failure is kept on the account (last_error) and the next run tries again; one failing
 * account does not hold up the other. Each account is read at most once a minute, and at most
 * `pages` requests per run.
 */
import { socialSources } from '../channels/social/registry.js';
import {
  checkSocialUrl,
  failureText,
  type PollLimits,
  type SocialSource,
} from '../channels/social/types.js';
import { DomainError } from '../domain/errors.js';
import {
  FIRST_POLL_LOOKBACK_MS,
  type Mention,
  SOCIAL_KINDS,
  SOCIAL_POLL_INTERVAL_MS,
  type SocialEnv,
  type SocialKind,
  type SocialSettings,
} from '../domain/social.js';
import { newId } from '../lib/ids.js';
import { unseal } from '../lib/secretBox.js';
import { getSocialAccountRow, type SocialAccountRow } from '../store/queries/social.js';
import { type Ctx, inTransaction } from './context.js';
import { receiveEnquiry } from './receiveEnquiry.js';
import { sealPurpose } from './setSocialAccount.js';

export interface PollSocialOptions {
  /** the accounts the environment gives (config.social) */
  env?: SocialEnv;
  /** read every account now, however recently it was read */
  force?: boolean;
  pageSize?: number;
  pages?: number;
  sources?: Record<SocialKind, SocialSource>;
}

export interface PollResult {
  stored: number;
  duplicates: number;
  skipped: number;
  error?: string;
}

export async function pollSocial(
  ctx: Ctx,
  opts: PollSocialOptions = {},
): Promise<Partial<Record<SocialKind, PollResult>>> {
  const out: Partial<Record<SocialKind, PollResult>> = {};
  for (const kind of SOCIAL_KINDS) {
    const env = opts.env?.[kind];
    let row = await getSocialAccountRow(ctx.store.db, kind);
    if (!row && !env) continue;
    row ??= await stateRowFor(ctx, kind);
    if (Number(row.enabled) !== 1) continue;
    const now = ctx.clock.now().getTime();
    if (
      !opts.force &&
      row.last_polled_at &&
      now - Date.parse(row.last_polled_at) < SOCIAL_POLL_INTERVAL_MS
    )
      continue;
    out[kind] = await pollAccount(ctx, row, env, opts);
  }
  return out;
}

/** The row that keeps the cursor of an account the environment gives. */
async function stateRowFor(ctx: Ctx, kind: SocialKind): Promise<SocialAccountRow> {
  await inTransaction(ctx, { scope: 'write' }, async (tx) => {
    if (await getSocialAccountRow(tx.db, kind)) return;
    await tx.db
      .insertInto('social_accounts')
      .values({
        id: newId(ctx.clock.now().getTime()),
        kind,
        enabled: 1,
        created_at: tx.at,
        updated_at: tx.at,
      })
      .execute();
    await tx.audit({
      action: 'social.account.create',
      entityType: 'social_account',
      entityId: kind,
      after: { credentials: 'environment' },
    });
  });
  return (await getSocialAccountRow(ctx.store.db, kind))!;
}

async function settingsOf(
  ctx: Ctx,
  row: SocialAccountRow,
  env: SocialSettings | undefined,
): Promise<SocialSettings> {
  const kind = row.kind as SocialKind;
  const s: SocialSettings | undefined = row.credentials
    ? {
        kind,
        url: row.url ?? '',
        handle: row.handle,
        secret: unseal(ctx.secretKey, sealPurpose(kind), row.credentials),
      }
    : env;
  if (!s) throw new Error(`no ${kind} credentials: set them with PUT /api/v1/social/${kind}`);
  const checked = await checkSocialUrl(s.url, ctx.allowPrivateNetwork === true);
  if ('problem' in checked) throw new Error(`the ${kind} URL ${checked.problem}`);
  return { ...s, url: checked.url };
}

async function pollAccount(
  ctx: Ctx,
  row: SocialAccountRow,
  env: SocialSettings | undefined,
  opts: PollSocialOptions,
): Promise<PollResult> {
  const kind = row.kind as SocialKind;
  const source = (opts.sources ?? socialSources)[kind];
  const now = ctx.clock.now().getTime();
  const limits: PollLimits = {
    pageSize: opts.pageSize ?? (kind === 'mastodon' ? 40 : 100),
    pages: opts.pages ?? 5,
    notBefore: new Date(now - FIRST_POLL_LOOKBACK_MS).toISOString(),
  };
  const result: PollResult = { stored: 0, duplicates: 0, skipped: 0 };
  let cursor = row.poll_cursor;
  try {
    const settings = await settingsOf(ctx, row, env);
    const pages = source.mentions(settings, cursor, limits, {
      allowPrivateNetwork: ctx.allowPrivateNetwork === true,
    });
    for await (const page of pages) {
      for (const m of page.mentions) {
        result[await store(ctx, kind, m)]++;
        if (m.cursor !== undefined) cursor = m.cursor; // committed (or already there): safe to move past
      }
      cursor = page.cursor ?? cursor;
    }
  } catch (err) {
    result.error = failureText(err);
  }
  const at = ctx.clock.now().toISOString();
  await ctx.store.db
    .updateTable('social_accounts')
    .set({
      poll_cursor: cursor,
      last_polled_at: at,
      updated_at: at,
      ...(result.error
        ? { last_error: result.error, last_error_at: at }
        : { last_ok_at: at, last_error: null }),
    })
    .where('id', '=', row.id)
    .execute();
  return result;
}

/** Stores one mention as an enquiry, unless it already is one. */
async function store(
  ctx: Ctx,
  kind: SocialKind,
  m: Mention,
): Promise<'stored' | 'duplicates' | 'skipped'> {
  const have = await ctx.store.db
    .selectFrom('enquiries')
    .select('id')
    .where('source', '=', kind)
    .where('message_id', '=', m.messageId)
    .executeTakeFirst();
  if (have) return 'duplicates';
  try {
    await receiveEnquiry(
      ctx,
      {
        channel: 'social',
        from: m.from.slice(0, 320),
        text: m.text,
        ...(m.subject ? { subject: m.subject } : {}),
        ...(m.receivedAt ? { received_at: m.receivedAt } : {}),
        message_id: m.messageId,
      },
      { source: kind, raw: m.raw },
    );
    return 'stored';
  } catch (err) {
    // another poller stored it first (the unique index on source and message_id)
    if (/unique|duplicate/i.test(String((err as Error)?.message))) return 'duplicates';
    // a post the intake cannot take (an over-long URL): skipped, so it does not block the rest
    if (err instanceof DomainError && err.code === 'validation_failed') return 'skipped';
    throw err;
  }
}
