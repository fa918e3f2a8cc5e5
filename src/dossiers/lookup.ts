import type { Logger } from "../logger.js";
import type { LeaseRepository } from "../records/leases.js";
import { safeError } from "../logging/safe-error.js";
import { pause } from "../util/timeout.js";
import type { HttpDossierSource } from "./http-source.js";
import type { LookupView } from "./presenter.js";
import type { DossierServices } from "./services.js";

export type LookupOutcome = { kind: "found"; view: LookupView } | { kind: "unknown" } | { kind: "unavailable" };

/** Where statuses come from (DOSSIER_SOURCE): the imported register, or a one-stop system over HTTP. */
export interface DossierSource {
  readonly name: "register" | "http";
  lookup(code: string): Promise<LookupOutcome>;
}

/** The register imported with `npm run dossiers:import` (or set by staff). */
export class RegisterSource implements DossierSource {
  readonly name = "register";

  constructor(private readonly services: Pick<DossierServices, "store">) {}

  async lookup(code: string): Promise<LookupOutcome> {
    const { store } = this.services;
    const dossier = await store.find(code);
    if (!dossier) return { kind: "unknown" };
    const [history, imported] = await Promise.all([store.history(dossier.id), store.lastImportAt()]);
    const asOf = Math.max(imported ?? 0, dossier.updatedAt);
    return { kind: "found", view: { dossier, history, asOf: { at: asOf, live: false } } };
  }
}

/**
 * A provincial system over HTTP. What it answers is also written to the records store through
 * the same path as an import, so a change it reveals (to a lookup or to the poller) reaches
 * every follower exactly once, and the history builds up.
 */
export class HttpSource implements DossierSource {
  readonly name = "http";

  constructor(
    private readonly http: HttpDossierSource,
    private readonly services: Pick<DossierServices, "store" | "updates">,
    private readonly now: () => number = Date.now,
    private readonly logger?: Pick<Logger, "warn">,
  ) {}

  async lookup(code: string): Promise<LookupOutcome> {
    const result = await this.http.fetchDossier(code);
    if (result.kind === "unavailable") {
      this.logger?.warn({ reason: result.reason }, "dossier system not answering");
      return { kind: "unavailable" };
    }
    if (result.kind === "unknown") return { kind: "unknown" };
    await this.services.updates.apply([result.data], { source: "http" });
    const dossier = await this.services.store.find(code);
    if (!dossier) return { kind: "unknown" };
    return { kind: "found", view: { dossier, history: await this.services.store.history(dossier.id), asOf: { at: this.now(), live: true } } };
  }
}

export interface PollerOptions {
  http: HttpDossierSource;
  services: Pick<DossierServices, "store" | "updates">;
  leases: LeaseRepository;
  instanceId: string;
  intervalMs: number;
  logger?: Pick<Logger, "warn" | "info">;
  /** Dossiers asked about per round at most. */
  batch?: number;
}

/**
 * Asks the HTTP source about every followed dossier that can still change, one instance at a
 * time (a lease), so status changes reach followers without them asking. Changes go through
 * the same transaction and dedupe keys as an import: exactly one notice per change and chat.
 */
export class DossierPoller {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(private readonly options: PollerOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    await this.options.leases.release("dossiers:poll", this.options.instanceId).catch(() => undefined);
  }

  /** One round; returns how many dossiers were asked about. */
  async round(): Promise<number> {
    const { http, services, leases, instanceId, intervalMs } = this.options;
    if (!(await leases.acquire("dossiers:poll", instanceId, intervalMs * 2))) return 0;
    const dossiers = await services.store.followedOpen(this.options.batch ?? 500);
    let asked = 0;
    for (const dossier of dossiers) {
      if (this.abort.signal.aborted) break;
      const result = await http.fetchDossier(dossier.code, { fresh: true });
      asked++;
      if (result.kind === "found") await services.updates.apply([result.data], { source: "http" });
      if (result.kind === "unavailable") {
        this.options.logger?.warn({ reason: result.reason }, "dossier system not answering; polling resumes next round");
        break;
      }
    }
    return asked;
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        await this.round();
      } catch (error) {
        this.options.logger?.warn({ err: safeError(error) }, "dossier polling round failed");
      }
      await pause(this.options.intervalMs, this.abort.signal);
    }
  }
}
