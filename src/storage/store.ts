/**
 * Short-lived keyed state: sessions, counters, short leases. Values are JSON-serialisable.
 * Every backend (SQLite file, Redis, process memory) meets this contract, checked by one test
 * suite. A backend failure or a call slower than the store's timeout throws StorageError:
 * keyv would otherwise answer `undefined`, and an outage must never look like "no data yet"
 * (that would reset sessions and lose state).
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<boolean>;
  /**
   * Stores `value` only if `key` holds nothing (or only an expired value): true when stored.
   * Atomic across processes sharing the store (Redis SET NX PX; SQLite insert-if-absent).
   */
  setIfAbsent<T>(key: string, value: T, ttlMs: number): Promise<boolean>;
  /**
   * Adds one to a counter and returns the new value. The counter starts at 1 with a time to
   * live of `ttlMs`, which later increments do not extend (a fixed window). Atomic.
   */
  increment(key: string, ttlMs: number): Promise<number>;
  /** Reachability check for /healthz; never throws and never takes longer than the timeout. */
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

/** A change of the backend's reachability, reported once per change (not once per call). */
export type ConnectionEvent = { state: "lost"; error: unknown } | { state: "restored" };

export interface StoreOptions {
  dataDir: string;
  redisUrl?: string;
  namespace?: string;
  /** Longest wait for one call before it fails with StorageError. Default 2 s. */
  timeoutMs?: number;
  onConnectionChange?(event: ConnectionEvent): void;
}

export { createStore, createMemoryStore } from "./keyv-store.js";
