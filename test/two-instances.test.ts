import { afterEach, describe, expect, it, vi } from "vitest";
import { deriveWebhookSecret } from "../src/channels/telegram/webhook.js";
import { postWebhookUpdate, textUpdate } from "./fakes/telegram-api.js";
import { TEST_REDIS_URL } from "./helpers/redis-server.js";
import { startSharedInstances, type SharedInstances } from "./helpers/shared-instances.js";

/**
 * Two instances of one bot behind a load balancer, sharing one Redis and one PostgreSQL, both
 * handed the very same updates (a retried delivery that reached each of them): every update
 * is answered once.
 */
let instances: SharedInstances | undefined;

afterEach(async () => {
  await instances?.close();
  instances = undefined;
});

describe("two instances on one Redis and one PostgreSQL", () => {
  it("answer each update once when both receive it", async () => {
    instances = await startSharedInstances({ redisUrl: TEST_REDIS_URL });
    const { fake, stacks } = instances;
    const secret = deriveWebhookSecret(fake.token);
    const chats = Array.from({ length: 60 }, (_, index) => 90_000 + index);
    await Promise.all(
      chats.map(async (chat, index) => {
        const update = { update_id: 5_000 + index, ...textUpdate("/help", { userId: chat }) };
        const answers = await Promise.all(stacks.map((stack) => postWebhookUpdate(`${stack.url}/telegram/webhook`, update, secret)));
        expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      }),
    );
    await vi.waitFor(() => expect(fake.sentPerChat().size).toBe(chats.length), { timeout: 10_000, interval: 20 });
    // Every reply ever produced is an outbox row in the shared database: once all are sent,
    // a second answer to any update would show as a row too many.
    const outbox = stacks[0]!.app.records.outbox;
    await vi.waitFor(async () => expect(await outbox.countsByChannel("telegram")).toMatchObject({ pending: 0, sent: chats.length }), {
      timeout: 10_000,
      interval: 20,
    });
    expect([...fake.sentPerChat().values()].every((count) => count === 1)).toBe(true);
    // Both instances did part of the work: the dedupe is in the shared database, not luck.
    const handledBy = await Promise.all(stacks.map((stack) => stack.metrics.registry.getSingleMetric("motcua_inbox_updates_total")!.get()));
    const stored = handledBy.map((metric) => metric.values.find((value) => value.labels.result === "stored")?.value ?? 0);
    expect(stored[0]! + stored[1]!).toBe(chats.length);
  }, 40_000);
});
