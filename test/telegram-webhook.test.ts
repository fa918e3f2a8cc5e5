/**
 * The webhook's HTTP contract, through the real HTTP server: secret check, body validation,
 * duplicate deliveries, and answering before the reply is sent.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { deriveWebhookSecret } from "../src/channels/telegram/webhook.js";
import { postWebhookUpdate, textUpdate } from "./fakes/telegram-api.js";
import { startHarness, type Harness } from "./telegram-harness.js";

const SECRET = "a-configured-secret_0123456789";

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function webhook(secret?: string): Promise<Harness & { endpoint: string }> {
  h = await startHarness({ mode: "webhook", store: "memory", ...(secret ? { secret } : {}) });
  return Object.assign(h, { endpoint: `${h.url}/telegram/webhook` });
}

describe("Telegram webhook", () => {
  it("registers the webhook with the configured secret and only the update types it handles", async () => {
    const { fake, url } = await webhook(SECRET);
    expect(fake.webhook).toMatchObject({
      url: `${url}/telegram/webhook`,
      secret_token: SECRET,
      allowed_updates: ["message", "callback_query", "my_chat_member"],
    });
  });

  it("derives a stable, valid secret from the token when none is configured", async () => {
    const { fake } = await webhook();
    const secret = fake.webhook.secret_token ?? "";
    expect(secret).toBe(deriveWebhookSecret(fake.token));
    expect(secret).toMatch(/^[A-Za-z0-9_-]{16,256}$/);
    expect(secret).not.toContain(fake.token.split(":")[1]);
    expect(deriveWebhookSecret(fake.token)).toBe(secret);
  });

  it("rejects a wrong or missing secret with 401 and handles nothing", async () => {
    const { endpoint, metrics } = await webhook(SECRET);
    const forged = (updateId: number) => ({ update_id: updateId, ...textUpdate("/start dang-ky-khai-sinh", { userId: 31 }) });
    expect((await postWebhookUpdate(endpoint, forged(1), "wrong-secret-0000000000")).status).toBe(401);
    expect((await postWebhookUpdate(endpoint, forged(2))).status).toBe(401);
    expect((await postWebhookUpdate(endpoint, forged(3), `${SECRET}x`)).status).toBe(401);

    // One chat's updates are handled in order, so had a forged one been taken, its card would come first.
    const genuine = { update_id: 4, ...textUpdate("/help", { userId: 31 }) };
    expect((await postWebhookUpdate(endpoint, genuine, SECRET)).status).toBe(200);
    const [reply] = (await h?.waitForReplies(31, 1)) ?? [];
    expect(reply?.text).toMatch(/^<b>Xin chào! /);
    expect(h?.sentTo(31)).toHaveLength(1);
    expect(await metrics.text()).toMatch(/motcua_http_rejected_total\{reason="unauthorized"\} 3/);
  });

  it("answers malformed JSON and bodies that are not updates with 400", async () => {
    const { endpoint } = await webhook(SECRET);
    for (const body of ["{not json", "", "[1,2]", '"text"', "{}", '{"update_id":"7"}', '{"update_id":-1}']) {
      const response = await postWebhookUpdate(endpoint, body, SECRET);
      expect(response.status, `body ${JSON.stringify(body)}`).toBe(400);
    }
  });

  it("handles a repeated update_id once", async () => {
    const { endpoint } = await webhook(SECRET);
    const question = { update_id: 5_000, ...textUpdate("/start", { userId: 32 }) };
    expect((await postWebhookUpdate(endpoint, question, SECRET)).status).toBe(200);
    expect((await postWebhookUpdate(endpoint, question, SECRET)).status).toBe(200);
    const next = { update_id: 5_001, ...textUpdate("/start dang-ky-khai-sinh", { userId: 32 }) };
    expect((await postWebhookUpdate(endpoint, next, SECRET)).status).toBe(200);
    // One chat's updates are handled in order: once the card for the next update is there,
    // the duplicate has had its turn.
    await vi.waitFor(() => expect(h?.sentTo(32).some((message) => message.text.includes("Mã thủ tục"))).toBe(true), {
      timeout: 5_000,
      interval: 10,
    });
    const texts = h?.sentTo(32).map((message) => message.text) ?? [];
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/^<b>Xin chào! /);
    expect(texts[1]).toContain("Mã thủ tục: 1.001193");
  });

  it("answers Telegram before a slow reply has been sent", async () => {
    const { endpoint, fake } = await webhook(SECRET);
    // The reply is held back for a second by a 429; the webhook must not wait for it.
    fake.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    const response = await postWebhookUpdate(endpoint, { update_id: 9_000, ...textUpdate("/start", { userId: 33 }) }, SECRET);
    expect(response.status).toBe(200);
    expect(h?.sentTo(33)).toEqual([]);
    const [reply] = (await h?.waitForReplies(33, 1)) ?? [];
    expect(reply?.text).toMatch(/^<b>Xin chào! /);
  });

  it("serves the webhook only on POST /telegram/webhook", async () => {
    const { url } = await webhook(SECRET);
    expect((await fetch(`${url}/telegram/webhook`)).status).toBe(404);
    expect((await postWebhookUpdate(`${url}/telegram/other`, { update_id: 1 }, SECRET)).status).toBe(404);
  });
});

describe("Telegram webhook before start-up completes", () => {
  it("answers 503 so Telegram delivers again, instead of acknowledging an update it cannot handle", async () => {
    h = await startHarness({ mode: "webhook", store: "memory", secret: SECRET, start: false });
    const endpoint = `${h.url}/telegram/webhook`;
    // The route exists (registered at creation) but start() has not connected yet.
    const early = await postWebhookUpdate(endpoint, { update_id: 1, ...textUpdate("khai sinh") }, SECRET);
    expect(early.status).toBe(503);
    await h.channel.start();
    const later = await postWebhookUpdate(endpoint, { update_id: 2, ...textUpdate("khai sinh") }, SECRET);
    expect(later.status).toBe(200);
    await h.fake.waitFor("sendMessage", 5_000);
  });
});
