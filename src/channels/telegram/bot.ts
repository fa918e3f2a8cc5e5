import { autoRetry } from "@grammyjs/auto-retry";
import { apiThrottler, type APIThrottlerOptions } from "@grammyjs/transformer-throttler";
import { Bot } from "grammy";

/**
 * The grammY bot as an API client: outgoing calls pass through the transformers, throttling
 * closest to the network and retries around it. Updates do not go through grammY's
 * middleware: the delivery layer stores, orders and answers them for every channel alike.
 */

export interface TelegramBotOptions {
  apiRoot?: string;
  /** Throttle sends to Telegram's limits (default true); the benchmark's fake has none. */
  throttle?: boolean;
  /** Overall messages a second (default 30, Telegram's free limit). */
  globalPerSecond?: number;
}

/**
 * Telegram allows about 30 messages a second overall, 20 a minute in a group, and about one a
 * second in a private chat, with short bursts tolerated. A private chat gets a burst of 5 so a
 * card plus its follow-up is not held back a full second; after that one a second.
 */
export function throttleLimits(globalPerSecond = 30): APIThrottlerOptions {
  return {
    global: { reservoir: globalPerSecond, reservoirRefreshAmount: globalPerSecond, reservoirRefreshInterval: 1_000 },
    group: { maxConcurrent: 1, minTime: 1_000, reservoir: 20, reservoirRefreshAmount: 20, reservoirRefreshInterval: 60_000 },
    out: {
      maxConcurrent: 1,
      reservoir: 5,
      reservoirIncreaseAmount: 1,
      reservoirIncreaseInterval: 1_000,
      reservoirIncreaseMaximum: 5,
    },
  };
}

/**
 * Only a 429 is retried here, waiting for `retry_after` when that is at most a minute (longer,
 * and the outbox takes over with its own schedule). 5xx and network errors are rethrown so
 * the outbox (sends), the poll loop (getUpdates) and start-up decide with the one backoff rule.
 */
const RETRY_OPTIONS = { maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true, rethrowInternalServerErrors: true } as const;

/** Longest wait for one API call; above the 30 s long-poll timeout so polls are not cut. */
const API_TIMEOUT_SECONDS = 60;

export function createTelegramBot(token: string, options: TelegramBotOptions = {}): Bot {
  const bot = new Bot(token, {
    client: {
      timeoutSeconds: API_TIMEOUT_SECONDS,
      ...(options.apiRoot ? { apiRoot: options.apiRoot.replace(/\/+$/, "") } : {}),
    },
  });
  if (options.throttle !== false) bot.api.config.use(apiThrottler(throttleLimits(options.globalPerSecond)));
  bot.api.config.use(autoRetry(RETRY_OPTIONS));
  return bot;
}
