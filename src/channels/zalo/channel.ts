/**
 * The Zalo channel: Zalo Bot Platform updates in, plain-text answers out.
 * Polling by default; webhook mode when PUBLIC_URL is set (then ZALO_WEBHOOK_SECRET is
 * required). Updates are handled one at a time per chat, concurrently across chats.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { DeliveryDeduper } from "../dedupe.js";
import type { Channel, ChannelDeps } from "../runtime.js";
import { ZaloApi, type ParseMode } from "./api.js";
import { createUpdateHandler } from "./handler.js";
import type { BotIdentity } from "./incoming.js";
import { pollUpdates } from "./polling.js";
import { KeyedQueue } from "../queue.js";
import type { Update } from "./types.js";
import { createWebhookHandler } from "./webhook.js";

/** Where Zalo POSTs updates in webhook mode, below PUBLIC_URL. */
export const WEBHOOK_PATH = "/zalo/webhook";

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
  /** "typing…" appears when the core takes longer than this. Default 300 ms. */
  typingDelayMs?: number;
  /** Send formatted text first (falls back to plain when refused). Default plain text. */
  parseMode?: ParseMode;
}

/** Webhook settings, or null for polling mode. */
interface WebhookSettings {
  url: string;
  secret: string;
}

/**
 * Builds the Zalo channel and, in webhook mode, registers `POST /zalo/webhook` on deps.http.
 * Throws at once when the configuration cannot work, so start-up fails before listening.
 */
export function createZaloChannel(deps: ChannelDeps, options: ZaloChannelOptions = {}): Channel {
  return new ZaloChannel(deps, options);
}

/** How long stop() waits for answers in progress before giving up on them. */
const STOP_WAIT_MS = 5_000;

class ZaloChannel implements Channel {
  readonly name = "zalo";
  private readonly api: ZaloApi;
  private readonly webhook: WebhookSettings | null;
  private readonly identity: () => Promise<BotIdentity>;
  private readonly queue: KeyedQueue;
  private readonly controller = new AbortController();
  private readonly handle: (update: Update) => Promise<void>;
  private health = { ok: false, detail: "starting" };
  private polling: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: ChannelDeps,
    private readonly options: ZaloChannelOptions,
  ) {
    this.api = options.api ?? createApi(deps);
    // The update handler reports its own errors; anything escaping it is logged here.
    this.queue = new KeyedQueue((error) =>
      deps.logger.error({ err: error instanceof Error ? error.message : String(error) }, "zalo update failed"),
    );
    this.webhook = webhookSettings(deps);
    this.identity = identityOnce(this.api);
    this.handle = createUpdateHandler({
      deps,
      api: this.api,
      identity: this.identity,
      deduper: new DeliveryDeduper(deps.app.store, "zalo"),
      sessions: deps.app.sessions,
      defaultLanguage: deps.config.DEFAULT_LANGUAGE,
      typingDelayMs: options.typingDelayMs ?? 300,
      parseMode: options.parseMode,
    });
    if (this.webhook) registerWebhook(deps, this.webhook.secret, (update) => this.accept(update));
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
    await this.polling;
    // Answers already being worked on are finished, so nobody is left without a reply, but
    // within a deadline: a service manager kills a process that takes too long to stop.
    await Promise.race([this.queue.idle(), sleep(STOP_WAIT_MS, undefined, { ref: false })]);
    this.health = { ok: false, detail: "stopped" };
  }

  /** Queues an update behind its chat's earlier ones; false while stopping or overloaded. */
  private accept(update: Update): boolean {
    // While stopping, refuse so Zalo delivers again later instead of the update being lost.
    if (this.controller.signal.aborted) return false;
    return this.queue.push(update.message.chat.id, () => this.handle(update));
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
    this.polling = pollUpdates({
      api: this.api,
      signal: this.controller.signal,
      // A polled update cannot be fetched again (no offset), so it is queued even while
      // stopping (stop waits for the queue); only a full queue drops it, loudly.
      onUpdate: (update) => {
        if (this.queue.push(update.message.chat.id, () => this.handle(update))) return;
        this.deps.logger.warn({ chatType: update.message.chat.chat_type }, "zalo update dropped: queue full");
        this.deps.metrics.errors.inc({ channel: "zalo", kind: "dropped" });
      },
      onSuccess: () => (this.health = { ok: true, detail: "polling" }),
      onError: (error, waitMs, failures) => this.pollFailed(error, waitMs, failures),
      timeoutSeconds: pollTimeoutSeconds,
      backoffMs,
      maxBackoffMs,
    });
  }

  private pollFailed(error: unknown, waitMs: number, failures: number): void {
    this.health = { ok: false, detail: `polling: ${failures} failed in a row` };
    this.deps.metrics.errors.inc({ channel: "zalo", kind: "poll" });
    this.deps.logger.warn({ err: error instanceof Error ? error.message : String(error), waitMs }, "zalo poll failed");
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

function registerWebhook(deps: ChannelDeps, secret: string, accept: (update: Update) => boolean): void {
  const handler = createWebhookHandler({
    secret,
    accept,
    onRejected: (status, reason) => {
      deps.metrics.errors.inc({ channel: "zalo", kind: "webhook" });
      deps.logger.warn({ status, reason }, "zalo webhook request refused");
    },
  });
  deps.http.route("POST", WEBHOOK_PATH, handler);
}

/**
 * The bot's name from getMe, fetched once and shared by start-up and the update handler
 * (a webhook delivery may arrive before start-up has finished). A failure is not cached.
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
