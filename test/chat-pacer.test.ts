import { describe, expect, it } from "vitest";
import { ChatPacer } from "../src/delivery/chat-pacer.js";

/** A pacer on a manual clock: sleeping moves the clock (unless aborted), then calls `afterSleep`; every sleep is logged. */
function pacerOnClock(intervalMs: number, afterSleep?: () => void) {
  const clock = { now: 10_000 };
  const sleeps: number[] = [];
  const pacer = new ChatPacer({
    intervalMs,
    now: () => clock.now,
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      if (!signal?.aborted) clock.now += ms;
      afterSleep?.();
    },
  });
  return { pacer, clock, sleeps };
}

describe("ChatPacer", () => {
  it("lets the first message to a chat go at once", async () => {
    const { pacer, sleeps } = pacerOnClock(1_000);
    await pacer.wait("a");
    expect(sleeps).toEqual([]);
  });

  it("holds the next message to the same chat for what is left of the interval", async () => {
    const { pacer, clock, sleeps } = pacerOnClock(1_000);
    pacer.record("a");
    clock.now += 300;
    expect(pacer.remaining("a")).toBe(700);
    await pacer.wait("a");
    expect(sleeps).toEqual([700]);
    expect(pacer.remaining("a")).toBe(0);
  });

  it("does not space different chats against each other", async () => {
    const { pacer, sleeps } = pacerOnClock(1_000);
    pacer.record("a");
    await pacer.wait("b");
    pacer.record("b");
    await pacer.wait("c");
    expect(sleeps).toEqual([]);
  });

  it("waits again when the chat got a message (a reply) during the wait", async () => {
    let replies = 0;
    const { pacer, clock, sleeps } = pacerOnClock(1_000, () => {
      if (replies++ > 0) return;
      clock.now -= 400;
      pacer.record("a"); // a reply went out 600 ms into the wait
      clock.now += 400;
    });
    pacer.record("a");
    await pacer.wait("a");
    // When the first wait ends the reply is 400 ms old: 600 ms more.
    expect(sleeps).toEqual([1_000, 600]);
  });

  it("returns at once when the signal aborts, before or during the wait", async () => {
    const controller = new AbortController();
    const { pacer, sleeps } = pacerOnClock(1_000, () => controller.abort());
    pacer.record("a");
    await pacer.wait("a", controller.signal);
    expect(sleeps).toEqual([1_000]); // one sleep, cut short by the abort; no second round
    await pacer.wait("a", controller.signal);
    expect(sleeps).toEqual([1_000]);
  });

  it("paces nothing and remembers nothing with an interval of 0", async () => {
    const { pacer, sleeps } = pacerOnClock(0);
    pacer.record("a");
    await pacer.wait("a");
    expect(sleeps).toEqual([]);
    expect(pacer.size).toBe(0);
  });

  it("forgets chats idle for an interval, so memory follows the recent chats only", () => {
    const { pacer, clock } = pacerOnClock(1_000);
    for (let chat = 0; chat < 5_000; chat++) pacer.record(`chat-${chat}`);
    expect(pacer.size).toBe(5_000);
    clock.now += 600;
    pacer.record("late");
    expect(pacer.size).toBe(5_001);
    clock.now += 400; // the 5,000 are an interval old now; "late" is not
    pacer.record("next");
    expect(pacer.size).toBe(2);
    expect(pacer.remaining("chat-7")).toBe(0);
    expect(pacer.remaining("late")).toBe(600);
  });

  it("re-orders a chat written to again, so an old entry never shields a newer one from being forgotten", () => {
    const { pacer, clock } = pacerOnClock(1_000);
    pacer.record("a");
    pacer.record("b");
    clock.now += 500;
    pacer.record("a"); // "a" moves behind "b"
    clock.now += 500;
    pacer.record("c"); // "b" is an interval old: forgotten; "a" (500 ms) kept
    expect(pacer.size).toBe(2);
    expect(pacer.remaining("a")).toBe(500);
    expect(pacer.remaining("b")).toBe(0);
  });
});
