import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Prometheus metrics for /metrics. One registry per process (per test app), so tests can
 * read values without global state leaking between them.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly messages = new Counter({
    name: "motcua_messages_total",
    help: "Messages handled, by channel and intent",
    labelNames: ["channel", "intent"] as const,
    registers: [this.registry],
  });

  readonly unanswered = new Counter({
    name: "motcua_unanswered_total",
    help: "Questions that matched no procedure (intent unknown), by channel",
    labelNames: ["channel"] as const,
    registers: [this.registry],
  });

  readonly latency = new Histogram({
    name: "motcua_handle_seconds",
    help: "Time from receiving a message to the core's answer, by channel",
    labelNames: ["channel"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly httpRejected = new Counter({
    name: "motcua_http_rejected_total",
    help: "HTTP requests refused, by reason (not_found, unauthorized, too_large, bad_request, timeout, unavailable, error)",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });

  constructor(options: { defaults?: boolean } = {}) {
    if (options.defaults) collectDefaultMetrics({ register: this.registry });
  }

  /** Records one handled message. */
  observe(channel: string, intent: string, seconds: number): void {
    this.messages.inc({ channel, intent });
    if (intent === "unknown") this.unanswered.inc({ channel });
    this.latency.observe({ channel }, seconds);
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }
}
