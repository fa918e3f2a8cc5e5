/**
 * The real app, a real HttpServer on 127.0.0.1 and the Zalo channel, talking to the fake Zalo
 * Bot API over loopback, in polling or webhook mode. Shared by the Zalo end-to-end tests and
 * the Zalo driver of the channel contract suite.
 */
import { pino } from "pino";
import type { App } from "../src/app.js";
import { startChannels, type ChannelStartOptions, type RunningChannels } from "../src/channels/start.js";
import { WEBHOOK_PATH, type ZaloChannelOptions } from "../src/channels/zalo/channel.js";
import type { Channel } from "../src/channels/runtime.js";
import { configSchema, type Config } from "../src/config.js";
import { Metrics } from "../src/http/metrics.js";
import { HttpServer } from "../src/http/server.js";
import { postWebhook, startFakeZalo, type FakeZalo, type WebhookResponse } from "./fakes/zalo-api.js";
import { TEST_CONTENT_DIR, testApp } from "./helpers/app.js";

export type ZaloMode = "polling" | "webhook";

export const WEBHOOK_SECRET = "webhook-secret-for-tests";
export const PUBLIC_URL = "https://motcua.example.vn";
/** The fake's default getMe account_name. */
export const BOT_NAME = "motcua_test_bot";

export interface ZaloHarness {
  mode: ZaloMode;
  fake: FakeZalo;
  app: App;
  metrics: Metrics;
  http: HttpServer;
  channel: Channel;
  running: RunningChannels;
  config: Config;
  /** http://127.0.0.1:<port> of the bot's server. */
  baseUrl: string;
  /** Where this bot's webhook listens (reachable in both modes; 404 in polling mode). */
  webhookUrl: string;
  /** Hand an update to the bot the way Zalo would in this mode; webhook mode expects a 200. */
  deliver(update: object): Promise<void>;
  /** A private (or group) text from `chatId`; returns the update so tests can deliver it again. */
  say(chatId: string, text: string, extra?: { chatType?: "PRIVATE" | "GROUP"; fromId?: string }): Promise<object>;
  /** Texts the bot sent to `chatId` so far. */
  texts(chatId: string): string[];
  /** Waits until the bot has sent at least `count` texts to `chatId`, then returns them all. */
  waitForTexts(chatId: string, count: number, timeoutMs?: number): Promise<string[]>;
  /** Stops the channel, the server, the app and the fake; safe to call twice. */
  close(): Promise<void>;
}

export interface ZaloHarnessOptions {
  mode: ZaloMode;
  channel?: ZaloChannelOptions;
  /** Extra or overridden environment variables. */
  env?: Record<string, string>;
  /** Delivery tuning (e.g. the typing delay). */
  pipeline?: ChannelStartOptions["pipeline"];
  /**
   * An app shared by a whole test file (loading the catalog costs ~150 ms); the harness then
   * leaves closing it to the caller. Tests sharing one must use their own chat ids.
   */
  app?: App;
}

let sequence = 0;

/** A fresh hex message id, like Zalo's. */
export function messageId(): string {
  sequence += 1;
  return `${Date.now().toString(16)}${sequence.toString(16).padStart(6, "0")}`;
}

/** A Zalo update of any event, for images, stickers and the like. */
export function eventUpdate(event: string, chatId: string, extra: Record<string, unknown> = {}): object {
  return {
    event_name: event,
    message: {
      message_id: messageId(),
      date: Date.now(),
      from: { id: chatId, display_name: "Người dùng thử", is_bot: false },
      chat: { id: chatId, chat_type: "PRIVATE" },
      ...extra,
    },
  };
}

/** A `message.text.received` update. */
export function textUpdate(chatId: string, text: string, extra: { chatType?: "PRIVATE" | "GROUP"; fromId?: string } = {}): object {
  return eventUpdate("message.text.received", chatId, {
    text,
    from: { id: extra.fromId ?? chatId, display_name: "Người dùng thử", is_bot: false },
    chat: { id: chatId, chat_type: extra.chatType ?? "PRIVATE" },
  });
}

export async function startZaloHarness(options: ZaloHarnessOptions): Promise<ZaloHarness> {
  const fake = await startFakeZalo();
  const config = configSchema.parse({
    CONTENT_DIR: TEST_CONTENT_DIR,
    // The app gets an in-memory store, so nothing is written under DATA_DIR.
    DATA_DIR: "data",
    SESSION_TTL_HOURS: "24",
    DEFAULT_LANGUAGE: "vi",
    ZALO_BOT_TOKEN: fake.token,
    ZALO_API_ROOT: fake.apiRoot,
    ...(options.mode === "webhook" ? { PUBLIC_URL, ZALO_WEBHOOK_SECRET: WEBHOOK_SECRET } : {}),
    ...options.env,
  });
  const app = options.app ?? (await testApp());
  const logger = pino({ level: "silent" });
  const metrics = new Metrics();
  const http = new HttpServer({ metrics, logger });
  const { url: baseUrl } = await http.listen(0, "127.0.0.1");
  const running = await startChannels({
    app,
    config,
    logger,
    http,
    metrics,
    zalo: { backoffMs: 10, maxBackoffMs: 50, ...options.channel },
    pipeline: options.pipeline,
  });
  const channel = running.channels[0]!;
  const webhookUrl = `${baseUrl}${WEBHOOK_PATH}`;
  const texts = (chatId: string) => fake.sentMessages().filter((sent) => sent.chat_id === chatId).map((sent) => sent.text);

  const deliver = async (update: object): Promise<void> => {
    if (options.mode === "polling") {
      fake.pushUpdate(update);
      return;
    }
    const response: WebhookResponse = await postWebhook(webhookUrl, update, WEBHOOK_SECRET);
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${response.body}`);
  };

  let closed = false;
  return {
    mode: options.mode,
    fake,
    app,
    metrics,
    http,
    channel,
    running,
    config,
    baseUrl,
    webhookUrl,
    deliver,
    async say(chatId, text, extra) {
      const update = textUpdate(chatId, text, extra);
      await deliver(update);
      return update;
    },
    texts,
    async waitForTexts(chatId, count, timeoutMs = 4000) {
      await fake.waitFor(() => texts(chatId).length >= count, timeoutMs).catch(() => {
        throw new Error(`expected ${count} message(s) to ${chatId}, got ${texts(chatId).length}: ${JSON.stringify(texts(chatId))}`);
      });
      return texts(chatId);
    },
    async close() {
      if (closed) return;
      closed = true;
      await running.stop(Date.now() + 2_000, { keepApp: Boolean(options.app) });
      await fake.close();
    },
  };
}

/** The value of one counter series in the metrics text, 0 when absent. */
export async function metricValue(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const found = values.find((value) => Object.entries(labels).every(([key, expected]) => String(value.labels[key]) === expected));
  return found?.value ?? 0;
}
