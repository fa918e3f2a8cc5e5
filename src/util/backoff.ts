/**
 * The one backoff rule of the project: polling loops, start-up calls, API retries and the
 * outbox all wait `base`, 2×`base`, 4×`base`… capped at `max`, with optional jitter so that
 * many clients recovering together do not retry in lock-step.
 */
export interface BackoffOptions {
  /** First wait, in milliseconds. */
  baseMs: number;
  /** Longest wait, in milliseconds. */
  maxMs: number;
  /** Share of the wait drawn at random (0 = none, 0.2 = ±20%). */
  jitter?: number;
}

/** The wait before attempt `failures + 1`, after `failures` (≥ 1) failures in a row. */
export function backoffDelay(failures: number, options: BackoffOptions): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const plain = Math.min(options.baseMs * 2 ** exponent, options.maxMs);
  const jitter = options.jitter ?? 0;
  if (jitter <= 0) return plain;
  const spread = plain * jitter;
  return Math.max(0, Math.round(plain - spread + Math.random() * 2 * spread));
}
