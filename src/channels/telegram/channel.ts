import type { Bot } from "grammy";
import type { Config } from "../../config.js";
import type { Channel, ChannelDeps } from "../runtime.js";
import type { ProcedureLookup } from "./render.js";
import { webhookRoute } from "../../http/webhook-route.js";
import { safeError } from "../../logging/safe-error.js";
import { createTelegramBot, type TelegramBotOptions } from "./bot.js";
import { setCommandMenus } from "./commands.js";
import { Poller, type ChannelStatus } from "./polling.js";
import { TelegramPort } from "./port.js";
import { createPayloadCodec } from "./render.js";
import { grammySignal, retrying, startProblem, within } from "./startup.js";
import { BAD_BODY_HELP, deriveWebhookSecret, parseUpdate, SECRET_HEADER, WEBHOOK_PATH } from "./webhook.js";

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
  /** Procedure ids and codes, so long button payloads fit Telegram's 64 bytes. */
  lookup?: ProcedureLookup;
}

/** Only what the bot handles is requested, so Telegram does not send the rest at all. */
const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;
const DEFAULT_START_WAIT_MS = 10_000;

/** Creates the channel and registers its webhook route and health check; `start` begins I/O. */
export function createTelegramChannel(deps: ChannelDeps, options: TelegramChannelOptions = {}): Channel {
  return new TelegramChannel(deps, options);
}

class TelegramChannel implements Channel {
  readonly name = "telegram";
  readonly port: TelegramPort;
  private readonly bot: Bot;
  private readonly webhookUrl: string | undefined;
  private readonly secret: string;
  private readonly poller: Poller | undefined;
  private readonly abort = new AbortController();
  private status: ChannelStatus = { ok: false, detail: "not started" };
  private stopped = false;
  private markKnown: () => void = () => undefined;

  constructor(
    private readonly deps: ChannelDeps,
    private readonly options: TelegramChannelOptions,
  ) {
    const { config, http, logger, intake } = deps;
    const token = config.TELEGRAM_BOT_TOKEN;
    if (!token) throw new Error("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token in .env");
    this.secret = config.TELEGRAM_WEBHOOK_SECRET ?? deriveWebhookSecret(token);
    this.webhookUrl = config.PUBLIC_URL ? `${config.PUBLIC_URL.replace(/\/+$/, "")}${WEBHOOK_PATH}` : undefined;
    this.bot = createTelegramBot(token, {
      apiRoot: config.TELEGRAM_API_ROOT,
      throttle: options.throttle,
      globalPerSecond: overallPerSecond(config),
    });
    if (!config.TELEGRAM_PAID_BROADCAST && config.TELEGRAM_BROADCAST_PER_SECOND > config.TELEGRAM_MAX_PER_SECOND) {
      logger.warn(
        { broadcastPerSecond: config.TELEGRAM_BROADCAST_PER_SECOND, maxPerSecond: config.TELEGRAM_MAX_PER_SECOND },
        "TELEGRAM_BROADCAST_PER_SECOND is above TELEGRAM_MAX_PER_SECOND: campaigns go at the lower rate; set TELEGRAM_PAID_BROADCAST=true for paid broadcasts",
      );
    }
    const known = new Promise<void>((resolve) => (this.markKnown = resolve));
    const codec = createPayloadCodec(options.lookup ?? { byProcedureId: () => undefined, byProcedureCode: () => undefined });
    this.port = new TelegramPort(this.bot, codec, logger, known, config.TELEGRAM_PAID_BROADCAST);
    if (this.webhookUrl) {
      http.route(
        webhookRoute({
          channel: "telegram",
          path: WEBHOOK_PATH,
          secretHeader: SECRET_HEADER,
          secret: this.secret,
          parse: parseUpdate,
          badBodyHelp: BAD_BODY_HELP,
          logger,
          // Before the bot knows itself it cannot answer; Telegram delivers again later.
          intake: { accepting: () => intake.accepting() && this.bot.isInited() && !this.stopped, ingest: (channel, updates) => intake.ingest(channel, updates) },
        }),
      );
    } else {
      this.poller = new Poller({
        bot: this.bot,
        intake,
        logger,
        timeoutSeconds: options.pollTimeoutSeconds ?? 30,
        allowedUpdates: ALLOWED_UPDATES,
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
    await this.poller?.stop();
    this.status = { ok: false, detail: "stopped" };
  }

  /** Start-up: who am I, the command menu, then the webhook or long polling. */
  private async connect(): Promise<void> {
    const { signal } = this.abort;
    const apiSignal = grammySignal(signal);
    this.report({ ok: false, detail: "connecting" });
    // init() retries network errors on its own and throws what retrying cannot fix.
    await this.bot.init(apiSignal);
    this.markKnown();
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
      this.deps.logger.warn({ err: safeError(error) }, "telegram command menu not set");
    }
  }

  private report(status: ChannelStatus): void {
    if (!this.stopped) this.status = status;
  }

  private failed(error: unknown): void {
    if (this.stopped) return;
    this.report({ ok: false, detail: startProblem(error) });
    this.deps.logger.error({ err: safeError(error) }, startProblem(error));
  }
}

/**
 * Paid broadcasts do not count towards Telegram's free limit of about 30 messages a second,
 * so with them on the client lets the campaign's rate through on top of it.
 */
function overallPerSecond(config: Readonly<Config>): number {
  const { TELEGRAM_MAX_PER_SECOND: free, TELEGRAM_BROADCAST_PER_SECOND: broadcast } = config;
  return config.TELEGRAM_PAID_BROADCAST ? free + broadcast : free;
}
