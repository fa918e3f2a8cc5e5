import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createMemoryStore, createStore, StorageError, type KeyValueStore } from "../src/storage/store.js";
import { tempDir } from "./helpers/app.js";
import { TEST_REDIS_URL } from "./helpers/redis-server.js";

/**
 * One contract, every backend: the embedded SQLite file and the real Redis on 127.0.0.1:6379
 * (.ci/run starts one when the machine has none).
 */
const dir = tempDir();
afterAll(() => dir.remove());

/** Each call opens a new connection; the same namespace means the same data (a second instance). */
type Open = (namespace?: string) => KeyValueStore;
const backends: Array<[string, Open]> = [
  ["memory", (namespace = `t-${randomUUID()}`) => createMemoryStore(namespace)],
  ["sqlite", (namespace = `t-${randomUUID()}`) => createStore({ dataDir: dir.path, namespace })],
  ["redis", (namespace = `t-${randomUUID()}`) => createStore({ dataDir: dir.path, redisUrl: TEST_REDIS_URL, namespace })],
];

describe.each(backends)("storage contract: %s", (_name, make) => {
  it("round-trips JSON values and reports missing keys as undefined", async () => {
    const store = make();
    try {
      expect(await store.get("missing")).toBeUndefined();
      const value = { language: "vi", pendingChoices: ["p:a", "s:b:fees"], nested: { n: 1, text: "Đăng ký khai sinh" } };
      await store.set("session:1", value);
      expect(await store.get("session:1")).toEqual(value);
      expect(await store.delete("session:1")).toBe(true);
      expect(await store.get("session:1")).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it("expires values after their time to live", async () => {
    const store = make();
    try {
      await store.set("short", 1, 50);
      await store.set("long", 2, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await store.get("short")).toBeUndefined();
      expect(await store.get("long")).toBe(2);
    } finally {
      await store.close();
    }
  });

  it("keeps namespaces apart", async () => {
    const a = make();
    const b = make();
    try {
      await a.set("k", "a");
      expect(await b.get("k")).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("sets a value only when the key is free or expired, one winner among concurrent callers", async () => {
    const namespace = `t-${randomUUID()}`;
    const store = make(namespace);
    // Process memory cannot be shared; the other backends get a second connection.
    const other = store.kind === "memory" ? store : make(namespace);
    try {
      expect(await store.setIfAbsent("lease:x", { owner: "a" }, 60_000)).toBe(true);
      expect(await store.setIfAbsent("lease:x", { owner: "b" }, 60_000)).toBe(false);
      const race = await Promise.all(Array.from({ length: 8 }, (_, index) => (index % 2 ? other : store).setIfAbsent("lease:y", index, 60_000)));
      expect(race.filter(Boolean)).toHaveLength(1);
      expect(await store.setIfAbsent("lease:short", 1, 40)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(await store.setIfAbsent("lease:short", 2, 40)).toBe(true);
    } finally {
      await store.close();
      if (other !== store) await other.close();
    }
  });

  it("counts atomically within a fixed window that later increments do not extend", async () => {
    const store = make();
    try {
      // Generous margins: the machine may be busy, and Redis keeps its own clock.
      const counts = await Promise.all(Array.from({ length: 20 }, () => store.increment("lookups:u1", 700)));
      expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
      expect(await store.increment("lookups:u1", 700)).toBe(21);
      await new Promise((resolve) => setTimeout(resolve, 900));
      expect(await store.increment("lookups:u1", 700)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it("answers ping when reachable", async () => {
    const store = make();
    try {
      expect(await store.ping()).toBe(true);
    } finally {
      await store.close();
    }
  });
});

describe("storage outage", () => {
  it("throws StorageError instead of answering undefined when Redis is unreachable", async () => {
    const store = createStore({ dataDir: dir.path, redisUrl: "redis://127.0.0.1:1", timeoutMs: 300 });
    try {
      await expect(store.get("session:x")).rejects.toBeInstanceOf(StorageError);
      await expect(store.set("session:x", 1)).rejects.toBeInstanceOf(StorageError);
      expect(await store.ping()).toBe(false);
    } finally {
      await store.close();
    }
  });

  it("keeps SQLite data across reopening the file", async () => {
    const first = createStore({ dataDir: dir.path, namespace: "persist" });
    await first.set("subscriber:1", { since: 1 });
    await first.close();
    const second = createStore({ dataDir: dir.path, namespace: "persist" });
    expect(await second.get("subscriber:1")).toEqual({ since: 1 });
    await second.close();
  });
});
