import type { Config } from "../config.js";
import type { ChannelPort, Intake } from "../delivery/types.js";
import type { HttpServer } from "../http/server.js";
import type { Logger } from "../logger.js";

/**
 * What a messenger channel gets from start-up: its settings, a logger, a place for its
 * webhook route and health check, and the intake that stores what it receives. Nothing more:
 * the core, the stores and the outbox are the delivery layer's business.
 */
export interface ChannelDeps {
  config: Readonly<Config>;
  logger: Logger;
  http: Pick<HttpServer, "route" | "healthCheck">;
  intake: Intake;
}

/** A running messenger channel. Routes are registered when it is created; `start` begins I/O. */
export interface Channel {
  readonly name: string;
  /** How the delivery layer reads its updates and sends its messages. */
  readonly port: ChannelPort;
  start(): Promise<void>;
  /** Stops receiving; in-flight polls end at once (a stored update is never lost by this). */
  stop(): Promise<void>;
}
