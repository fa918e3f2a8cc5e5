import { setTimeout as sleep } from "node:timers/promises";
import { BotError, type Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Channel, ChannelDeps } from "../runtime.js";
import { createTelegramBot, handleBotError, type TelegramBotOptions } from "./bot.js";
import { setCommandMenus } from "./commands.js";
import { describeError } from "./errors.js";
import { chatKeyOf } from "./incoming.js";
import { Poller, type ChannelStatus } from "./polling.js";
import { KeyedQueue } from "../queue.js";
import { grammySignal, retrying, startProblem, within } from "./startup.js";
import { createWebhookHandler, deriveWebhookSecret, WEBHOOK_PATH } from "./webhook.js";

/**
 * The Telegram channel: long polling by default, a webhook on our HTTP server when PUBLIC_URL
 * is set. Start-up problems that configuration can fix (a wrong token, a refused webhook URL)
 * stop the start with a message saying what to fix; network trouble never does: the channel
 * keeps retrying in the background and reports its state on /healthz.
 */

export interface TelegramChannelOptions extends Pick<TelegramBotOptions, "throttle"> {
  /** Long-poll duration in seconds (default 30). */
  pollTimeoutSeconds?: number;
  /** How long `start` waits for Telegram before leaving the rest to the background (default 10 s). */
  startWaitMs?: number;
  /** Webhook updates waiting at most; beyond, Telegram is told to deliver later (default 10,000). */
  maxPendingUpdates?: number;
}

/** Only what the bot handles is requested, so Telegram does not send the rest at all. */
const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;
const DEFAULT_START_WAIT_MS = 10_000;
/** How long `stop` waits for updates already accepted to be answered. */
const STOP_WAIT_MS = 5_000;

/** Creates the channel and registers its webhook route and health check; `start` begins I/O. */
export function createTelegramChannel(deps: ChannelDeps, options: TelegramChannelOptions = {}): Channel {
  return new TelegramChannel(deps, options);
}

class TelegramChannel implements Channel {
  readonly name = "telegram";
  private readonly bot: Bot;
  private readonly secret: string;
  private readonly webhookUrl: string | undefined;
  private readonly poller: Poller | undefined;
  private readonly queue: KeyedQueue;
  private readonly abort = new AbortController();
  /** Set once the bot knows itself (getMe); before that, updates cannot be handled. */
  private ready = false;
  private status: ChannelStatus = { ok: false, detail: "not started" };
  private stopped = false;

  constructor(
    private readonly deps: ChannelDeps,
    private readonly options: TelegramChannelOptions,
  ) {
    const { config, http, logger } = deps;
    const token = config.TELEGRAM_BOT_TOKEN;
    if (!token) throw new Error("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token in .env");
    this.secret = config.TELEGRAM_WEBHOOK_SECRET ?? deriveWebhookSecret(token);
    this.webhookUrl = config.PUBLIC_URL ? `${config.PUBLIC_URL.replace(/\/+$/, "")}${WEBHOOK_PATH}` : undefined;
    this.bot = createTelegramBot(token, deps, { throttle: options.throttle, sequential: !this.webhookUrl });
    this.queue = new KeyedQueue(
      (error) => logger.error({ err: describeError(error) }, "telegram webhook task failed"),
      options.maxPendingUpdates,
    );
    if (this.webhookUrl) {
      http.route(
        "POST",
        WEBHOOK_PATH,
        createWebhookHandler({
          secret: this.secret,
          accept: (update) => this.accept(update),
          onRejected: () => deps.metrics.errors.inc({ channel: "telegram", kind: "webhook" }),
        }),
      );
    } else {
      this.poller = new Poller(this.bot, {
        timeoutSeconds: options.pollTimeoutSeconds ?? 30,
        allowedUpdates: ALLOWED_UPDATES,
        logger,
        metrics: deps.metrics,
        report: (status) => this.report(status),
      });
    }
    http.healthCheck("telegram", () => this.status);
  }

  /**
   * Connects, waiting at most `startWaitMs`: a configuration problem found by then fails the
   * start; a Telegram that cannot be reached yet is left to the background, so the other
   * channels and /healthz start anyway.
   */
  async start(): Promise<void> {
    try {
      const state = await within(this.connect(), this.options.startWaitMs ?? DEFAULT_START_WAIT_MS, (error) => this.failed(error));
      if (state === "pending") this.deps.logger.warn("Telegram is not reachable yet; the bot keeps trying in the background");
    } catch (error) {
      this.failed(error);
      throw new Error(startProblem(error));
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    const deadline = Date.now() + STOP_WAIT_MS;
    await this.poller?.stop(deadline);
    await Promise.race([this.queue.idle(), sleep(Math.max(0, deadline - Date.now()), undefined, { ref: false })]);
    this.status = { ok: false, detail: "stopped" };
  }

  /** Start-up: who am I, the command menu, then the webhook or long polling. */
  private async connect(): Promise<void> {
    const { signal } = this.abort;
    const apiSignal = grammySignal(signal);
    this.report({ ok: false, detail: "connecting" });
    // init() retries network errors on its own and throws what retrying cannot fix.
    await this.bot.init(apiSignal);
    this.ready = true;
    await this.setCommands();
    if (this.webhookUrl) {
      const url = this.webhookUrl;
      const options = { secret_token: this.secret, allowed_updates: [...ALLOWED_UPDATES] };
      await retrying(() => this.bot.api.setWebhook(url, options, apiSignal), signal);
      this.report({ ok: true, detail: "webhook" });
    } else {
      // A webhook left over from an earlier deployment makes getUpdates fail with 409.
      await retrying(() => this.bot.api.deleteWebhook({ drop_pending_updates: false }, apiSignal), signal);
      if (!this.stopped) this.poller?.start();
    }
    const mode = this.webhookUrl ? "webhook" : "polling";
    this.deps.logger.info({ bot: this.bot.botInfo.username, mode }, "telegram connected");
  }

  /** The menu is a convenience: failing to set it is logged, never fatal. */
  private async setCommands(): Promise<void> {
    try {
      await setCommandMenus(this.bot.api, this.deps.config.DEFAULT_LANGUAGE);
    } catch (error) {
      this.deps.logger.warn({ err: describeError(error) }, "telegram command menu not set");
    }
  }

  /**
   * A webhook update, queued behind its chat's earlier ones. Refused (503, so Telegram delivers
   * it again later) while stopping or before the bot knows itself: a start-up that never
   * completes must not swallow updates that were already acknowledged.
   */
  private accept(update: Update): boolean {
    if (this.stopped || !this.ready) return false;
    return this.queue.push(chatKeyOf(update), async () => {
      try {
        await this.bot.handleUpdate(update);
      } catch (error) {
        if (error instanceof BotError) handleBotError(this.deps)(error);
        else throw error;
      }
    });
  }

  private report(status: ChannelStatus): void {
    if (!this.stopped) this.status = status;
  }

  private failed(error: unknown): void {
    if (this.stopped) return;
    this.report({ ok: false, detail: startProblem(error) });
    this.deps.logger.error({ err: describeError(error) }, startProblem(error));
  }
}
