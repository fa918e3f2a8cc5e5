import type { App } from "../app.js";
import type { Config } from "../config.js";
import { HttpServer } from "../http/server.js";
import { Metrics } from "../http/metrics.js";
import type { Logger } from "../logger.js";
import type { Channel, ChannelDeps } from "./runtime.js";

export interface ChannelStartOptions {
  app: App;
  config: Readonly<Config>;
  logger: Logger;
}

export interface RunningChannels {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the HTTP server and every messenger channel that has a token. Channels register
 * their webhook routes before the server listens, and begin polling or register webhooks
 * after, so the first webhook delivery always finds the server ready.
 */
export async function startChannels({ app, config, logger }: ChannelStartOptions): Promise<RunningChannels> {
  const metrics = new Metrics({ defaults: true });
  const http = new HttpServer({ metrics, logger });
  http.healthCheck("storage", async () => ({ ok: await app.store.ping(), detail: app.store.kind }));
  http.healthCheck("catalog", () => ({
    ok: app.catalog.procedures.length > 0,
    detail: `${app.catalog.procedures.length} procedures`,
  }));
  const deps: ChannelDeps = { app, config, logger, http, metrics };
  const channels: Channel[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    const { createTelegramChannel } = await import("./telegram/channel.js");
    channels.push(createTelegramChannel(deps));
  }
  if (config.ZALO_BOT_TOKEN) {
    const { createZaloChannel } = await import("./zalo/channel.js");
    channels.push(createZaloChannel(deps));
  }
  const { url } = await http.listen(config.PORT, config.HOST);
  logger.info({ url, channels: channels.map((channel) => channel.name) }, "http server listening");
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.allSettled(channels.map((channel) => channel.stop()));
    await http.close();
    await app.close();
  };
  try {
    for (const channel of channels) await channel.start();
  } catch (error) {
    // A channel that cannot start (bad token, webhook refused) must not leave the server and
    // the other channels running in a process that will never serve properly.
    await stop();
    throw error;
  }
  return { url, stop };
}
