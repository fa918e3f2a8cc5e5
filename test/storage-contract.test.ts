import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createStore, StorageError, type KeyValueStore } from "../src/storage/store.js";
import { tempDir } from "./helpers/app.js";

/**
 * One contract, every backend: the embedded SQLite file and the real Redis on 127.0.0.1:6379
 * (.ci/run starts one when the machine has none).
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const dir = tempDir();
afterAll(() => dir.remove());

const backends: Array<[string, () => KeyValueStore]> = [
  ["sqlite", () => createStore({ dataDir: dir.path, namespace: `t-${randomUUID()}` })],
  ["redis", () => createStore({ dataDir: dir.path, redisUrl: REDIS_URL, namespace: `t-${randomUUID()}` })],
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
    const store = createStore({ dataDir: dir.path, redisUrl: "redis://127.0.0.1:1" });
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
