import { afterEach, describe, expect, it, vi } from "vitest";
import { campaignRef } from "../src/broadcasts/campaigns.js";
import { textUpdate } from "./fakes/telegram-api.js";
import { startTelegramStack, type TelegramStack } from "./fakes/telegram-stack.js";

/**
 * Campaigns end to end on the fake Telegram Bot API: staff write, aim, preview and send in the
 * staff chat; the runner pages subscribers into the outbox; the sender delivers at the limit,
 * honouring 429 and counting 403; the staff get the final report. The preview's count is the
 * number of residents reached.
 */
let stack: TelegramStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const STAFF = 900;
const quick = { sender: { pollMs: 20, retry: { baseMs: 20, maxMs: 40 } } };

async function start(env: Record<string, string> = {}) {
  stack = await startTelegramStack({
    mode: "webhook",
    store: "memory",
    contentDir: "test/fixtures/catalog",
    env: { STAFF_TELEGRAM_IDS: String(STAFF), TELEGRAM_BROADCAST_PER_SECOND: "200", ...env },
    pipeline: quick,
  });
  return stack;
}

async function subscribe(stack: TelegramStack, chats: number[], villages: Record<number, string[]> = {}) {
  for (const chat of chats) {
    await stack.app.subscribers.subscribe({ channel: "telegram", chatId: String(chat), userId: String(chat), language: "vi" });
    if (villages[chat]) await stack.app.subscribers.setVillages("telegram", String(chat), villages[chat]);
  }
}

/** Sends a staff command and waits until the staff chat's answer contains `expected`; returns the answer. */
async function staffSays(stack: TelegramStack, text: string, expected: string): Promise<string> {
  const before = stack.fake.sentMessages().filter((message) => message.chat_id === STAFF).length;
  await stack.fake.deliverWebhook(textUpdate(text, { userId: STAFF }));
  const answer = () =>
    stack.fake
      .sentMessages()
      .filter((message) => message.chat_id === STAFF)
      .slice(before)
      .map((message) => String(message.text))
      .join("\n");
  await vi.waitFor(() => expect(answer()).toContain(expected), { timeout: 5_000, interval: 20 });
  return answer();
}

function announcementsTo(stack: TelegramStack, chat: number) {
  return stack.fake.sentMessages().filter((message) => message.chat_id === chat && String(message.text).includes("Họp dân"));
}

describe("a campaign written in the staff chat", () => {
  it("previews the recipient count, reaches exactly those residents once, and reports", async () => {
    const stack = await start();
    await subscribe(stack, [11, 12, 13, 14], { 11: ["thon-dong"], 12: ["thon-tay"] });
    const preview = await staffSays(stack, "/tb Họp dân thôn 1 lúc 8 giờ sáng Chủ nhật.", "Sẽ gửi đến 4 người.");
    expect(preview).toContain("hủy nhận tin");
    expect(preview).toContain("Họp dân thôn 1");
    // Aimed at village 1: subscribers of A and those who chose no village (13, 14), not B.
    await staffSays(stack, "/tbsua 1 thon=thon-9", "Không có thôn/tổ: thon-9.");
    await staffSays(stack, "/tbsua 1 thon=thon-dong", "Sẽ gửi đến 3 người.");
    await staffSays(stack, "/tbgui 1", "3 người");
    await vi.waitFor(async () => expect((await stack.app.broadcasts.campaigns.get(1))?.reportedAt).not.toBeNull(), { timeout: 10_000, interval: 50 });
    for (const chat of [11, 13, 14]) expect(announcementsTo(stack, chat)).toHaveLength(1);
    expect(announcementsTo(stack, 12)).toHaveLength(0);
    await vi.waitFor(() => expect(stack.fake.sentMessages().some((message) => message.chat_id === STAFF && String(message.text).includes("Đã gửi: 3"))).toBe(true));
    const actions = (await stack.app.records.audit.recent()).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(["broadcast.draft", "broadcast.target", "broadcast.send"]));
  });

  it("sends only the campaign's messages as Telegram paid broadcasts, and only when configured", async () => {
    for (const paid of [true, false]) {
      const stack = await start({ TELEGRAM_PAID_BROADCAST: String(paid) });
      await subscribe(stack, [21, 22]);
      await staffSays(stack, "/tb Họp dân thôn 2 lúc 7 giờ tối.", "Sẽ gửi đến 2 người.");
      await staffSays(stack, "/tbgui 1", "2 người");
      await vi.waitFor(() => expect([21, 22].every((chat) => announcementsTo(stack, chat).length === 1)).toBe(true), { timeout: 10_000, interval: 50 });
      const flagged = stack.fake.sentMessages().filter((message) => message.allow_paid_broadcast === true);
      expect(flagged.map((message) => message.chat_id).sort()).toEqual(paid ? [21, 22] : []);
      await stack.close();
    }
  });

  it("obeys only staff", async () => {
    const stack = await start();
    await stack.fake.deliverWebhook(textUpdate("/tb Thông báo giả", { userId: 555 }));
    await vi.waitFor(() => expect(stack.fake.sentMessages().filter((message) => message.chat_id === 555)).toHaveLength(1), { timeout: 5_000, interval: 20 });
    expect(String(stack.fake.sentMessages()[0]?.text)).toContain("chỉ dành cho cán bộ");
    expect(await stack.app.broadcasts.campaigns.list()).toEqual([]);
  });

  it("honours 429, counts a 403 as blocked and unsubscribes that chat", async () => {
    const stack = await start();
    await subscribe(stack, [21, 22, 23]);
    const service = stack.app.broadcasts.service;
    const actor = { channel: "telegram", userId: String(STAFF) };
    const campaign = (await service.draft(actor, { text: "Họp dân toàn xã." }, "chat", { channel: "telegram", chatId: String(STAFF) }))!;
    stack.fake.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" }, 1);
    stack.fake.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } }, 1);
    expect(await service.send(actor, campaign.id)).toMatchObject({ kind: "scheduled", count: 3 });
    await vi.waitFor(async () => expect((await service.progress(campaign.id))?.campaign.state).toBe("done"), { timeout: 10_000, interval: 50 });
    const counts = await stack.app.records.outbox.countsByRef(campaignRef(campaign.id));
    expect(counts).toMatchObject({ sent: 2, blocked: 1, failed: 0, pending: 0 });
    expect((await stack.app.subscribers.counts()).blocked).toBe(1);
    const retried = stack.fake.callsOf("sendMessage").filter((call) => String(call.payload.text).includes("Họp dân"));
    expect(retried.length).toBe(4); // three chats, one of them twice after the 429
  });

  it("cancel drops what is not sent yet and reports the partial result", async () => {
    // 5 a second: the runner keeps 10 messages (two seconds' worth) handed to the sender.
    const stack = await start({ TELEGRAM_BROADCAST_PER_SECOND: "5" });
    const chats = Array.from({ length: 30 }, (_, index) => 300 + index);
    await subscribe(stack, chats);
    const service = stack.app.broadcasts.service;
    const actor = { channel: "telegram", userId: String(STAFF) };
    const campaign = (await service.draft(actor, { text: "Họp dân cuối năm." }, "chat", { channel: "telegram", chatId: String(STAFF) }))!;
    await service.send(actor, campaign.id);
    await vi.waitFor(() => expect(stack.fake.sentMessages().filter((message) => String(message.text).includes("Họp dân")).length).toBeGreaterThan(0), { timeout: 5_000, interval: 20 });
    await staffSays(stack, `/tbhuy ${campaign.id}`, `Đã hủy thông báo số ${campaign.id}`);
    const sentAtCancel = stack.fake.sentMessages().filter((message) => String(message.text).includes("Họp dân")).length;
    await vi.waitFor(async () => expect((await stack.app.broadcasts.campaigns.get(campaign.id))?.reportedAt).not.toBeNull(), { timeout: 5_000, interval: 50 });
    const counts = await stack.app.records.outbox.countsByRef(campaignRef(campaign.id));
    // At most the messages already handed to the sender go after the cancel; the rest never.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const sentInTheEnd = stack.fake.sentMessages().filter((message) => String(message.text).includes("Họp dân")).length;
    expect(sentInTheEnd - sentAtCancel).toBeLessThanOrEqual(10);
    expect(sentInTheEnd).toBeLessThan(30);
    expect(counts.pending).toBe(0);
  });
});
