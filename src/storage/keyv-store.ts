import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import KeyvSqlite from "@keyv/sqlite";
import Keyv from "keyv";
import { withTimeout } from "../util/timeout.js";
import { memoryAtomics, type AtomicOps } from "./memory-atomics.js";
import { createRedisBackend } from "./redis-backend.js";
import { sqliteAtomics } from "./sqlite-atomics.js";
import { StorageError, type KeyValueStore, type StoreKind, type StoreOptions } from "./store.js";

const DEFAULT_TIMEOUT_MS = 2_000;

/**
 * keyv for get / set / delete, and a small backend-specific `AtomicOps` for what keyv has no
 * word for (insert-if-absent, counters). Every call is bounded by the timeout, so a hung
 * backend turns into a quick StorageError and a polite reply instead of a silent wait.
 */
class KeyvStore implements KeyValueStore {
  constructor(
    private readonly keyv: Keyv,
    private readonly atomics: AtomicOps,
    readonly kind: StoreKind,
    private readonly timeoutMs: number,
    private readonly hooks: { ready?(): Promise<void>; close?(): Promise<void> } = {},
  ) {
    // keyv re-emits backend errors as events; without a listener Node would crash the process.
    keyv.on("error", () => undefined);
  }

  async get<T>(key: string): Promise<T | undefined> {
    return this.run("get", async () => (await this.keyv.get<T>(key)) ?? undefined);
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    await this.run("set", () => this.keyv.set(key, value, ttlMs));
  }

  async delete(key: string): Promise<boolean> {
    return this.run("delete", () => this.keyv.delete(key));
  }

  async setIfAbsent<T>(key: string, value: T, ttlMs: number): Promise<boolean> {
    return this.run("setIfAbsent", () => this.atomics.setIfAbsent(key, JSON.stringify(value), ttlMs));
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    return this.run("increment", () => this.atomics.increment(key, ttlMs));
  }

  async ping(): Promise<boolean> {
    try {
      await this.get("__ping__");
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    try {
      await withTimeout(this.keyv.disconnect(), this.timeoutMs, "storage close");
    } catch {
      // Closing a store whose backend is already gone is not an error worth surfacing.
    }
    await this.hooks.close?.().catch(() => undefined);
  }

  private async run<T>(operation: string, action: () => Promise<T>): Promise<T> {
    try {
      const ready = this.hooks.ready?.();
      const task = ready ? ready.then(action) : action();
      return await withTimeout(task, this.timeoutMs, `storage ${operation}`);
    } catch (error) {
      throw new StorageError(operation, { cause: error });
    }
  }
}

/** SQLite under `dataDir` by default; Redis when `redisUrl` is given. */
export function createStore(options: StoreOptions): KeyValueStore {
  const namespace = options.namespace ?? "motcua";
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (options.redisUrl) {
    const redis = createRedisBackend(options.redisUrl, namespace, options.onConnectionChange);
    const keyv = new Keyv({ store: redis.adapter, namespace, throwOnErrors: true });
    return new KeyvStore(keyv, redis.atomics, "redis", timeoutMs, { ready: redis.ready, close: redis.close });
  }
  const dir = resolve(options.dataDir);
  mkdirSync(dir, { recursive: true });
  const sqlite = new KeyvSqlite({ uri: `sqlite://${join(dir, "motcua.sqlite")}`, busyTimeout: 5_000 });
  // Write-ahead logging: one fsync per commit instead of two, and readers never wait for a
  // writer. synchronous stays FULL so an answered message's state survives a power cut.
  void sqlite.query("PRAGMA journal_mode=WAL").catch(() => undefined);
  return new KeyvStore(new Keyv({ store: sqlite, namespace, throwOnErrors: true }), sqliteAtomics(sqlite, namespace), "sqlite", timeoutMs);
}

/** Process memory only: for one-shot tools (ask, eval, bench) that must not touch ./data. */
export function createMemoryStore(namespace = "motcua"): KeyValueStore {
  return new KeyvStore(new Keyv({ namespace, throwOnErrors: true }), memoryAtomics(), "memory", DEFAULT_TIMEOUT_MS);
}
