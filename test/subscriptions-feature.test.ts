import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp, type App } from "../src/app.js";
import type { Outcome } from "../src/core/types.js";
import { createRecords } from "../src/records/index.js";
import { createMemoryStore } from "../src/storage/store.js";
import { replyText, tempDir, testConfig } from "./helpers/app.js";

/**
 * Residents' subscriptions through the core, on the fixture catalog (three villages) and a real
 * SQLite records file: subscribe in words, pick villages and topics, view, unsubscribe in one step.
 */
const CATALOG = "test/fixtures/catalog";

describe("subscriptions through the core", () => {
  let app: App;
  let data: ReturnType<typeof tempDir>;
  let store: ReturnType<typeof createMemoryStore>;

  beforeEach(async () => {
    data = tempDir("motcua-subs-");
    store = createMemoryStore();
    app = await createApp({ config: { ...testConfig, CONTENT_DIR: CATALOG, DATA_DIR: data.path }, store, records: await createRecords({ dataDir: data.path }) });
  });
  afterEach(async () => {
    await app.close();
    data.remove();
  });

  const say = (text: string, chatId = "z1") => app.core.handle({ channel: "zalo", chatId, userId: chatId, kind: "text", text });
  const pick = (outcome: Outcome, label: string, chatId = "z1") => {
    const choices = outcome.replies.at(-1)?.choices ?? [];
    const index = choices.findIndex((choice) => choice.label.includes(label));
    if (index < 0) throw new Error(`no choice "${label}" among ${choices.map((choice) => choice.label).join(" | ")}`);
    // A number typed, as on Zalo: the core resolves it against the choices offered last.
    return say(String(index + 1), chatId);
  };

  it("tells a subscription to announcements from a civil-status registration", async () => {
    const birth = await say("đăng ký kết hôn");
    expect(birth.intent).toBe("procedure");
    const subscribe = await say("đăng ký nhận thông báo");
    expect(subscribe.intent).toBe("subscribe");
    expect(replyText(subscribe)).toContain("Bạn đã đăng ký nhận thông báo của Xã Thử");
    expect((await say("cho tôi nhận tin của xã", "z2")).intent).toBe("subscribe");
    expect(await app.subscribers.count({ villages: [], topics: [] })).toBe(2);
  });

  it("picks a village and a topic, shows them, and reaches only matching campaigns", async () => {
    let outcome = await say("/subscribe");
    expect(replyText(outcome)).toContain("Thôn, tổ dân phố: tất cả");
    outcome = await pick(outcome, "Chọn thôn");
    outcome = await pick(outcome, "Thôn Tây");
    expect(replyText(outcome)).toContain("✓ Thôn Tây");
    outcome = await pick(outcome, "Xong");
    expect(replyText(outcome)).toContain("Thôn, tổ dân phố: Thôn Tây");
    outcome = await pick(outcome, "Chọn lĩnh vực");
    const topic = app.catalog.procedures[0]!.topic;
    outcome = await pick(outcome, outcome.replies.at(-1)!.choices!.find((choice) => choice.payload === `sub:t:${topic}`)!.label);
    outcome = await pick(outcome, "Xong");
    expect(replyText(outcome)).not.toContain("Lĩnh vực: tất cả");

    const subscription = await app.subscribers.find("zalo", "z1");
    expect(subscription).toMatchObject({ active: true, villages: ["thon-tay"], topics: [topic], language: "vi" });
    expect(await app.subscribers.count({ villages: ["thon-dong"], topics: [] })).toBe(0);
    expect(await app.subscribers.count({ villages: ["thon-tay"], topics: [topic] })).toBe(1);

    // "All villages" clears the choice; a stale or forged key changes nothing.
    outcome = await app.core.handle({ channel: "zalo", chatId: "z1", userId: "z1", kind: "choice", choice: "sub:v:khong-co:1" });
    expect((await app.subscribers.find("zalo", "z1"))?.villages).toEqual(["thon-tay"]);
    // A village taken out of the office profile since it was picked goes with the next change.
    await app.subscribers.setVillages("zalo", "z1", ["thon-tay", "thon-cu"]);
    outcome = await app.core.handle({ channel: "zalo", chatId: "z1", userId: "z1", kind: "choice", choice: "sub:v:thon-dong:1" });
    expect((await app.subscribers.find("zalo", "z1"))?.villages).toEqual(["thon-dong", "thon-tay"]);
    outcome = await app.core.handle({ channel: "zalo", chatId: "z1", userId: "z1", kind: "choice", choice: "sub:v:*:1" });
    expect((await app.subscribers.find("zalo", "z1"))?.villages).toEqual([]);
  });

  it("unsubscribes in one step, keeps the row, and says so when there is nothing to cancel", async () => {
    await say("đăng ký nhận thông báo");
    const off = await say("hủy nhận tin");
    expect(off.intent).toBe("unsubscribe");
    expect(replyText(off)).toContain("Bạn đã hủy nhận thông báo");
    expect(await app.subscribers.find("zalo", "z1")).toMatchObject({ active: false, unsubscribedReason: "resident" });
    expect(replyText(await say("/unsubscribe"))).toContain("chưa đăng ký");
    // A button from before the unsubscribe no longer changes anything.
    const stale = await app.core.handle({ channel: "zalo", chatId: "z1", userId: "z1", kind: "choice", choice: "sub:t:land" });
    expect(replyText(stale)).toContain("không còn đăng ký");
    expect((await app.subscribers.find("zalo", "z1"))?.topics).toEqual([]);
  });

  it("keeps the resident's language after the session expires", async () => {
    await say("/lang en");
    const on = await say("/subscribe");
    expect(replyText(on)).toContain("You are subscribed");
    // The session expires (its key goes); the subscription is a record and stays.
    expect(await store.delete("session:zalo:z1")).toBe(true);
    const page = await app.subscribers.page({ villages: [], topics: [] }, 0, 10);
    expect(page.subscribers.map((s) => [s.chatId, s.language])).toEqual([["z1", "en"]]);
    // A new session speaks Vietnamese again; the subscription is still there, in English.
    const view = await say("/subscribe");
    expect(replyText(view)).toContain("Bạn đang nhận thông báo");
    expect(replyText(view)).toContain("Ngôn ngữ của thông báo: tiếng Anh");
    expect((await app.subscribers.find("zalo", "z1"))?.language).toBe("en");
  });

  it("follows a language change of a subscribed chat", async () => {
    await say("/subscribe");
    await say("/lang en");
    expect((await app.subscribers.find("zalo", "z1"))?.language).toBe("en");
  });

  it("unsubscribes a chat marked blocked, and counts it", async () => {
    await say("/subscribe");
    await app.records.chats.markBlocked("zalo", "z1", "403: user blocked the bot");
    expect(await app.subscribers.find("zalo", "z1")).toMatchObject({ active: false, unsubscribedReason: "403: user blocked the bot" });
    expect(await app.subscribers.counts()).toEqual({ active: 0, left: 0, blocked: 1 });
  });

  it("answers on the terminal that subscriptions need a messenger", async () => {
    const outcome = await app.core.handle({ channel: "console", chatId: "c", userId: "c", kind: "text", text: "/subscribe" });
    expect(replyText(outcome)).toContain("Zalo và Telegram");
  });
});
