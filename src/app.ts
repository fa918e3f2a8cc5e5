import { hostname } from "node:os";
import { resolve } from "node:path";
import { loadCatalog } from "./catalog/load.js";
import type { Catalog } from "./catalog/schema.js";
import { buildSearchIndex } from "./catalog/build-search-index.js";
import type { SearchIndex } from "./catalog/search.js";
import { loadWorkCalendar, type WorkCalendar } from "./calendar/index.js";
import { Core, type CoreLogger } from "./core/bot.js";
import type { Middleware } from "./core/middleware.js";
import { SessionStore } from "./core/session.js";
import { parseIdList, StaffDirectory } from "./core/staff.js";
import type { Config, DossierConfig } from "./config.js";
import { createDossierFeature, type DossierFeature } from "./dossiers/create.js";
import { createRecords, type Records } from "./records/index.js";
import { createStore, type ConnectionEvent, type KeyValueStore } from "./storage/store.js";
import { safeError } from "./logging/safe-error.js";

/**
 * The assembled, channel-neutral application: catalog, search index, the key-value store
 * (sessions, counters), the records store (SQL) and the core with its features.
 */
export interface App {
  catalog: Catalog;
  index: SearchIndex;
  store: KeyValueStore;
  records: Records;
  /** Per-chat conversation state. */
  sessions: SessionStore;
  staff: StaffDirectory;
  /** Working days and holidays (content/holidays.yaml). */
  calendar: WorkCalendar;
  /** Dossier status by receipt code (issue #8). */
  dossiers: DossierFeature;
  core: Core;
  /** Names this instance in leases; stable across restarts (INSTANCE_ID, default the host name). */
  instanceId: string;
  close(): Promise<void>;
}

export type AppConfig = Pick<Config, "CONTENT_DIR" | "DATA_DIR" | "REDIS_URL" | "SESSION_TTL_HOURS" | "DEFAULT_LANGUAGE"> &
  Partial<Pick<Config, "REDIS_NAMESPACE" | "DATABASE_URL" | "DATABASE_SCHEMA" | "INSTANCE_ID" | "STAFF_TELEGRAM_IDS" | "STAFF_ZALO_IDS" | "OUTBOX_GIVE_UP_HOURS">> &
  Partial<DossierConfig>;

/** Logging the app needs: the core's, plus info for connection changes. */
export interface AppLogger extends CoreLogger {
  info(object: object, message?: string): void;
}

export interface AppOptions {
  config: AppConfig;
  logger?: AppLogger;
  /** Tests pass their own store (a temporary SQLite file, a broken backend). */
  store?: KeyValueStore;
  /** Tests pass their own records store; "memory" keeps one-shot tools out of DATA_DIR. */
  records?: Records | "memory";
}

export async function createApp({ config, logger, store: given, records: givenRecords }: AppOptions): Promise<App> {
  const catalog = await loadCatalog(resolve(config.CONTENT_DIR));
  const calendar = await loadWorkCalendar(resolve(config.CONTENT_DIR));
  const index = buildSearchIndex(catalog);
  const records =
    givenRecords && givenRecords !== "memory"
      ? givenRecords
      : await createRecords({
          dataDir: config.DATA_DIR,
          memory: givenRecords === "memory",
          databaseUrl: givenRecords === "memory" ? undefined : config.DATABASE_URL,
          schema: config.DATABASE_SCHEMA,
        });
  const store =
    given ??
    createStore({
      dataDir: config.DATA_DIR,
      redisUrl: config.REDIS_URL,
      namespace: config.REDIS_NAMESPACE,
      onConnectionChange: (event) => reportConnection(logger, event),
    });
  const sessions = new SessionStore(store, config.SESSION_TTL_HOURS * 3_600_000);
  const staff = new StaffDirectory({ telegram: parseIdList(config.STAFF_TELEGRAM_IDS), zalo: parseIdList(config.STAFF_ZALO_IDS) });
  const instanceId = config.INSTANCE_ID ?? hostname();
  const dossiers = createDossierFeature({ config, records, store, catalog, calendar, instanceId, logger });
  const features: Middleware[] = [dossiers.middleware];
  const core = new Core({ catalog, index, sessions, staff, features, defaultLanguage: config.DEFAULT_LANGUAGE, logger });
  return {
    catalog,
    index,
    store,
    records,
    sessions,
    staff,
    calendar,
    dossiers,
    core,
    instanceId,
    async close() {
      await dossiers.stop();
      await store.close();
      await records.close();
    },
  };
}

/** One line when the key-value store goes away and one when it is back. */
function reportConnection(logger: AppLogger | undefined, event: ConnectionEvent): void {
  if (event.state === "lost") logger?.error({ err: safeError(event.error) }, "key-value store connection lost; answering with a 'try again' note until it is back");
  else logger?.info({}, "key-value store connection restored");
}
