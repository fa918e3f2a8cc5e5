import { setTimeout as sleep } from "node:timers/promises";
import { GrammyError, HttpError, type Bot } from "grammy";
import { safeError } from "../../logging/safe-error.js";
import { backoffDelay } from "../../util/backoff.js";

/** Helpers for the channel's start-up calls to Telegram. */

/** The AbortSignal type grammY's Node typings expect. */
export type GrammySignal = NonNullable<Parameters<Bot["init"]>[0]>;

/**
 * grammY's Node typings name the abort-controller polyfill's AbortSignal, while Node 20 has
 * its own; node-fetch, which grammY calls, recognises the native one by its class name, so
 * only the static type differs.
 */
export function grammySignal(signal: AbortSignal): GrammySignal {
  return signal as unknown as GrammySignal;
}

/** Retries a start-up call while the problem is the network or Telegram's servers. */
export async function retrying<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
  for (let failures = 1; ; failures++) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error) || signal.aborted) throw error;
      const retryAfter = error instanceof GrammyError ? error.parameters.retry_after : undefined;
      const wait = retryAfter !== undefined ? retryAfter * 1_000 : backoffDelay(failures, { baseMs: 1_000, maxMs: 60_000, jitter: 0.2 });
      await sleep(wait, undefined, { signal });
    }
  }
}

function isTransient(error: unknown): boolean {
  return error instanceof HttpError || (error instanceof GrammyError && (error.error_code >= 500 || error.error_code === 429));
}

/** What to tell the operator, in terms of the settings they can change. */
export function startProblem(error: unknown): string {
  if (error instanceof GrammyError) {
    if (error.error_code === 401) return "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): copy the token again from @BotFather";
    if (error.error_code === 404) return "Telegram API answered 404: check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT";
    if (error.method === "setWebhook") {
      return `Telegram refused the webhook (${error.description}): PUBLIC_URL must be a public https:// address that reaches this server`;
    }
  }
  return `Telegram start failed: ${safeError(error).message}`;
}

/**
 * Waits for `task` up to `ms`. Resolves "done" or "pending"; a rejection within the wait is
 * rethrown, a later one goes to `late` (so it is never unhandled).
 */
export async function within(task: Promise<void>, ms: number, late: (error: unknown) => void): Promise<"done" | "pending"> {
  const settled = task.then(
    () => ({ error: undefined, failed: false }),
    (error: unknown) => ({ error, failed: true }),
  );
  const timer = new AbortController();
  const first = await Promise.race([settled, sleep(ms, "pending" as const, { signal: timer.signal }).catch(() => "pending" as const)]);
  timer.abort();
  if (first === "pending") {
    void settled.then((outcome) => outcome.failed && late(outcome.error));
    return "pending";
  }
  if (first.failed) throw first.error;
  return "done";
}
