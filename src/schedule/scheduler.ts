/**
 * Timers that act on their own: maintenance windows, update cadence, approval time boxes,
 * unacknowledged assignments, overdue outreach, enquiry retries and prompts, the support
 * mailbox's poll (FLARE_IMAP_URL) and the customers' daily digests. Only one
 * instance acts at a time: on PostgreSQL the leader holds an advisory lock on a dedicated
 * connection; on SQLite there is one process, so it is always the leader.
 */
import pg from 'pg';
import { advanceMaintenances } from '../actions/advanceMaintenances.js';
import { SYSTEM } from '../actions/context.js';
import { escalateAssignments } from '../actions/escalateAssignments.js';
import { escalateOutreach } from '../actions/escalateOutreach.js';
import { expireApprovals } from '../actions/expireApprovals.js';
import { followUpBriefings } from '../actions/followUpBriefings.js';
import { pollSocial } from '../actions/pollSocial.js';
import { promptOnEnquiries } from '../actions/promptOnEnquiries.js';
import { processPendingEnquiries } from '../actions/receiveEnquiry.js';
import { remindDebriefActions } from '../actions/remindDebriefActions.js';
import { runAlertIntake } from '../actions/runAlertIntake.js';
import { runCadence } from '../actions/runCadence.js';
import { runHandovers } from '../actions/runHandovers.js';
import { sendDigests } from '../actions/sendDigests.js';
import type { App } from '../app.js';
import { pollMailboxWhenDue } from './mailbox.js';

export type Job = (app: App) => Promise<unknown>;

/** The jobs each tick runs, in order. A new timer is one line here. */
const system = (app: App) => app.ctx({ ...SYSTEM, id: 'system:scheduler' });

export const jobs: Record<string, Job> = {
  maintenances: (app) => advanceMaintenances(system(app)),
  approvals: (app) => expireApprovals(system(app)),
  assignments: (app) => escalateAssignments(system(app)),
  outreach: (app) => escalateOutreach(system(app)),
  cadence: (app) => runCadence(system(app)),
  briefings: (app) => followUpBriefings(system(app)),
  enquiries: (app) => processPendingEnquiries(system(app)),
  enquiryPrompts: (app) => promptOnEnquiries(system(app)),
  alerts: (app) => runAlertIntake(system(app)),
  social: (app) => pollSocial(system(app), { env: app.config.social }),
  mailbox: (app) => pollMailboxWhenDue(app),
  digests: (app) => sendDigests(system(app)),
  handovers: (app) => runHandovers(system(app)),
  debriefActions: (app) => remindDebriefActions(system(app)),
};

/** The advisory lock key: the same for every instance on one database (and schema). */
function lockKey(schema = 'public'): number {
  let h = 7_411_532;
  for (const ch of schema) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private lockClient: pg.Client | null = null;
  private running = false;
  /** once stopped, a scheduler never ticks (nor takes the lock) again */
  private stopped = false;
  isLeader = false;

  constructor(
    private readonly app: App,
    private readonly intervalMs = 5_000,
  ) {}

  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** One pass: become (or stay) leader, then run every job. Safe to call by hand in tests. */
  async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      if (!(await this.ensureLeader())) return;
      for (const [name, job] of Object.entries(jobs)) {
        // let waiting requests in between jobs: on SQLite each job's queries hold the event loop
        await new Promise((r) => setImmediate(r));
        try {
          await job(this.app);
        } catch (err) {
          this.app.logger.error({ err, job: name }, 'scheduled job failed');
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async ensureLeader(): Promise<boolean> {
    if (this.stopped) return false;
    if (this.app.store.engine === 'sqlite') {
      this.isLeader = true;
      return true;
    }
    if (this.isLeader && this.lockClient) return true;
    try {
      const client = this.lockClient ?? new pg.Client({ connectionString: this.app.store.url });
      if (!this.lockClient) {
        await client.connect();
        client.on('error', () => this.dropLock());
        this.lockClient = client;
      }
      const r = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [
        lockKey(this.app.store.schema),
      ]);
      this.isLeader = r.rows[0]?.ok === true;
    } catch (err) {
      this.app.logger.warn({ err }, 'scheduler could not reach PostgreSQL for its lock');
      this.dropLock();
    }
    return this.isLeader;
  }

  private dropLock() {
    this.isLeader = false;
    const c = this.lockClient;
    this.lockClient = null;
    c?.end().catch(() => {});
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.lockClient) {
      await this.lockClient.query('select pg_advisory_unlock_all()').catch(() => {});
      await this.lockClient.end().catch(() => {});
      this.lockClient = null;
    }
    this.isLeader = false;
  }
}
