import { Counter, type Registry } from "prom-client";

/** The delivery layer's counters, registered on the process's metrics registry. */
export interface DeliveryMetrics {
  sent: Counter<"channel" | "kind" | "status">;
  givenUp: Counter<"channel" | "kind">;
  quota: Counter<"channel">;
  inbox: Counter<"channel" | "result">;
}

export function deliveryMetrics(registry: Registry): DeliveryMetrics {
  return {
    sent: new Counter({
      name: "motcua_outbox_attempts_total",
      help: "Outbox send attempts, by channel, kind and result (sent, blocked, quota, failed)",
      labelNames: ["channel", "kind", "status"] as const,
      registers: [registry],
    }),
    givenUp: new Counter({
      name: "motcua_outbox_given_up_total",
      help: "Messages given up after their deadline or a refusal, by channel and kind",
      labelNames: ["channel", "kind"] as const,
      registers: [registry],
    }),
    quota: new Counter({
      name: "motcua_outbox_quota_total",
      help: "Quota answers from a platform, by channel",
      labelNames: ["channel"] as const,
      registers: [registry],
    }),
    inbox: new Counter({
      name: "motcua_inbox_updates_total",
      help: "Updates received, by channel and result (stored, duplicate, refused, handled, failed)",
      labelNames: ["channel", "result"] as const,
      registers: [registry],
    }),
  };
}
