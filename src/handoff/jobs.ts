import type { CoreLogger } from "../core/bot.js";
import { safeError } from "../logging/safe-error.js";
import type { LeaseRepository } from "../records/leases.js";
import { pause } from "../util/timeout.js";
import type { Desk } from "./desk.js";

/**
 * The desk's periodic work, on one instance at a time (a lease in the records store; every step
 * is idempotent, so two instances overlapping for a moment store nothing twice):
 * - questions held outside office hours go to the staff chat when the desk opens;
 * - outcomes of relayed messages are read from the outbox (staff-chat messages mapped to
 *   their question; an answer that could not be delivered reported to the staff);
 * - a question unanswered too long is announced again, once;
 * - answered questions left idle are closed.
 */

export interface HandoffJobsOptions {
  desk: Desk;
  leases: Pick<LeaseRepository, "acquire" | "release">;
  logger?: CoreLogger & { info?(object: object, message?: string): void };
  /** Time between rounds; default 5 s. */
  intervalMs?: number;
}

const LEASE = "handoff-jobs";

export class HandoffJobs {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private owner = "";

  constructor(private readonly options: HandoffJobsOptions) {}

  private get intervalMs(): number {
    return this.options.intervalMs ?? 5_000;
  }

  /** Starts the rounds (once); `owner` names this instance in the lease. */
  start(owner: string): void {
    if (!this.options.desk.enabled) return;
    this.owner = owner;
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    if (this.owner) await this.options.leases.release(LEASE, this.owner).catch(() => undefined);
  }

  /** One round of every job; tests call it directly with an injected clock. */
  async tick(): Promise<void> {
    const { desk } = this.options;
    await desk.releaseDue();
    await desk.harvest();
    await desk.remind();
    await desk.closeIdle();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.abort.signal.aborted) {
      try {
        // The lease outlives a few rounds, so a holder that died is replaced within seconds.
        if (await this.options.leases.acquire(LEASE, this.owner, Math.max(30_000, this.intervalMs * 3))) await this.tick();
        if (failures > 0) this.options.logger?.info?.({}, "questions to staff: periodic work resumed");
        failures = 0;
      } catch (error) {
        failures++;
        if (failures === 1) this.options.logger?.error({ err: safeError(error) }, "questions to staff: periodic work failed; retrying");
      }
      await pause(this.intervalMs, this.abort.signal);
    }
  }
}
