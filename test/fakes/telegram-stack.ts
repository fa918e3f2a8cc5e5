/**
 * The whole Telegram stack on loopback: the real app, HTTP server and Telegram channel against
 * the fake Bot API. Shared by the end-to-end tests (through test/telegram-harness.ts) and the
 * webhook benchmark; it has no test-runner dependency so scripts can use it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, type App } from "../../src/app.js";
import type { Channel } from "../../src/channels/runtime.js";
import { createTelegramChannel, type TelegramChannelOptions } from "../../src/channels/telegram/channel.js";
import { loadConfig } from "../../src/config.js";
import { Metrics } from "../../src/http/metrics.js";
import { HttpServer } from "../../src/http/server.js";
import { createLogger } from "../../src/logger.js";
import { createMemoryStore, createStore } from "../../src/storage/store.js";
import { startFakeTelegram, type FakeTelegram } from "./telegram-api.js";

export type Mode = "polling" | "webhook";

export interface TelegramStackOptions {
  mode: Mode;
  /** SQLite in a temporary directory (default) or process memory. */
  store?: "sqlite" | "memory";
  /** TELEGRAM_WEBHOOK_SECRET; unset means the channel derives one. */
  secret?: string;
  channel?: TelegramChannelOptions;
  /** Call channel.start() (default); false leaves the channel created but not yet connected. */
  start?: boolean;
}

export interface TelegramStack {
  fake: FakeTelegram;
  app: App;
  metrics: Metrics;
  /** Base URL of our HTTP server. */
  url: string;
  channel: Channel;
  close(): Promise<void>;
}

export async function startTelegramStack(options: TelegramStackOptions): Promise<TelegramStack> {
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
  return {
    fake,
    app,
    metrics,
    url,
    channel,
    async close() {
      await channel.stop();
      await http.close();
      await fake.close();
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
