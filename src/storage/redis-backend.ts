import KeyvRedis, { createClient } from "@keyv/redis";
import type { AtomicOps } from "./memory-atomics.js";
import type { ConnectionEvent } from "./store.js";

/** Longest pause between reconnection attempts while Redis is away. */
const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * A Redis client set up for an outage: no offline queue (a command while disconnected fails
 * at once instead of waiting up to a minute), reconnection forever with a short capped pause
 * (the bot recovers by itself), and one report when the connection is lost and one when it is
 * back, not one per failing call.
 */
export function createRedisBackend(
  url: string,
  namespace: string,
  onConnectionChange?: (event: ConnectionEvent) => void,
): { adapter: KeyvRedis<unknown>; atomics: AtomicOps; ready(): Promise<void>; close(): Promise<void> } {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2_000,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), MAX_RECONNECT_DELAY_MS),
    },
  });
  let connected = false;
  let everConnected = false;
  client.on("ready", () => {
    if (!connected && everConnected) onConnectionChange?.({ state: "restored" });
    connected = true;
    everConnected = true;
  });
  client.on("error", (error: unknown) => {
    if (connected) onConnectionChange?.({ state: "lost", error });
    connected = false;
  });
  // Connecting at once (not on first use) means concurrent first calls never find a client
  // that is open but not ready yet; until the first connection, calls wait for it (bounded
  // by the store's timeout), afterwards a call during an outage fails at once.
  const connecting = client.connect().then(
    () => undefined,
    () => undefined,
  );
  const ready = async () => {
    if (!everConnected) await connecting;
  };
  const adapter = new KeyvRedis<unknown>(client, {
    namespace,
    throwOnConnectError: true,
    throwOnErrors: true,
    connectionTimeout: 2_000,
  });
  const scoped = (key: string) => `${namespace}:atomic:${key}`;
  return {
    adapter,
    ready,
    async close() {
      if (client.isOpen) client.destroy();
    },
    atomics: {
      async setIfAbsent(key, value, ttlMs) {
        const redis = client;
        return (await redis.set(scoped(key), value, { NX: true, PX: ttlMs })) === "OK";
      },
      async increment(key, ttlMs) {
        const redis = client;
        // SET NX starts a window with its expiry; INCR keeps the expiry it finds.
        const replies = await redis.multi().set(scoped(key), "0", { NX: true, PX: ttlMs }).incr(scoped(key)).exec();
        return Number(replies[1]);
      },
    },
  };
}
