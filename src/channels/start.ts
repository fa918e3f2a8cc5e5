import type { App } from "../app.js";
import type { Config } from "../config.js";
import { deliveryMetrics } from "../delivery/metrics.js";
import type { SenderLimits } from "../delivery/outbox-sender.js";
import { DeliveryPipeline } from "../delivery/pipeline.js";
import type { MessengerName } from "../delivery/types.js";
import { HttpServer } from "../http/server.js";
import { safeError } from "../logging/safe-error.js";
import { Metrics } from "../http/metrics.js";
import type { Logger } from "../logger.js";
import type { Channel, ChannelDeps } from "./runtime.js";
import type { TelegramChannelOptions } from "./telegram/channel.js";
import type { ZaloChannelOptions } from "./zalo/channel.js";

export interface ChannelStartOptions {
  app: App;
  config: Readonly<Config>;
  logger: Logger;
  /** Tuning for tests and benchmarks. */
  telegram?: TelegramChannelOptions;
  zalo?: ZaloChannelOptions;
  /** An HTTP server already listening (tests that need the port before PUBLIC_URL is known). */
  http?: HttpServer;
  metrics?: Metrics;
  pipeline?: Partial<ConstructorParameters<typeof DeliveryPipeline>[0]>;
  /** Start the channels' I/O (default true); tests may start them later. */
  startChannels?: boolean;
}

export interface RunningChannels {
  url: string;
  http: HttpServer;
  pipeline: DeliveryPipeline;
  channels: Channel[];
  metrics: Metrics;
  /**
   * Graceful stop: no new work, what is in flight finished until `deadline` (epoch ms), the
   * rest kept for the next start. Closes the app too, unless `keepApp` (a test sharing it).
   */
  stop(deadline?: number, options?: { keepApp?: boolean }): Promise<void>;
}

/**
 * Starts the HTTP server, the delivery pipeline and every messenger channel that has a token.
 * Channels register their webhook routes before the server listens, and begin polling or
 * register webhooks after, so the first webhook delivery always finds the server ready.
 */
export async function startChannels(options: ChannelStartOptions): Promise<RunningChannels> {
  const { app, config, logger } = options;
  const metrics = options.metrics ?? new Metrics({ defaults: true });
  const http = options.http ?? new HttpServer({ metrics, logger, maxConnections: config.HTTP_MAX_CONNECTIONS, metricsToken: config.METRICS_TOKEN });
  const pipeline = new DeliveryPipeline({
    records: app.records,
    logger,
    metrics: deliveryMetrics(metrics.registry),
    instanceId: app.instanceId,
    giveUpAfterMs: config.OUTBOX_GIVE_UP_HOURS * 3_600_000,
    limits: (channel: MessengerName) => senderLimits(config, channel),
    ...options.pipeline,
    // A quota answer (Zalo) pauses the running campaign and tells the staff.
    sender: { ...options.pipeline?.sender, onQuota: (channel, until, reason) => void app.broadcasts.runner.quotaReached(channel, until, reason).catch(() => undefined) },
    core: observed(app, metrics),
  });
  http.healthCheck("storage", async () => ({ ok: await app.store.ping(), detail: app.store.kind }));
  http.healthCheck("records", async () => ({ ok: await app.records.database.ping(), detail: app.records.database.dialect }));
  http.healthCheck("catalog", () => ({ ok: app.catalog.procedures.length > 0, detail: `${app.catalog.procedures.length} procedures` }));
  const deps: ChannelDeps = { config, logger, http, intake: pipeline };
  const channels: Channel[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    const { createTelegramChannel } = await import("./telegram/channel.js");
    channels.push(createTelegramChannel(deps, { lookup: app.index, ...options.telegram }));
  }
  if (config.ZALO_BOT_TOKEN) {
    const { createZaloChannel } = await import("./zalo/channel.js");
    channels.push(createZaloChannel(deps, options.zalo));
  }
  for (const channel of channels) pipeline.register(channel.port);
  const url = options.http ? "" : (await http.listen(config.PORT, config.HOST)).url;
  if (url) logger.info({ url, channels: channels.map((channel) => channel.name) }, "http server listening");
  pipeline.start();
  // Questions to staff: held questions released when the desk opens, outcomes of relays, reminders.
  if (config.STAFF_TELEGRAM_CHAT_ID && !config.TELEGRAM_BOT_TOKEN) {
    logger.warn("STAFF_TELEGRAM_CHAT_ID is set but TELEGRAM_BOT_TOKEN is not: questions to staff wait until Telegram runs");
  }
  app.handoff.jobs.start(app.instanceId);
  // Staff announcements: one instance at a time pages campaigns into the outbox.
  const fastest = Math.max(...channels.map((channel) => senderLimits(config, channel.port.name).backgroundPerSecond), 1);
  app.broadcasts.runner.attach(
    channels.map((channel) => channel.name),
    { lease: pipeline.outboxLease, handOver: (entries) => pipeline.handOver(entries), poke: () => pipeline.poke(), backlog: Math.max(10, Math.ceil(fastest * 2)) },
  );
  app.broadcasts.runner.start(app.instanceId);
  void app.broadcasts.proposeCatalogDrafts().then(
    (drafted) => drafted > 0 && logger.info({ drafted }, "catalog changed: announcement drafts proposed to staff"),
    (error: unknown) => logger.warn({ err: safeError(error) }, "catalog changes not compared; tried again at the next start"),
  );
  let stopping: Promise<void> | undefined;
  const stop = (deadline = Date.now() + config.SHUTDOWN_DEADLINE_SECONDS * 1_000, stopOptions: { keepApp?: boolean } = {}) =>
    (stopping ??= (async () => {
      // Refuse first (webhooks answer 503, pollers stop), then finish what was accepted.
      http.drain();
      pipeline.refuse();
      await Promise.allSettled(channels.map((channel) => channel.stop()));
      await app.handoff.jobs.stop();
      await app.broadcasts.runner.stop();
      await pipeline.stop(deadline);
      await http.close();
      if (!stopOptions.keepApp) await app.close();
    })());
  try {
    if (options.startChannels !== false) for (const channel of channels) await channel.start();
  } catch (error) {
    // A channel that cannot start (bad token, webhook refused) must not leave the server and
    // the other channels running in a process that will never serve properly.
    await stop(Date.now() + 2_000);
    throw error;
  }
  return { url, http, pipeline, channels, metrics, stop };
}

/** Outbox pacing per channel: background traffic below the platform's limits, overall and per chat. */
function senderLimits(config: Readonly<Config>, channel: MessengerName): SenderLimits {
  const telegram = channel === "telegram";
  const perSecond = telegram ? config.TELEGRAM_BROADCAST_PER_SECOND : config.ZALO_BROADCAST_PER_SECOND;
  return {
    backgroundPerSecond: perSecond,
    backgroundInFlight: Math.max(10, Math.ceil(perSecond * 2)),
    perChatIntervalMs: telegram ? config.TELEGRAM_CHAT_INTERVAL_MS : config.ZALO_CHAT_INTERVAL_MS,
  };
}

/** The core, with each handled message counted by channel and intent. */
function observed(app: App, metrics: Metrics) {
  return {
    async handle(incoming: Parameters<App["core"]["handle"]>[0]) {
      const started = process.hrtime.bigint();
      const outcome = await app.core.handle(incoming);
      metrics.observe(incoming.channel, outcome.intent, Number(process.hrtime.bigint() - started) / 1e9);
      return outcome;
    },
  };
}
