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
import { createBroadcasts, type Broadcasts } from "./broadcasts/index.js";
import { createDossierFeature, type DossierFeature } from "./dossiers/create.js";
import { createHandoff, handoffSettings, type Handoff, type HandoffConfig } from "./handoff/index.js";
import { createRecords, type Records } from "./records/index.js";
import { staffReport } from "./reports/staff-report.js";
import { UsageLog } from "./reports/usage-log.js";
import { subscriptionMiddleware } from "./subscriptions/feature.js";
import { SubscriberRepository } from "./subscriptions/repository.js";
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
  /** Residents subscribed to announcements (issue #9): the audience of campaigns. */
  subscribers: SubscriberRepository;
  /** Staff announcements (src/broadcasts): commands, the service the CLI shares, the campaign runner. */
  broadcasts: Broadcasts;
  /** Questions to staff (src/handoff): its periodic jobs run beside the channels. */
  handoff: Handoff;
  /** The anonymous usage log behind the reports (src/reports). */
  usage: UsageLog;
  core: Core;
  /** Names this instance in leases; stable across restarts (INSTANCE_ID, default the host name). */
  instanceId: string;
  close(): Promise<void>;
}

export type AppConfig = Pick<Config, "CONTENT_DIR" | "DATA_DIR" | "REDIS_URL" | "SESSION_TTL_HOURS" | "DEFAULT_LANGUAGE"> &
  Partial<Pick<Config, "REDIS_NAMESPACE" | "DATABASE_URL" | "DATABASE_SCHEMA" | "INSTANCE_ID" | "STAFF_TELEGRAM_IDS" | "STAFF_ZALO_IDS" | "OUTBOX_GIVE_UP_HOURS" | "BROADCAST_QUIET_HOURS" | "BROADCAST_BACKLOG">> &
  Partial<DossierConfig> &
  HandoffConfig;

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
  /** The clock of the core and the features (tests of office hours and schedules inject one). */
  now?: () => number;
  /** Time between rounds of the questions-to-staff jobs (tests shorten it). */
  handoffJobIntervalMs?: number;
}

export async function createApp({ config, logger, store: given, records: givenRecords, now, handoffJobIntervalMs }: AppOptions): Promise<App> {
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
  const usage = new UsageLog(records.database, now);
  const handoff = createHandoff({
    records,
    store,
    catalog,
    calendar,
    usage,
    settings: handoffSettings(config),
    report: staffReport(records.database, catalog, now),
    logger,
    now,
    jobIntervalMs: handoffJobIntervalMs,
  });
  // Questions to staff first: it answers open threads and staff replies, and reads every
  // outcome (dossier lookups included) for the reports.
  const subscribers = new SubscriberRepository(records.database, now);
  // A chat that blocked the bot or is gone (refused send, Telegram "kicked") stops being subscribed.
  records.chats.onBlocked(async (channel, chatId, reason) => {
    if (channel === "telegram" || channel === "zalo") await subscribers.unsubscribeBlocked(channel, chatId, reason);
  });
  const features: Middleware[] = [handoff.feature, dossiers.middleware, subscriptionMiddleware(subscribers)];
  const broadcasts = createBroadcasts({
    records,
    catalog,
    audience: subscribers,
    quietHours: config.BROADCAST_QUIET_HOURS,
    backlog: config.BROADCAST_BACKLOG,
    staffChatId: config.STAFF_TELEGRAM_CHAT_ID,
    staffLanguage: config.DEFAULT_LANGUAGE,
    giveUpAfterMs: (config.OUTBOX_GIVE_UP_HOURS ?? 24) * 3_600_000,
    logger,
    now,
  });
  // Staff announcement commands first: they never fall through to a resident's flow.
  features.unshift(broadcasts.feature);
  const core = new Core({ catalog, index, sessions, staff, features, defaultLanguage: config.DEFAULT_LANGUAGE, logger, now });
  return {
    catalog,
    index,
    store,
    records,
    sessions,
    staff,
    calendar,
    dossiers,
    subscribers,
    broadcasts,
    handoff,
    usage,
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
