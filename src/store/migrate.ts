/**
 * Versioned migrations, run at start and by `flare migrate`. Add a file and a line below.
 *
 * A small runner of our own rather than Kysely's Migrator: the Migrator introspects every
 * schema of a PostgreSQL database, which races with other schemas being dropped (tests do
 * that) and fails. Here each engine does just two things: a bookkeeping table in the current
 * schema, and a lock while migrating (an advisory transaction lock on PostgreSQL; SQLite's
 * own write lock), so several instances starting at once migrate exactly once.
 */
import { type Kysely, type Migration, PostgresAdapter, sql } from 'kysely';
import type { Db } from './db.js';
import * as m001 from './migrations/001_core.js';
import * as m002 from './migrations/002_delivery.js';
import * as m003 from './migrations/003_plan.js';
import * as m004 from './migrations/004_component_holds.js';
import * as m005 from './migrations/005_page_languages.js';
import * as m006 from './migrations/006_idempotency.js';
import * as m007 from './migrations/007_security.js';
import * as m008 from './migrations/008_accounts.js';
import * as m009 from './migrations/009_template_versions.js';
import * as m012 from './migrations/012_live_changes.js';
import * as m013 from './migrations/013_briefings.js';
import * as m014 from './migrations/014_enquiries.js';
import * as m015 from './migrations/015_inbound_sources.js';
import * as m016 from './migrations/016_inbound_email.js';
import * as m017 from './migrations/017_social_accounts.js';
import * as m018 from './migrations/018_sla.js';
import * as m019 from './migrations/019_handovers.js';
import * as m020 from './migrations/020_digests.js';
import * as m021 from './migrations/021_alert_intake.js';
import * as m022 from './migrations/022_social_posting.js';
import * as m023 from './migrations/023_import_map.js';
import * as m024 from './migrations/024_debrief_latency.js';
import * as m025 from './migrations/025_debrief_reach.js';
import * as m026 from './migrations/026_debrief_actions.js';
import * as m027 from './migrations/027_debrief_latency_partial.js';
import * as m028 from './migrations/028_debrief_latency_by_id.js';

const MIGRATIONS: [string, Migration][] = [
  ['001_core', m001],
  ['002_delivery', m002],
  ['003_plan', m003],
  ['004_component_holds', m004],
  ['005_page_languages', m005],
  ['006_idempotency', m006],
  ['007_security', m007],
  ['008_accounts', m008],
  ['009_template_versions', m009],
  ['012_live_changes', m012],
  ['013_briefings', m013],
  ['014_enquiries', m014],
  ['015_inbound_sources', m015],
  ['016_inbound_email', m016],
  ['017_social_accounts', m017],
  ['018_sla', m018],
  ['019_handovers', m019],
  ['020_digests', m020],
  ['021_alert_intake', m021],
  ['022_social_posting', m022],
  ['023_import_map', m023],
  ['024_debrief_latency', m024],
  ['025_debrief_reach', m025],
  ['026_debrief_actions', m026],
  ['027_debrief_latency_partial', m027],
  ['028_debrief_latency_by_id', m028],
];

const LOCK_KEY = 7_411_533;

export async function migrateToLatest(db: Db): Promise<string[]> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql`create table if not exists flare_migrations (name text primary key, applied_at text not null)`.execute(
    db,
  );
  const applied: string[] = [];
  for (const [name, migration] of MIGRATIONS) {
    const done = await db.transaction().execute(async (trx) => {
      if (pg) await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
      else await sql`update flare_migrations set name = name where 0 = 1`.execute(trx); // take SQLite's write lock now
      const have = await sql<{
        name: string;
      }>`select name from flare_migrations where name = ${name}`.execute(trx);
      if (have.rows.length) return false;
      try {
        await migration.up(trx as unknown as Kysely<unknown>);
      } catch (err) {
        throw new Error(`migration ${name} failed: ${(err as Error).message}`);
      }
      await sql`insert into flare_migrations (name, applied_at) values (${name}, ${new Date().toISOString()})`.execute(
        trx,
      );
      return true;
    });
    if (done) applied.push(name);
  }
  return applied;
}
