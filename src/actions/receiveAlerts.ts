/**
 * The one way a monitor's alerts come in (issue #13 part 1). The webhook body is stored first,
 * as it came, so nothing is lost; then it is read by its vendor's descriptor and each group of
 * alerts is applied in a transaction of its own (shared/alertGroups.ts). A group that is due
 * opens its draft after the commit (openAlertDraft.ts); a proposed resolution is told to the
 * comms lead. A failure leaves the receipt unprocessed, and the scheduler retries it
 * (runAlertIntake.ts); applying a receipt twice changes nothing but the counts.
 */
import {
  type AlertMapping,
  flapMinutes,
  groupKeyOf,
  type IncomingAlert,
} from '../domain/alerts.js';
import { DomainError, type FieldErrors } from '../domain/errors.js';
import { keepTryingDelayMs } from '../domain/retry.js';
import { alertSource } from '../inbound/alerts/registry.js';
import { parseJson } from '../inbound/shared.js';
import { newId } from '../lib/ids.js';
import type { Db } from '../store/db.js';
import { groupCommit } from '../store/groupCommit.js';
import { loadPlanSettings } from '../store/queries/plan.js';
import { writeAudit } from '../store/writes/audit.js';
import { type Ctx, inTransaction, requireScope } from './context.js';
import { openAlertDraft } from './openAlertDraft.js';
import { applyToGroup, type GroupOutcome } from './shared/alertGroups.js';
import { tellCommsLead } from './shared/alertNotice.js';

/** How long a fresh receipt waits before the scheduler treats its processing as failed. */
export const ALERT_RETRY_MS = 30_000;

export interface AlertIntegrationRef {
  id: string;
  name: string;
  kind: string;
  mapping: AlertMapping;
}

export interface AlertReceipt {
  id: string;
  status: 'processed' | 'ignored' | 'unreadable';
  alerts: number;
  groups: number;
  /** incidents opened by this request */
  opened: string[];
  reason?: string;
  fields?: FieldErrors;
}

export async function receiveAlerts(
  ctx: Ctx,
  integration: AlertIntegrationRef,
  body: Buffer,
): Promise<AlertReceipt> {
  const text = body.toString('utf8');
  requireScope(ctx.actor, 'write');
  // concurrent webhooks share one commit (store/groupCommit.ts): a storm is many small bodies
  const id = await groupCommit(
    ctx.store,
    () => ctx.clock.now(),
    async (trx, at) => {
      const rid = newId(Date.parse(at));
      await trx
        .insertInto('alert_receipts')
        .values({
          id: rid,
          integration_id: integration.id,
          body: text,
          received_at: at,
          processed: 0,
          attempts: 0,
          next_attempt_at: new Date(Date.parse(at) + ALERT_RETRY_MS).toISOString(),
          alert_count: 0,
          last_error: null,
        })
        .execute();
      await writeAudit(trx, {
        actor: ctx.actor.id,
        at,
        action: 'alert.receive',
        entityType: 'alert_integration',
        entityId: integration.id,
        after: { receipt: rid, kind: integration.kind, bytes: body.length },
      });
      return rid;
    },
  );
  return processReceipt(ctx, integration, id, text);
}

/** Reads and applies one stored receipt; marks it processed (or its failure, for a retry). */
export async function processReceipt(
  ctx: Ctx,
  integration: AlertIntegrationRef,
  receiptId: string,
  text: string,
): Promise<AlertReceipt> {
  const done = async (set: { alert_count?: number; last_error?: string | null }) =>
    ctx.store.db
      .updateTable('alert_receipts')
      .set({ processed: 1, ...set })
      .where('id', '=', receiptId)
      .execute();
  let alerts: IncomingAlert[];
  try {
    const read = alertSource(integration.kind).read(parseJson(Buffer.from(text, 'utf8')));
    if ('ignore' in read) {
      await done({ last_error: null });
      return {
        id: receiptId,
        status: 'ignored',
        alerts: 0,
        groups: 0,
        opened: [],
        reason: read.ignore,
      };
    }
    alerts = read.alerts;
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
    // signed but unreadable: kept as received, for a person to read; no retry will read it better
    await done({ last_error: err.message.slice(0, 500) });
    return {
      id: receiptId,
      status: 'unreadable',
      alerts: 0,
      groups: 0,
      opened: [],
      fields: err.fields,
    };
  }
  try {
    // the receipt is marked done in the transaction of its last group: one commit fewer a request
    const finish = (db: Db) =>
      db
        .updateTable('alert_receipts')
        .set({ processed: 1, alert_count: alerts.length, last_error: null })
        .where('id', '=', receiptId)
        .execute();
    const opened = await applyAlerts(ctx, integration, alerts, finish);
    if (opened.groups === 0) await done({ alert_count: 0, last_error: null });
    return {
      id: receiptId,
      status: 'processed',
      alerts: alerts.length,
      groups: opened.groups,
      opened: opened.incidents,
    };
  } catch (err) {
    const row = await ctx.store.db
      .selectFrom('alert_receipts')
      .select('attempts')
      .where('id', '=', receiptId)
      .executeTakeFirst();
    const attempts = Number(row?.attempts ?? 0) + 1;
    await ctx.store.db
      .updateTable('alert_receipts')
      .set({
        attempts,
        last_error: String((err as Error)?.message ?? err).slice(0, 500),
        next_attempt_at: new Date(
          ctx.clock.now().getTime() + keepTryingDelayMs(ALERT_RETRY_MS, attempts),
        ).toISOString(),
      })
      .where('id', '=', receiptId)
      .execute();
    throw err;
  }
}

async function applyAlerts(
  ctx: Ctx,
  integration: AlertIntegrationRef,
  alerts: IncomingAlert[],
  finish: (db: Db) => Promise<unknown>,
): Promise<{ groups: number; incidents: string[] }> {
  const byGroup = new Map<string, IncomingAlert[]>();
  for (const a of alerts) {
    const key = groupKeyOf(a, integration.mapping).slice(0, 500);
    byGroup.set(key, [...(byGroup.get(key) ?? []), a]);
  }
  const flap = flapMinutes(await loadPlanSettings(ctx.store.db));
  const outcomes: GroupOutcome[] = [];
  let left = byGroup.size;
  for (const [key, list] of byGroup) {
    const last = --left === 0;
    const outcome = await inTransaction(
      ctx,
      { scope: 'write', changes: 'incident' },
      async (tx) => {
        const o = await applyToGroup(tx, {
          integration,
          key,
          alerts: list,
          flapMinutes: flap,
          engine: ctx.store.engine,
        });
        if (o.kind === 'resolution_proposed')
          await tellCommsLead(tx.db, {
            key: ctx.secretKey,
            fallbackUrl: ctx.fallbackUrl,
            incidentId: o.incidentId,
            at: tx.at,
            subject: `Alerts resolved: propose resolving (${integration.name})`,
            text: `Every alert of this group has resolved in ${integration.name}. Review the incident and post the resolution when you are sure; nothing has been published.`,
            label: 'Review the resolution',
          });
        if (last) await finish(tx.db);
        return o;
      },
    );
    outcomes.push(outcome);
  }
  const incidents: string[] = [];
  for (const o of outcomes)
    if (o.kind === 'opening' && o.groupId) {
      // the alerts are applied: a draft that cannot be declared now is left to the scheduler
      const id = await openAlertDraft(ctx, o.groupId).catch(() => null);
      if (id) incidents.push(id);
    }
  return { groups: byGroup.size, incidents };
}
