import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { messagesFor } from "../src/core/messages/index.js";
import { textUpdate } from "./fakes/telegram-api.js";
import { startTelegramStack, type TelegramStack } from "./fakes/telegram-stack.js";
import { startPrivateRedis, type PrivateRedis } from "./helpers/redis-server.js";

/**
 * Redis killed under a running bot and started again: residents get the polite "try again"
 * answer within seconds instead of silence, /healthz says 503 at once instead of hanging, the
 * loss and the recovery are logged once each, and the bot recovers without a restart.
 */
let stack: TelegramStack | undefined;
let redis: PrivateRedis | undefined;
afterEach(async () => {
  await stack?.close();
  await redis?.kill();
});

function capturingLogger() {
  const lines: Array<{ msg?: string; level: number }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

async function healthz(url: string): Promise<{ status: number; body: { checks: Record<string, { ok: boolean }> } }> {
  // A hung check would trip this signal: /healthz must answer on its own within its timeout.
  const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(4_000) });
  return { status: response.status, body: await response.json() };
}

describe("a key-value store outage", () => {
  it("answers politely within seconds, reports 503, logs once, and recovers by itself", async () => {
    redis = await startPrivateRedis();
    const { logger, lines } = capturingLogger();
    stack = await startTelegramStack({ mode: "webhook", redisUrl: redis.url, redisNamespace: "outage", logger });
    const { fake } = stack;
    const repliesTo = (chat: number) => fake.sentMessages().filter((message) => message.chat_id === chat);
    const waitForReply = (chat: number, timeout: number) =>
      vi.waitFor(() => expect(repliesTo(chat).length).toBeGreaterThan(0), { timeout, interval: 20 });

    await fake.deliverWebhook(textUpdate("/help", { userId: 1 }));
    await waitForReply(1, 5_000);
    expect((await healthz(stack.url)).status).toBe(200);

    await redis.kill();
    const chats = [11, 12, 13, 14, 15];
    for (const chat of chats) expect((await fake.deliverWebhook(textUpdate("khai sinh cần gì", { userId: chat }))).status).toBe(200);
    for (const chat of chats) {
      await waitForReply(chat, 5_000);
      expect(repliesTo(chat)[0]?.text).toContain(messagesFor("vi").storageDown);
    }
    const down = await healthz(stack.url);
    expect(down.status).toBe(503);
    expect(down.body.checks.storage?.ok).toBe(false);
    expect(lines.filter((line) => line.msg?.includes("connection lost"))).toHaveLength(1);

    await redis.restart();
    await vi.waitFor(async () => expect((await healthz(stack!.url)).status).toBe(200), { timeout: 10_000, interval: 100 });
    await fake.deliverWebhook(textUpdate("/help", { userId: 21 }));
    await waitForReply(21, 5_000);
    expect(repliesTo(21)[0]?.text).toMatch(/^<b>Xin chào! /);
    expect(lines.filter((line) => line.msg?.includes("connection restored"))).toHaveLength(1);
  }, 40_000);
});
