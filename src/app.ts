import { resolve } from "node:path";
import { loadCatalog } from "./catalog/load.js";
import type { Catalog } from "./catalog/schema.js";
import { buildSearchIndex } from "./catalog/build-search-index.js";
import type { SearchIndex } from "./catalog/search.js";
import { Core, type CoreLogger } from "./core/bot.js";
import { SessionStore } from "./core/session.js";
import type { Config } from "./config.js";
import { createStore, type KeyValueStore } from "./storage/store.js";

/** The assembled, channel-neutral application: catalog, search index, storage and core. */
export interface App {
  catalog: Catalog;
  index: SearchIndex;
  store: KeyValueStore;
  /** Per-chat conversation state; channels read a chat's language from it. */
  sessions: SessionStore;
  core: Core;
  close(): Promise<void>;
}

export interface AppOptions {
  config: Pick<Config, "CONTENT_DIR" | "DATA_DIR" | "REDIS_URL" | "SESSION_TTL_HOURS" | "DEFAULT_LANGUAGE">;
  logger?: CoreLogger;
  /** Tests pass their own store (a temporary SQLite file, a broken backend). */
  store?: KeyValueStore;
}

export async function createApp({ config, logger, store: given }: AppOptions): Promise<App> {
  const catalog = await loadCatalog(resolve(config.CONTENT_DIR));
  const index = buildSearchIndex(catalog);
  const store = given ?? createStore({ dataDir: config.DATA_DIR, redisUrl: config.REDIS_URL });
  const sessions = new SessionStore(store, config.SESSION_TTL_HOURS * 3_600_000);
  const core = new Core({ catalog, index, sessions, defaultLanguage: config.DEFAULT_LANGUAGE, logger });
  return { catalog, index, store, sessions, core, close: () => store.close() };
}
