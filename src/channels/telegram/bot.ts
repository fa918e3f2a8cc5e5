import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { apiThrottler, type APIThrottlerOptions } from "@grammyjs/transformer-throttler";
import { Bot, type BotError, type Context, type MiddlewareFn } from "grammy";
import { DeliveryDeduper } from "../dedupe.js";
import type { ChannelDeps } from "../runtime.js";
import { recordBlockedChats } from "./blocked.js";
import { describeError } from "./errors.js";
import { createUpdateHandler } from "./handler.js";
import { chatKeyOf } from "./incoming.js";
import { createPayloadCodec } from "./render.js";

/**
 * Assembles the grammY bot: outgoing calls pass through the transformers (throttling closest
 * to the network, then retries, then the 403 recorder, which therefore sees final answers),
 * and updates pass through the middleware (ordering per chat, duplicate drop, the handler).
 */

export interface TelegramBotOptions {
  /** Throttle sends to Telegram's limits (default true); the benchmark's fake has none. */
  throttle?: boolean;
  /** Order updates per chat in the middleware (long polling; webhooks order them earlier). */
  sequential?: boolean;
}

/**
 * Telegram allows about 30 messages a second overall, 20 a minute in a group, and about one a
 * second in a private chat, with short bursts tolerated. A private chat gets a burst of 5 so a
 * card plus its follow-up is not held back a full second; after that one a second.
 */
export const THROTTLE_LIMITS: APIThrottlerOptions = {
  global: { reservoir: 30, reservoirRefreshAmount: 30, reservoirRefreshInterval: 1_000 },
  group: { maxConcurrent: 1, minTime: 1_000, reservoir: 20, reservoirRefreshAmount: 20, reservoirRefreshInterval: 60_000 },
  out: {
    maxConcurrent: 1,
    reservoir: 5,
    reservoirIncreaseAmount: 1,
    reservoirIncreaseInterval: 1_000,
    reservoirIncreaseMaximum: 5,
  },
};

/**
 * Retries: a 429 waits for `retry_after` when that is at most a minute (longer, and the
 * answer would arrive too late to help); 5xx are retried three times with backoff. Network
 * errors are not retried here, so a dead connection cannot stall a chat's queue for an hour;
 * the handler reports them, and polling and start-up have their own retry loops.
 */
const RETRY_OPTIONS = { maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true } as const;

/** Longest wait for one API call; above the 30 s long-poll timeout so polls are not cut. */
const API_TIMEOUT_SECONDS = 60;

export function createTelegramBot(token: string, deps: ChannelDeps, options: TelegramBotOptions = {}): Bot {
  const { app, config, logger, metrics } = deps;
  const bot = new Bot(token, {
    client: {
      timeoutSeconds: API_TIMEOUT_SECONDS,
      ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT.replace(/\/+$/, "") } : {}),
    },
  });
  if (options.throttle !== false) bot.api.config.use(apiThrottler(THROTTLE_LIMITS));
  bot.api.config.use(autoRetry(RETRY_OPTIONS));
  bot.api.config.use(
    recordBlockedChats({
      store: app.store,
      onStoreError: (error) => {
        logger.warn({ err: describeError(error) }, "blocked chat not recorded");
        metrics.errors.inc({ channel: "telegram", kind: "storage" });
      },
    }),
  );
  if (options.sequential) bot.use(sequentialize((ctx: Context) => chatKeyOf(ctx.update)));
  bot.use(dropDuplicates(deps));
  bot.use(createUpdateHandler({ app, logger, metrics, codec: createPayloadCodec(app.index) }));
  bot.catch(handleBotError(deps));
  return bot;
}

/**
 * Telegram delivers an update again when it did not see our answer in time, and polling can
 * see one twice after a restart; the shared deduper makes both harmless. If the store cannot
 * tell, the update is handled: answering twice beats not answering.
 */
function dropDuplicates(deps: ChannelDeps): MiddlewareFn<Context> {
  const deduper = new DeliveryDeduper(deps.app.store, "telegram");
  return async (ctx, next) => {
    let first = true;
    try {
      first = await deduper.firstTime(String(ctx.update.update_id));
    } catch (error) {
      deps.logger.warn({ err: describeError(error) }, "telegram dedupe unavailable; handling update anyway");
      deps.metrics.errors.inc({ channel: "telegram", kind: "storage" });
    }
    if (first) await next();
  };
}

/** The last resort for a bug in the middleware: log, count, keep serving. */
export function handleBotError(deps: Pick<ChannelDeps, "logger" | "metrics">): (error: BotError<Context>) => void {
  return (error) => {
    deps.logger.error({ err: describeError(error.error), updateId: error.ctx.update.update_id }, "telegram update failed");
    deps.metrics.errors.inc({ channel: "telegram", kind: "handler" });
  };
}
