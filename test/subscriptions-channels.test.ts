/**
 * Subscriptions end to end on both messengers, through the real channels and the fake Telegram
 * and Zalo Bot APIs on loopback, the fixture catalog and a real SQLite records file: buttons on
 * Telegram, numbers on Zalo; a refused send and Telegram's "kicked" update end a subscription.
 */
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp, type App } from "../src/app.js";
import { createRecords } from "../src/records/index.js";
import { createMemoryStore } from "../src/storage/store.js";
import { callbackUpdate, membershipUpdate, textUpdate } from "./fakes/telegram-api.js";
import { tempDir, testConfig } from "./helpers/app.js";
import { buttonsOf, startHarness, type Harness } from "./telegram-harness.js";
import { startZaloHarness, type ZaloHarness } from "./zalo-harness.js";

const CATALOG = "test/fixtures/catalog";
let nextChat = 70_000;

describe("subscriptions on Telegram", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ mode: "polling", contentDir: CATALOG });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Sends an update and returns the bot's next message to the chat. */
  const exchange = async (chat: number, update: Omit<Update, "update_id">) => {
    const before = h.sentTo(chat).length;
    await h.send(update);
    const sent = await h.waitForReplies(chat, before + 1);
    return sent[before]!;
  };
  const press = (chat: number, data: string) => exchange(chat, callbackUpdate(data, { userId: chat }));

  it("subscribes in words, picks a village and a topic, shows them and unsubscribes with one button", async () => {
    const chat = ++nextChat;
    const first = await exchange(chat, textUpdate("Đăng ký nhận thông báo", { userId: chat }));
    expect(first.text).toContain("Bạn đã đăng ký nhận thông báo của Xã Thử");
    expect(first.text).toContain("hủy nhận tin");
    expect(buttonsOf(first).map((b) => b.data)).toEqual(["sub:vl:1", "sub:tl", "sub:off"]);

    const villages = await press(chat, "sub:vl:1");
    expect(buttonsOf(villages).map((b) => b.text)).toEqual(["Thôn Đông", "Thôn Tây", "Tổ dân phố 1", "✓ Tất cả thôn, tổ dân phố", "Xong"]);
    const picked = await press(chat, buttonsOf(villages)[0]!.data);
    expect(buttonsOf(picked)[0]!.text).toBe("✓ Thôn Đông");
    const topics = await press(chat, "sub:tl");
    const topic = buttonsOf(topics)[0]!;
    await press(chat, topic.data);
    const view = await press(chat, "sub:view");
    expect(view.text).toContain("Thôn, tổ dân phố: Thôn Đông");
    expect(view.text).toContain(`Lĩnh vực: ${topic.text}`);
    expect(await h.app.subscribers.find("telegram", String(chat))).toMatchObject({ active: true, villages: ["thon-dong"], topics: [topic.data.slice("sub:t:".length)] });

    const off = await press(chat, "sub:off");
    expect(off.text).toContain("Bạn đã hủy nhận thông báo");
    expect(await h.app.subscribers.find("telegram", String(chat))).toMatchObject({ active: false, unsubscribedReason: "resident" });
  });

  it("keeps the language after the session expires", async () => {
    const chat = ++nextChat;
    await h.send(textUpdate("/lang en", { userId: chat }));
    // The language change answers in two messages (the change, then the welcome).
    await h.waitForReplies(chat, 2);
    const on = await exchange(chat, textUpdate("/subscribe", { userId: chat }));
    expect(on.text).toContain("You are subscribed");
    expect(await h.app.store.delete(`session:telegram:${chat}`)).toBe(true);
    const again = await exchange(chat, textUpdate("nhận tin của xã", { userId: chat }));
    expect(again.text).toContain("Ngôn ngữ của thông báo: tiếng Anh");
    const page = await h.app.subscribers.page({ villages: [], topics: [] }, 0, 100);
    expect(page.subscribers.find((s) => s.chatId === String(chat))?.language).toBe("en");
  });

  it("unsubscribes a chat that blocks the bot (my_chat_member kicked) and one whose send is refused (403)", async () => {
    const kicked = ++nextChat;
    const refused = ++nextChat;
    await exchange(kicked, textUpdate("/subscribe", { userId: kicked }));
    await exchange(refused, textUpdate("/subscribe", { userId: refused }));
    const before = await h.app.subscribers.counts();

    await h.send(membershipUpdate(kicked, h.fake.botInfo.id, "kicked"));
    h.fake.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await h.send(textUpdate("xin chào", { userId: refused }));

    await vi.waitFor(async () => {
      expect(await h.app.subscribers.find("telegram", String(kicked))).toMatchObject({ active: false, unsubscribedReason: "membership: kicked" });
      expect(await h.app.subscribers.find("telegram", String(refused))).toMatchObject({ active: false, unsubscribedReason: "Forbidden: bot was blocked by the user" });
    }, { timeout: 5_000, interval: 20 });
    const after = await h.app.subscribers.counts();
    expect(after.blocked - before.blocked).toBe(2);
    expect(before.active - after.active).toBe(2);
  });
});

describe("subscriptions on Zalo", () => {
  let z: ZaloHarness;
  let app: App;
  let data: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    data = tempDir("motcua-subs-zalo-");
    app = await createApp({ config: { ...testConfig, CONTENT_DIR: CATALOG, DATA_DIR: data.path }, store: createMemoryStore(), records: await createRecords({ dataDir: data.path }) });
    z = await startZaloHarness({ mode: "polling", app });
  });
  afterAll(async () => {
    await z?.close();
    await app?.close();
    data?.remove();
  });

  /** Says something and returns the bot's next text to the chat. */
  const exchange = async (chat: string, text: string) => {
    const before = z.texts(chat).length;
    await z.say(chat, text);
    return (await z.waitForTexts(chat, before + 1))[before]!;
  };
  /** The number of a numbered option in a text, as a resident reads it. */
  const numberOf = (text: string, label: string) => {
    const line = text.split("\n").find((row) => new RegExp(`^\\d+\\. ${label}`).test(row));
    if (!line) throw new Error(`no option "${label}" in:\n${text}`);
    return line.split(".")[0]!;
  };

  it("subscribes in words, picks a village and a topic by number, and unsubscribes in one step", async () => {
    const chat = "zs1";
    const birth = await exchange(chat, "đăng ký kết hôn");
    expect(birth).not.toContain("nhận thông báo của Xã Thử");
    const first = await exchange(chat, "tôi muốn đăng ký nhận thông báo");
    expect(first).toContain("Bạn đã đăng ký nhận thông báo của Xã Thử");
    const villages = await exchange(chat, numberOf(first, "Chọn thôn"));
    const picked = await exchange(chat, numberOf(villages, "Tổ dân phố 1"));
    expect(picked).toContain("✓ Tổ dân phố 1");
    const view = await exchange(chat, numberOf(picked, "Xong"));
    expect(view).toContain("Thôn, tổ dân phố: Tổ dân phố 1");
    const topics = await exchange(chat, numberOf(view, "Chọn lĩnh vực"));
    const topicLine = topics.split("\n").find((row) => /^1\. /.test(row))!;
    const toggled = await exchange(chat, "1");
    expect(toggled).toContain(`✓ ${topicLine.slice(3)}`);
    const subscription = await app.subscribers.find("zalo", chat);
    expect(subscription).toMatchObject({ active: true, villages: ["to-1"] });
    expect(subscription?.topics).toHaveLength(1);
    expect(await app.subscribers.count({ villages: ["thon-dong"], topics: [] })).toBe(0);
    expect(await app.subscribers.count({ villages: ["to-1"], topics: subscription!.topics })).toBe(1);

    const off = await exchange(chat, "hủy nhận tin");
    expect(off).toContain("Bạn đã hủy nhận thông báo");
    expect(await app.subscribers.count({ villages: [], topics: [] })).toBe(0);
  });

  it("unsubscribes a chat whose send Zalo refuses (403)", async () => {
    const chat = "zs2";
    await exchange(chat, "/subscribe");
    z.fake.failNext("sendMessage", { error_code: 403, description: "user blocked the bot" });
    await z.say(chat, "xin chào");
    await vi.waitFor(async () => {
      expect(await app.subscribers.find("zalo", chat)).toMatchObject({ active: false });
    }, { timeout: 5_000, interval: 20 });
    expect((await app.subscribers.counts()).blocked).toBe(1);
  });
});

