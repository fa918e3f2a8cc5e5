/**
 * The Zalo channel: Zalo Bot Platform updates in, plain-text answers out.
 * Polling by default; webhook mode when PUBLIC_URL is set (then ZALO_WEBHOOK_SECRET is
 * required). Updates go to the shared delivery layer, which stores, orders and answers them.
 */
import { webhookRoute } from "../../http/webhook-route.js";
import { safeError } from "../../logging/safe-error.js";
import { pause } from "../../util/timeout.js";
import type { Channel, ChannelDeps } from "../runtime.js";
import { ZaloApi, type ParseMode } from "./api.js";
import type { BotIdentity } from "./incoming.js";
import { pollUpdates } from "./polling.js";
import { ZaloPort } from "./port.js";
import { parseWebhookBody } from "./types.js";

/** Where Zalo POSTs updates in webhook mode, below PUBLIC_URL. */
export const WEBHOOK_PATH = "/zalo/webhook";

/** Header in which Zalo echoes the `secret_token` given to setWebhook. */
export const SECRET_HEADER = "x-bot-api-secret-token";

/** Tuning for tests and special deployments; production uses the defaults. */
export interface ZaloChannelOptions {
  /** A ready client; default one built from ZALO_BOT_TOKEN and ZALO_API_ROOT. */
  api?: ZaloApi;
  /** Long-poll duration in seconds. Default 30. */
  pollTimeoutSeconds?: number;
  /** First wait after a failed poll, doubling up to `maxBackoffMs`. Default 1 s. */
  backoffMs?: number;
  /** Default 60 s. */
  maxBackoffMs?: number;
  /** Send formatted text first (falls back to plain when refused). Default plain text. */
  parseMode?: ParseMode;
}

/** Webhook settings, or null for polling mode. */
interface WebhookSettings {
  url: string;
  secret: string;
}

/** How long stop() waits for a poll that is storing its update. */
const STOP_WAIT_MS = 5_000;

/**
 * Builds the Zalo channel and, in webhook mode, registers `POST /zalo/webhook` on deps.http.
 * Throws at once when the configuration cannot work, so start-up fails before listening.
 */
export function createZaloChannel(deps: ChannelDeps, options: ZaloChannelOptions = {}): Channel {
  return new ZaloChannel(deps, options);
}

class ZaloChannel implements Channel {
  readonly name = "zalo";
  readonly port: ZaloPort;
  private readonly api: ZaloApi;
  private readonly webhook: WebhookSettings | null;
  private readonly identity: () => Promise<BotIdentity>;
  private readonly controller = new AbortController();
  private health = { ok: false, detail: "starting" };
  private polling: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: ChannelDeps,
    private readonly options: ZaloChannelOptions,
  ) {
    this.api = options.api ?? createApi(deps);
    this.webhook = webhookSettings(deps);
    this.identity = identityOnce(this.api);
    this.port = new ZaloPort(this.api, this.identity, deps.logger, options.parseMode);
    if (this.webhook) {
      deps.http.route(
        webhookRoute({
          channel: "zalo",
          path: WEBHOOK_PATH,
          secretHeader: SECRET_HEADER,
          secret: this.webhook.secret,
          parse: parseBody,
          badBodyHelp: "body must be a Zalo update ({ event_name, message } or { ok, result: { event_name, message } })",
          intake: deps.intake,
          logger: deps.logger,
        }),
      );
    }
    deps.http.healthCheck("zalo", () => ({ ...this.health }));
  }

  async start(): Promise<void> {
    await startUp("getMe", this.identity);
    if (this.webhook) await this.startWebhook(this.webhook);
    else await this.startPolling();
    this.deps.logger.info({ mode: this.health.detail }, "zalo channel started");
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await Promise.race([this.polling, pause(STOP_WAIT_MS)]);
    this.health = { ok: false, detail: "stopped" };
  }

  private async startWebhook(webhook: WebhookSettings): Promise<void> {
    await startUp("setWebhook", () => this.api.setWebhook({ url: webhook.url, secret_token: webhook.secret }));
    this.health = { ok: true, detail: "webhook" };
  }

  private async startPolling(): Promise<void> {
    // Polling fails while a webhook is set, e.g. one left over from an earlier deployment.
    await startUp("deleteWebhook", () => this.api.deleteWebhook());
    this.health = { ok: true, detail: "polling" };
    const { pollTimeoutSeconds, backoffMs, maxBackoffMs } = this.options;
    const { logger } = this.deps;
    this.polling = pollUpdates({
      api: this.api,
      intake: this.deps.intake,
      signal: this.controller.signal,
      onSuccess: () => (this.health = { ok: true, detail: "polling" }),
      onError: (error, waitMs, failures) => {
        this.health = { ok: false, detail: `polling: ${failures} failed in a row` };
        if (failures === 1) logger.warn({ err: safeError(error), waitMs }, "zalo poll failed; retrying with backoff");
      },
      onStoreError: (error) => logger.warn({ err: safeError(error) }, "zalo update not stored yet; holding it and retrying"),
      timeoutSeconds: pollTimeoutSeconds,
      backoffMs,
      maxBackoffMs,
    });
  }
}

function parseBody(body: Buffer) {
  try {
    return parseWebhookBody(JSON.parse(body.toString("utf8")));
  } catch {
    return null;
  }
}

function createApi({ config }: ChannelDeps): ZaloApi {
  if (!config.ZALO_BOT_TOKEN) {
    throw new Error("Zalo channel: ZALO_BOT_TOKEN is not set. Copy the token from Zalo Bot Manager (bot.zaloplatforms.com).");
  }
  return new ZaloApi({ token: config.ZALO_BOT_TOKEN, apiRoot: config.ZALO_API_ROOT });
}

/** PUBLIC_URL means webhook mode, which cannot be secured without ZALO_WEBHOOK_SECRET. */
function webhookSettings({ config }: ChannelDeps): WebhookSettings | null {
  if (!config.PUBLIC_URL) return null;
  if (!config.ZALO_WEBHOOK_SECRET) {
    throw new Error(
      "Zalo channel: PUBLIC_URL is set (webhook mode) but ZALO_WEBHOOK_SECRET is not. " +
        "Set ZALO_WEBHOOK_SECRET to a random string of 8-256 characters (e.g. `openssl rand -hex 32`), " +
        "or unset PUBLIC_URL to use polling.",
    );
  }
  return { url: `${config.PUBLIC_URL.replace(/\/+$/, "")}${WEBHOOK_PATH}`, secret: config.ZALO_WEBHOOK_SECRET };
}

/**
 * The bot's name from getMe, fetched once and shared by start-up and the update handler
 * (a stored update may be handled before start-up has finished). A failure is not cached.
 */
function identityOnce(api: Pick<ZaloApi, "getMe">): () => Promise<BotIdentity> {
  let pending: Promise<BotIdentity> | null = null;
  return () => {
    if (pending) return pending;
    const attempt = api.getMe().then((me) => ({ name: me.account_name }));
    pending = attempt;
    attempt.catch(() => {
      if (pending === attempt) pending = null;
    });
    return attempt;
  };
}

/** Start-up calls fail with a message that names the step; the client's error says how to fix it. */
async function startUp<T>(step: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Zalo channel cannot start (${step}): ${reason}`, { cause: error });
  }
}
