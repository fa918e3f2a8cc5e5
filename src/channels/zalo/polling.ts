/**
 * Long polling for Zalo: one `getUpdates` call at a time, each returning at most ONE update.
 * There is no offset: an update Zalo has handed out will not come again, so it is stored
 * before the next poll, and held and retried while the store is down. An empty poll (the
 * API's 408, `null` here) is normal; any other failure waits with the shared backoff so an
 * outage or a revoked token does not become a tight loop. Stops when the signal aborts.
 */
import type { Intake } from "../../delivery/types.js";
import { backoffDelay } from "../../util/backoff.js";
import { pause } from "../../util/timeout.js";
import type { ZaloApi } from "./api.js";
import type { Update } from "./types.js";

export interface PollOptions {
  api: Pick<ZaloApi, "getUpdates">;
  intake: Pick<Intake, "ingest" | "accepting">;
  signal: AbortSignal;
  /** Called after each failed poll with the error and the wait before the next attempt. */
  onError(error: unknown, waitMs: number, failures: number): void;
  /** Called when an update could not be stored yet (once per update). */
  onStoreError(error: unknown): void;
  /** Called after a successful poll (empty or not); health checks use it. */
  onSuccess?(): void;
  /** Seconds the server may hold a poll open. Default 30. */
  timeoutSeconds?: number;
  /** First wait after a failure; doubles each time. Default 1 s. */
  backoffMs?: number;
  /** Longest wait between failing polls. Default 60 s. */
  maxBackoffMs?: number;
}

/** Polls until `signal` aborts or the intake stops accepting; never rejects. */
export async function pollUpdates(options: PollOptions): Promise<void> {
  const { api, signal } = options;
  const timeout = options.timeoutSeconds ?? 30;
  const retry = { baseMs: options.backoffMs ?? 1_000, maxMs: options.maxBackoffMs ?? 60_000 };
  let failures = 0;
  while (!signal.aborted && options.intake.accepting()) {
    let update: Update | null;
    try {
      update = await api.getUpdates({ timeout }, signal);
      failures = 0;
      options.onSuccess?.();
    } catch (error) {
      if (signal.aborted) return;
      failures += 1;
      const waitMs = backoffDelay(failures, retry);
      options.onError(error, waitMs, failures);
      await pause(waitMs, signal);
      continue;
    }
    if (update) await store(options, update, retry);
  }
}

/**
 * Keeps trying to store an update it cannot fetch again. Even a stop request does not end
 * this early: the process's shutdown deadline is what bounds it.
 */
async function store(options: PollOptions, update: Update, retry: { baseMs: number; maxMs: number }): Promise<void> {
  for (let failures = 1; ; failures++) {
    try {
      await options.intake.ingest("zalo", [update]);
      return;
    } catch (error) {
      if (failures === 1) options.onStoreError(error);
      await pause(backoffDelay(failures, retry));
    }
  }
}
