import { describe, expect, it } from "vitest";
import { backoff } from "../src/channels/zalo/polling.js";
import { KeyedQueue } from "../src/channels/zalo/queue.js";

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe("KeyedQueue", () => {
  it("runs one key's tasks in order and other keys meanwhile", async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    const gate = deferred();
    queue.push("a", async () => {
      await gate.promise;
      order.push("a1");
    });
    queue.push("a", async () => void order.push("a2"));
    queue.push("b", async () => void order.push("b1"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["b1"]);
    gate.resolve();
    await queue.drain();
    expect(order).toEqual(["b1", "a1", "a2"]);
    expect(queue.size).toBe(0);
  });

  it("keeps going after a failing task", async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    queue.push("a", async () => {
      throw new Error("boom");
    });
    queue.push("a", async () => void order.push("after"));
    await queue.drain();
    expect(order).toEqual(["after"]);
  });

  it("drain also waits for tasks queued while draining", async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    queue.push("a", async () => {
      queue.push("b", async () => void order.push("late"));
    });
    await queue.drain();
    expect(order).toEqual(["late"]);
  });
});

describe("backoff", () => {
  it("doubles from the base and stops at the cap", () => {
    expect([1, 2, 3, 4, 5, 100].map((failures) => backoff(failures, 1000, 5000))).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
  });
});
