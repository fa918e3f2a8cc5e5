/**
 * Runs the real app, the real HTTP server and the real Telegram channel against the fake
 * Telegram Bot API, all on 127.0.0.1, for the end-to-end tests of the Telegram channel.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Opts } from "grammy/types";
import { vi } from "vitest";
import { createApp, type App } from "../src/app.js";
import type { Channel } from "../src/channels/runtime.js";
import { createTelegramChannel, type TelegramChannelOptions } from "../src/channels/telegram/channel.js";
import { loadConfig } from "../src/config.js";
import { Metrics } from "../src/http/metrics.js";
import { HttpServer } from "../src/http/server.js";
import { createLogger } from "../src/logger.js";
import { createMemoryStore, createStore } from "../src/storage/store.js";
import { startFakeTelegram, type FakeTelegram, type UpdateInput } from "./fakes/telegram-api.js";

export type Mode = "polling" | "webhook";

export interface HarnessOptions {
  mode: Mode;
  /** SQLite in a temporary directory (default) or process memory. */
  store?: "sqlite" | "memory";
  /** TELEGRAM_WEBHOOK_SECRET; unset means the channel derives one. */
  secret?: string;
  channel?: TelegramChannelOptions;
  /** Call channel.start() (default); false leaves the channel created but not yet connected. */
  start?: boolean;
}

export interface Harness {
  mode: Mode;
  fake: FakeTelegram;
  app: App;
  metrics: Metrics;
  /** Base URL of our HTTP server. */
  url: string;
  channel: Channel;
  /** Delivers an update the way the mode receives it; resolves once it is handed over. */
  send(update: UpdateInput): Promise<void>;
  /** Successful sendMessage payloads to one chat, in order. */
  sentTo(chatId: number): Opts<"sendMessage">[];
  /** Waits until the chat has received at least `count` messages and returns them all. */
  waitForReplies(chatId: number, count: number): Promise<Opts<"sendMessage">[]>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const fake = await startFakeTelegram();
  const dataDir = await mkdtemp(join(tmpdir(), "motcua-telegram-"));
  const store = options.store === "memory" ? createMemoryStore() : createStore({ dataDir });
  const app = await createApp({
    config: { CONTENT_DIR: "content", DATA_DIR: dataDir, SESSION_TTL_HOURS: 24, DEFAULT_LANGUAGE: "vi" },
    store,
  });
  const metrics = new Metrics();
  const logger = createLogger("silent");
  const http = new HttpServer({ metrics, logger });
  // Listening first gives the port that PUBLIC_URL needs; the route table is read per request.
  const { url } = await http.listen(0, "127.0.0.1");
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    PUBLIC_URL: options.mode === "webhook" ? url : "",
    TELEGRAM_WEBHOOK_SECRET: options.secret ?? "",
    DATA_DIR: dataDir,
  });
  const channel = createTelegramChannel({ app, config, logger, http, metrics }, { pollTimeoutSeconds: 1, ...options.channel });
  if (options.start !== false) await channel.start();

  const sentTo = (chatId: number) => fake.sentMessages().filter((message) => message.chat_id === chatId);
  return {
    mode: options.mode,
    fake,
    app,
    metrics,
    url,
    channel,
    async send(update) {
      if (options.mode === "polling") {
        fake.pushUpdate(update);
        return;
      }
      const response = await fake.deliverWebhook(update);
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${response.body}`);
    },
    sentTo,
    waitForReplies: (chatId, count) =>
      vi.waitFor(
        () => {
          const sent = sentTo(chatId);
          if (sent.length < count) throw new Error(`chat ${chatId} has ${sent.length} of ${count} replies`);
          return sent;
        },
        { timeout: 5_000, interval: 10 },
      ),
    async close() {
      await channel.stop();
      await http.close();
      await fake.close();
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every callback_data of a message's inline keyboard, with its button text. */
export function buttonsOf(message: Opts<"sendMessage"> | undefined): { text: string; data: string }[] {
  const markup = message?.reply_markup;
  if (!markup || !("inline_keyboard" in markup)) return [];
  return markup.inline_keyboard.flat().map((button) => ({
    text: button.text,
    data: "callback_data" in button && button.callback_data !== undefined ? button.callback_data : "",
  }));
}
