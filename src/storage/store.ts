import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import KeyvRedis from "@keyv/redis";
import KeyvSqlite from "@keyv/sqlite";
import Keyv from "keyv";

/**
 * The storage contract every backend meets (SQLite file, Redis). Values are JSON-serialisable.
 * A backend failure throws StorageError: keyv would otherwise answer `undefined`, and an
 * outage must never look like "no data yet" (that would reset sessions and lose state).
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Reachability check for /healthz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  readonly kind: StoreKind;
}

export type StoreKind = "sqlite" | "redis" | "memory";

export class StorageError extends Error {
  constructor(
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    super(`storage ${operation} failed`, options);
    this.name = "StorageError";
  }
}

export interface StoreOptions {
  dataDir: string;
  redisUrl?: string;
  namespace?: string;
}

class KeyvStore implements KeyValueStore {
  constructor(
    private readonly keyv: Keyv,
    readonly kind: StoreKind,
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
      await this.keyv.disconnect();
    } catch {
      // Closing a store whose backend is already gone is not an error worth surfacing.
    }
  }

  private async run<T>(operation: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw new StorageError(operation, { cause: error });
    }
  }
}

/** SQLite under `dataDir` by default; Redis when `redisUrl` is given. */
export function createStore(options: StoreOptions): KeyValueStore {
  const namespace = options.namespace ?? "motcua";
  if (options.redisUrl) {
    const redis = new KeyvRedis(options.redisUrl, {
      throwOnConnectError: true,
      throwOnErrors: true,
      connectionTimeout: 2_000,
    });
    return new KeyvStore(new Keyv({ store: redis, namespace, throwOnErrors: true }), "redis");
  }
  const dir = resolve(options.dataDir);
  mkdirSync(dir, { recursive: true });
  const sqlite = new KeyvSqlite({ uri: `sqlite://${join(dir, "motcua.sqlite")}`, busyTimeout: 5_000 });
  // Write-ahead logging: one fsync per commit instead of two, and readers never wait for a
  // writer. synchronous stays FULL so an answered message's state survives a power cut.
  void sqlite.query("PRAGMA journal_mode=WAL").catch(() => undefined);
  return new KeyvStore(new Keyv({ store: sqlite, namespace, throwOnErrors: true }), "sqlite");
}

/** Process memory only: for one-shot tools (ask, eval, bench) that must not touch ./data. */
export function createMemoryStore(namespace = "motcua"): KeyValueStore {
  return new KeyvStore(new Keyv({ namespace, throwOnErrors: true }), "memory");
}
