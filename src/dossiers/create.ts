import type { Catalog } from "../catalog/schema.js";
import type { WorkCalendar } from "../calendar/index.js";
import { ConfigError, type DossierConfig } from "../config.js";
import type { Middleware } from "../core/middleware.js";
import type { Logger } from "../logger.js";
import type { Records } from "../records/index.js";
import type { KeyValueStore } from "../storage/store.js";
import { dossierMiddleware } from "./feature.js";
import { HttpDossierSource, readResponseMapping } from "./http-source.js";
import { DossierPoller, HttpSource, RegisterSource, type DossierSource } from "./lookup.js";
import { createDossierServices, type DossierServices } from "./services.js";

/** The dossier feature as the app holds it: its middleware, its services, and the HTTP poller. */
export interface DossierFeature {
  middleware: Middleware;
  services: DossierServices;
  source: DossierSource;
  /** Starts polling the HTTP source for followed dossiers (messenger mode only; no-op for the register). */
  startPolling(): void;
  stop(): Promise<void>;
}

export interface DossierFeatureDeps {
  config: Partial<DossierConfig> & { OUTBOX_GIVE_UP_HOURS?: number };
  records: Records;
  store: KeyValueStore;
  catalog: Pick<Catalog, "office" | "procedures">;
  calendar: WorkCalendar;
  instanceId: string;
  logger?: Pick<Logger, "warn" | "info">;
  now?: () => number;
  /** Tests pass their own fetch. */
  fetch?: typeof fetch;
}

export function createDossierFeature(deps: DossierFeatureDeps): DossierFeature {
  const { config, records } = deps;
  const services = createDossierServices({
    records,
    catalog: deps.catalog,
    calendar: deps.calendar,
    giveUpAfterMs: (config.OUTBOX_GIVE_UP_HOURS ?? 24) * 3_600_000,
    now: deps.now,
  });
  let source: DossierSource = new RegisterSource(services);
  let poller: DossierPoller | undefined;
  if (config.DOSSIER_SOURCE === "http") {
    if (!config.DOSSIER_HTTP_URL) throw new ConfigError(["DOSSIER_HTTP_URL: required when DOSSIER_SOURCE=http"]);
    let mapping;
    try {
      mapping = readResponseMapping(config.DOSSIER_HTTP_MAPPING);
    } catch (error) {
      throw new ConfigError([`DOSSIER_HTTP_MAPPING: ${(error as Error).message.split("\n")[0]}`]);
    }
    const http = new HttpDossierSource({
      urlTemplate: config.DOSSIER_HTTP_URL,
      authHeader: config.DOSSIER_HTTP_AUTH_HEADER,
      mapping,
      timeoutMs: config.DOSSIER_HTTP_TIMEOUT_MS,
      cacheMs: (config.DOSSIER_HTTP_CACHE_SECONDS ?? 60) * 1_000,
      now: deps.now,
      fetch: deps.fetch,
    });
    source = new HttpSource(http, services, deps.now, deps.logger);
    const minutes = config.DOSSIER_HTTP_POLL_MINUTES ?? 15;
    if (minutes > 0) {
      poller = new DossierPoller({ http, services, leases: records.leases, instanceId: deps.instanceId, intervalMs: minutes * 60_000, logger: deps.logger });
    }
  }
  const middleware = dossierMiddleware({
    services,
    source,
    store: deps.store,
    audit: records.audit,
    limits: { perHour: config.DOSSIER_LOOKUPS_PER_HOUR ?? 10, perDay: config.DOSSIER_LOOKUPS_PER_DAY ?? 30 },
  });
  return {
    middleware,
    services,
    source,
    startPolling: () => poller?.start(),
    stop: async () => poller?.stop(),
  };
}
