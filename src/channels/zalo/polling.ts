/**
 * Long polling for Zalo: one `getUpdates` call at a time, each returning at most ONE update.
 * An empty poll (the API's 408, `null` here) is normal; any other failure waits with
 * exponential backoff (capped) so a Zalo outage or a revoked token does not become a tight
 * loop of failing requests. Stops when the signal aborts, including mid-poll and mid-wait.
 */
import { setTimeout as delay } from "node:timers/promises";
import type { ZaloApi } from "./api.js";
import type { Update } from "./types.js";

/** Options for `pollUpdates`. */
export interface PollOptions {
  api: Pick<ZaloApi, "getUpdates">;
  signal: AbortSignal;
  /** Called for each update; must not block (queue the work) so the next poll starts at once. */
  onUpdate(update: Update): void;
  /** Called after each failed poll with the error and the wait before the next attempt. */
  onError(error: unknown, waitMs: number, failures: number): void;
  /** Called after a successful poll (empty or not); health checks use it. */
  onSuccess?(): void;
  /** Seconds the server may hold a poll open. Default 30. */
  timeoutSeconds?: number;
  /** First wait after a failure; doubles each time. Default 1 s. */
  backoffMs?: number;
  /** Longest wait between failing polls. Default 60 s. */
  maxBackoffMs?: number;
}

/** Polls until `signal` aborts; never rejects. */
export async function pollUpdates(options: PollOptions): Promise<void> {
  const { api, signal } = options;
  const timeout = options.timeoutSeconds ?? 30;
  let failures = 0;
  while (!signal.aborted) {
    try {
      const update = await api.getUpdates({ timeout }, signal);
      failures = 0;
      options.onSuccess?.();
      if (update) options.onUpdate(update);
    } catch (error) {
      if (signal.aborted) return;
      failures += 1;
      const waitMs = backoff(failures, options.backoffMs ?? 1_000, options.maxBackoffMs ?? 60_000);
      options.onError(error, waitMs, failures);
      await delay(waitMs, undefined, { signal }).catch(() => undefined);
    }
  }
}

/** `base`, 2×`base`, 4×`base`… never above `max`. */
export function backoff(failures: number, base: number, max: number): number {
  return Math.min(base * 2 ** Math.min(failures - 1, 30), max);
}
