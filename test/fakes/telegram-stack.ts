/**
 * The whole Telegram stack on loopback: the real app, HTTP server, delivery pipeline and
 * Telegram channel against the fake Bot API. Shared by the end-to-end tests (through
 * test/telegram-harness.ts) and the webhook benchmark; it has no test-runner dependency so
 * scripts can use it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, type App } from "../../src/app.js";
import { TEST_CONTENT_DIR } from "../helpers/app.js";
import type { Channel } from "../../src/channels/runtime.js";
import { startChannels, type ChannelStartOptions, type RunningChannels } from "../../src/channels/start.js";
import type { TelegramChannelOptions } from "../../src/channels/telegram/channel.js";
import { loadConfig } from "../../src/config.js";
import { Metrics } from "../../src/http/metrics.js";
import { HttpServer } from "../../src/http/server.js";
import { createLogger, type Logger } from "../../src/logger.js";
import { createMemoryStore, createStore } from "../../src/storage/store.js";
import { startFakeTelegram, type FakeTelegram } from "./telegram-api.js";

export type Mode = "polling" | "webhook";

export interface TelegramStackOptions {
  mode: Mode;
  /** Key-value store: SQLite in a temporary directory (default) or process memory. */
  store?: "sqlite" | "memory";
  /** Records store: SQLite in the temporary directory (default), process memory, or a PostgreSQL URL. */
  records?: "sqlite" | "memory";
  databaseUrl?: string;
  databaseSchema?: string;
  /** TELEGRAM_WEBHOOK_SECRET; unset means the channel derives one. */
  secret?: string;
  channel?: TelegramChannelOptions;
  /** Start the channel (default); false leaves it created but not yet connected. */
  start?: boolean;
  /** Extra environment for loadConfig. */
  env?: Record<string, string>;
  /** Key-value store on this Redis instead (namespace: `redisNamespace`). */
  redisUrl?: string;
  redisNamespace?: string;
  /** A fake shared with another stack (two instances of one bot); it is then not closed here. */
  fake?: FakeTelegram;
  logger?: Logger;
  /** INSTANCE_ID of this stack. */
  instanceId?: string;
  /** Delivery tuning (retry waits, give-up time…). */
  pipeline?: ChannelStartOptions["pipeline"];
  /** CONTENT_DIR: the fixture catalog (TEST_CONTENT_DIR) unless a test gives another. */
  contentDir?: string;
}

export interface TelegramStack {
  fake: FakeTelegram;
  app: App;
  metrics: Metrics;
  /** Base URL of our HTTP server. */
  url: string;
  channel: Channel;
  running: RunningChannels;
  close(): Promise<void>;
}

export async function startTelegramStack(options: TelegramStackOptions): Promise<TelegramStack> {
  const fake = options.fake ?? (await startFakeTelegram());
  const dataDir = await mkdtemp(join(tmpdir(), "motcua-telegram-"));
  const logger = options.logger ?? createLogger(process.env.STACK_LOG ?? "silent");
  // With Redis the app builds its own store from the settings, as `npm start` does.
  const store = options.redisUrl ? undefined : options.store === "memory" ? createMemoryStore() : createStore({ dataDir });
  const app = await createApp({
    config: {
      CONTENT_DIR: options.contentDir ?? TEST_CONTENT_DIR,
      DATA_DIR: dataDir,
      SESSION_TTL_HOURS: 24,
      DEFAULT_LANGUAGE: "vi",
      DATABASE_URL: options.databaseUrl,
      DATABASE_SCHEMA: options.databaseSchema,
      INSTANCE_ID: options.instanceId,
      REDIS_URL: options.redisUrl,
      REDIS_NAMESPACE: options.redisNamespace,
      // Staff and announcement settings from `env`; no quiet hours unless asked, so a test
      // does not depend on the time of day it runs at.
      STAFF_TELEGRAM_IDS: options.env?.STAFF_TELEGRAM_IDS,
      STAFF_TELEGRAM_CHAT_ID: options.env?.STAFF_TELEGRAM_CHAT_ID,
      BROADCAST_QUIET_HOURS: options.env?.BROADCAST_QUIET_HOURS ?? "off",
    },
    store,
    logger,
    ...(options.records === "memory" ? { records: "memory" as const } : {}),
  });
  const metrics = new Metrics();
  const http = new HttpServer({ metrics, logger });
  // Listening first gives the port that PUBLIC_URL needs; the route table is read per request.
  const { url } = await http.listen(0, "127.0.0.1");
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    PUBLIC_URL: options.mode === "webhook" ? url : "",
    TELEGRAM_WEBHOOK_SECRET: options.secret ?? "",
    DATA_DIR: dataDir,
    ...options.env,
  });
  const running = await startChannels({
    app,
    config,
    logger,
    http,
    metrics,
    telegram: { pollTimeoutSeconds: 1, ...options.channel },
    pipeline: options.pipeline,
    startChannels: options.start !== false,
  });
  const channel = running.channels[0]!;
  return {
    fake,
    app,
    metrics,
    url,
    channel,
    running,
    async close() {
      await running.stop(Date.now() + 2_000);
      if (!options.fake) await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
