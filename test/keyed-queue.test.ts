import { describe, expect, it } from "vitest";
import { KeyedQueue } from "../src/delivery/keyed-queue.js";

describe("KeyedQueue", () => {
  /** A task that finishes when told to, recording when it ran. */
  function gate(log: string[], name: string): { task: () => Promise<void>; open: () => void } {
    let open = () => undefined as void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return {
      task: async () => {
        log.push(`start ${name}`);
        await opened;
        log.push(`end ${name}`);
      },
      open: () => open(),
    };
  }

  it("runs one key's tasks in order and other keys alongside", async () => {
    const log: string[] = [];
    const queue = new KeyedQueue(() => undefined);
    const a1 = gate(log, "a1");
    const a2 = gate(log, "a2");
    const b1 = gate(log, "b1");
    queue.push("a", a1.task);
    queue.push("a", a2.task);
    queue.push("b", b1.task);
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(["start a1", "start b1"]);
    a2.open();
    b1.open();
    a1.open();
    await queue.idle();
    expect(log).toEqual(["start a1", "start b1", "end b1", "end a1", "start a2", "end a2"]);
    expect(queue.size).toBe(0);
  });

  it("reports a failing task and carries on with the next one", async () => {
    const errors: unknown[] = [];
    const done: string[] = [];
    const queue = new KeyedQueue((error) => errors.push(error));
    queue.push("a", async () => {
      throw new Error("boom");
    });
    queue.push("a", async () => {
      done.push("second");
    });
    await queue.idle();
    expect(errors).toHaveLength(1);
    expect(done).toEqual(["second"]);
  });

  it("refuses work beyond its limit", async () => {
    const log: string[] = [];
    const queue = new KeyedQueue(() => undefined, 2);
    const first = gate(log, "1");
    expect(queue.push("a", first.task)).toBe(true);
    expect(queue.push("b", async () => undefined)).toBe(true);
    expect(queue.push("c", async () => undefined)).toBe(false);
    first.open();
    await queue.idle();
    expect(queue.push("c", async () => undefined)).toBe(true);
    await queue.idle();
  });

  it("idle also waits for tasks queued while waiting", async () => {
    const queue = new KeyedQueue(() => undefined);
    const order: string[] = [];
    queue.push("a", async () => {
      queue.push("b", async () => void order.push("late"));
    });
    await queue.idle();
    expect(order).toEqual(["late"]);
  });
});
