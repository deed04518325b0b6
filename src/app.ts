/** Wiring: opens the store, runs migrations, and hands out contexts, the site cache and the logger. */
import { randomBytes } from 'node:crypto';
import { type Logger, pino } from 'pino';
import { type Actor, ChangeBus, type Ctx, SYSTEM } from './actions/context.js';
import { ensurePlanDefaults } from './actions/ensurePlanDefaults.js';
import { ensureSecretKey, secretKeyFromEnv } from './actions/ensureSecretKey.js';
import { ensureTemplateLibrary } from './actions/ensureTemplateLibrary.js';
import { DEFAULT_PAGE } from './actions/updatePage.js';
import { parseOrigins } from './channels/allowOrigins.js';
import { channelOptions } from './channels/catalog.js';
import { type Config, loadConfig } from './config.js';
import { type Clock, systemClock } from './domain/types.js';
import './pages/index.js';
import { registerSection } from './pages/site.js';
import { SiteCache } from './pages/siteCache.js';
import { subscribeSection } from './pages/subscribeSite.js';
import { type OpenOptions, openStore, type Store } from './store/db.js';
import { migrateToLatest } from './store/migrate.js';
import type { Page } from './store/queries/models.js';

registerSection(subscribeSection(channelOptions()));

export interface App {
  config: Config;
  store: Store;
  clock: Clock;
  bus: ChangeBus;
  site: SiteCache;
  logger: Logger;
  /** signs subscriber links */
  secretKey: Buffer;
  ctx(actor?: Actor): Ctx;
  close(): Promise<void>;
}

export interface AppOptions {
  config?: Partial<Config>;
  clock?: Clock;
  store?: OpenOptions;
  logger?: Logger;
  migrate?: boolean;
}

export async function openApp(opts: AppOptions = {}): Promise<App> {
  const config = { ...loadConfig(), ...opts.config };
  // Refuse a short key before anything else starts.
  const envKey = secretKeyFromEnv(process.env.FLARE_SECRET_KEY);
  const clock = opts.clock ?? systemClock;
  const store = openStore(config.databaseUrl, opts.store);
  if (opts.migrate !== false) await migrateToLatest(store.db);
  const logger =
    opts.logger ??
    pino({
      level: config.logLevel,
      redact: ['req.headers.authorization', '*.password', '*.secret', '*.token'],
    });
  const bus = new ChangeBus();
  const allowOrigins = parseOrigins(config.allowOrigins);
  const defaultPage = (): Page => ({
    id: 'page',
    ...DEFAULT_PAGE,
    url: config.publicUrl ?? `http://${config.host}:${config.port}`,
    created_at: new Date(0).toISOString(),
    updated_at: new Date(0).toISOString(),
  });
  const site = new SiteCache(store.db, () => clock.now(), defaultPage);
  bus.on('changed', () => site.invalidate());
  // Without migrations (`flare migrate`) nothing is signed: a random key, never an empty one.
  let secretKey: Buffer = envKey ?? randomBytes(32);
  const ctx = (actor: Actor = SYSTEM): Ctx => ({
    store,
    clock,
    actor,
    bus,
    secretKey,
    allowPrivateNetwork: config.allowPrivateNetwork,
    fallbackUrl: defaultPage().url,
    subscribeAddressLimit: config.subscribeAddressLimit,
    allowOrigins,
  });
  if (opts.migrate !== false) {
    secretKey = await ensureSecretKey(ctx(), process.env.FLARE_SECRET_KEY);
    await ensurePlanDefaults(ctx());
    await ensureTemplateLibrary(ctx());
  }
  return {
    config,
    store,
    clock,
    bus,
    site,
    logger,
    secretKey,
    ctx,
    close: () => store.close(),
  };
}

export { migrateToLatest };
