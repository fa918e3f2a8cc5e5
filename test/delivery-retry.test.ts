import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { textUpdate } from "./fakes/telegram-api.js";
import { startTelegramStack, type TelegramStack } from "./fakes/telegram-stack.js";

/**
 * A reply the bot owes stays owed while Telegram fails: it is retried from the outbox with
 * backoff and sent once Telegram answers again; past its deadline it is given up, with an
 * error log line and a metric.
 */
let stack: TelegramStack | undefined;
afterEach(async () => stack?.close());

const quickRetries = { retry: { baseMs: 30, maxMs: 60 }, pollMs: 20 };

describe("replies while Telegram fails", () => {
  it("are retried from the outbox and sent once Telegram answers again", async () => {
    stack = await startTelegramStack({ mode: "webhook", store: "memory", pipeline: { sender: quickRetries } });
    const { fake } = stack;
    fake.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" }, 8);
    await fake.deliverWebhook(textUpdate("/help", { userId: 301 }));
    await vi.waitFor(() => expect(fake.sentMessages().filter((message) => message.chat_id === 301)).toHaveLength(1), { timeout: 10_000, interval: 20 });
    const attempts = fake.callsOf("sendMessage").filter((call) => call.payload.chat_id === 301);
    expect(attempts.length).toBe(9);
    // Results are written in small batches, a moment after the send.
    await vi.waitFor(async () => expect(await stack!.app.records.outbox.countsByChannel("telegram")).toMatchObject({ pending: 0, sent: 1, failed: 0 }));
  });

  it("are given up after their deadline, with an error log line and a metric", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }));
    stack = await startTelegramStack({ mode: "webhook", store: "memory", logger, pipeline: { sender: quickRetries, giveUpAfterMs: 300 } });
    const { fake } = stack;
    fake.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" }, 1_000);
    await fake.deliverWebhook(textUpdate("/help", { userId: 302 }));
    const records = stack.app.records;
    await vi.waitFor(async () => expect((await records.outbox.countsByChannel("telegram")).failed).toBe(1), { timeout: 10_000, interval: 20 });
    const metric = await stack.metrics.registry.getSingleMetric("motcua_outbox_given_up_total")!.get();
    expect(metric.values.find((value) => value.labels.kind === "reply")?.value).toBe(1);
    expect(lines.some((line) => line.includes('"level":50') && line.includes("given up"))).toBe(true);
    expect(fake.sentMessages()).toEqual([]);
  });
});
