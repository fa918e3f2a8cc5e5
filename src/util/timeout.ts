import { setTimeout as sleep } from "node:timers/promises";

/** A promise that took longer than it was allowed to. */
export class TimeoutError extends Error {
  constructor(
    readonly operation: string,
    readonly ms: number,
  ) {
    super(`${operation} took longer than ${ms} ms`);
    this.name = "TimeoutError";
  }
}

/**
 * Settles like `task`, or rejects with TimeoutError after `ms`. The task itself is not
 * cancelled (most drivers cannot be); its late result is ignored and a late rejection is
 * swallowed, so it never becomes an unhandled rejection. A plain timer, not an abortable
 * sleep: this wraps every store call, and aborting a sleep costs an exception object.
 */
export function withTimeout<T>(task: Promise<T>, ms: number, operation: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(operation, ms)), ms);
    timer.unref();
    task.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Waits `ms`, or less when `signal` aborts first; never rejects. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return;
  await sleep(ms, undefined, { signal, ref: false }).catch(() => undefined);
}
