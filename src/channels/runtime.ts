import type { App } from "../app.js";
import type { Config } from "../config.js";
import type { Incoming, Outcome } from "../core/types.js";
import type { HttpServer } from "../http/server.js";
import type { Metrics } from "../http/metrics.js";
import type { Logger } from "../logger.js";

/** What every channel adapter gets from start-up. */
export interface ChannelDeps {
  app: App;
  config: Readonly<Config>;
  logger: Logger;
  http: HttpServer;
  metrics: Metrics;
}

/** A running messenger channel. Routes are registered when it is created; `start` begins I/O. */
export interface Channel {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs one message through the core and records it in the metrics. */
export async function converse(deps: Pick<ChannelDeps, "app" | "metrics">, incoming: Incoming): Promise<Outcome> {
  const started = process.hrtime.bigint();
  const outcome = await deps.app.core.handle(incoming);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  deps.metrics.observe(incoming.channel, outcome.intent, seconds);
  return outcome;
}
