/**
 * End-to-end conversations through the real grammY bot, the app and the fake Telegram Bot
 * API, once with long polling and once with the webhook: the same behaviour in both modes.
 */
import type { Chat, Message, Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { COMMAND_MENUS } from "../src/channels/telegram/commands.js";
import { callbackUpdate, membershipUpdate, textUpdate } from "./fakes/telegram-api.js";
import { buttonsOf, startHarness, type Harness, type Mode } from "./telegram-harness.js";

let nextChat = 10_000;
/** A fresh private chat per test, so replies never mix. */
const newChat = () => ++nextChat;

describe.each<Mode>(["polling", "webhook"])("Telegram conversation (%s)", (mode) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ mode });
  });

  afterAll(async () => {
    await h?.close();
  });

  it("connects the way the mode needs and sets the command menu in Vietnamese and English", async () => {
    if (mode === "polling") await h.fake.waitFor("getUpdates");
    const methods = h.fake.calls.map((call) => call.method);
    if (mode === "polling") {
      expect(methods).toContain("deleteWebhook");
      expect(methods.indexOf("deleteWebhook")).toBeLessThan(methods.indexOf("getUpdates"));
      expect(h.fake.webhook.url).toBe("");
    } else {
      expect(h.fake.webhook.url).toBe(`${h.url}/telegram/webhook`);
      expect(methods).not.toContain("getUpdates");
    }
    expect(h.fake.commands()).toEqual(COMMAND_MENUS.vi);
    expect(h.fake.commands({ language_code: "vi" })).toEqual(COMMAND_MENUS.vi);
    expect(h.fake.commands({ language_code: "en" })).toEqual(COMMAND_MENUS.en);
  });

  it("answers /start with the welcome and topic buttons in HTML", async () => {
    const chat = newChat();
    await h.send(textUpdate("/start", { userId: chat }));
    const [welcome] = await h.waitForReplies(chat, 1);
    expect(welcome?.parse_mode).toBe("HTML");
    expect(welcome?.text).toMatch(/^<b>Xin chào! /);
    expect(buttonsOf(welcome).map((button) => button.data)).toContain("t:civil-status");
  });

  it("offers a choice list for an ambiguous search and opens the card on a button press", async () => {
    const chat = newChat();
    await h.send(textUpdate("chứng thực", { userId: chat }));
    const [choices] = await h.waitForReplies(chat, 1);
    const buttons = buttonsOf(choices);
    expect(buttons.length).toBeGreaterThan(1);
    const copy = buttons.find((button) => button.text.startsWith("Chứng thực bản sao"));
    expect(copy?.data).toBe("p:chung-thuc-ban-sao");

    await h.send(callbackUpdate(copy?.data ?? "", { userId: chat, queryId: `q-${chat}` }));
    const [, card] = await h.waitForReplies(chat, 2);
    expect(card?.text).toContain("<b>Chứng thực bản sao");
    expect(card?.text).toContain("Mã thủ tục: 2.000815");
    const answered = h.fake.callsOf("answerCallbackQuery").map((call) => call.payload.callback_query_id);
    expect(answered).toContain(`q-${chat}`);
  });

  it("follows up on a section by button and by a short question", async () => {
    const chat = newChat();
    await h.send(textUpdate("/start dang-ky-khai-sinh", { userId: chat }));
    const [card] = await h.waitForReplies(chat, 1);
    const fees = buttonsOf(card).find((button) => button.data === "s:dang-ky-khai-sinh:fees");
    expect(fees?.text).toBe("Lệ phí");

    await h.send(callbackUpdate(fees?.data ?? "", { userId: chat }));
    const [, feeReply] = await h.waitForReplies(chat, 2);
    expect(feeReply?.text).toContain("<b>Lệ phí</b>");
    expect(feeReply?.text).not.toContain("<b>Giấy tờ cần chuẩn bị</b>");

    await h.send(textUpdate("mất bao lâu?", { userId: chat }));
    const [, , timeReply] = await h.waitForReplies(chat, 3);
    expect(timeReply?.text).toContain("<b>Đăng ký khai sinh</b>");
    expect(timeReply?.text).toContain("<b>Thời gian giải quyết</b>");
  });

  it("opens a procedure card from a deep link by id or by code, and welcomes on a bad one", async () => {
    const chat = newChat();
    await h.send(textUpdate("/start dang-ky-ket-hon", { userId: chat }));
    await h.send(textUpdate("/start 1_001193", { userId: chat }));
    await h.send(textUpdate("/start khong-co-thu-tuc-nay", { userId: chat }));
    const [byId, byCode, bad] = await h.waitForReplies(chat, 3);
    expect(byId?.text).toContain("Mã thủ tục: 1.000894");
    expect(byCode?.text).toContain("<b>Đăng ký khai sinh</b>");
    expect(byCode?.text).toContain("Mã thủ tục: 1.001193");
    expect(bad?.text).toMatch(/^<b>Xin chào! /);
  });

  it("answers a stale button with the expired-list message, and still acknowledges it", async () => {
    const chat = newChat();
    await h.send(callbackUpdate("p:thu-tuc-da-bi-xoa", { userId: chat, queryId: `stale-${chat}` }));
    const [reply] = await h.waitForReplies(chat, 1);
    expect(reply?.text).toContain("Danh sách lựa chọn đã hết hạn");
    expect(h.fake.callsOf("answerCallbackQuery").map((call) => call.payload.callback_query_id)).toContain(`stale-${chat}`);
  });

  it("still handles a button press whose query is too old to answer", async () => {
    const chat = newChat();
    h.fake.failNext("answerCallbackQuery", {
      error_code: 400,
      description: "Bad Request: query is too old and response timeout expired or query ID is invalid",
    });
    await h.send(callbackUpdate("s:dang-ky-khai-sinh:time", { userId: chat }));
    const [reply] = await h.waitForReplies(chat, 1);
    expect(reply?.text).toContain("<b>Thời gian giải quyết</b>");
  });

  it("honours retry_after on a 429 and sends the reply after waiting", async () => {
    const chat = newChat();
    h.fake.failNext("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    await h.send(textUpdate("/start", { userId: chat }));
    const [reply] = await h.waitForReplies(chat, 1);
    expect(reply?.text).toMatch(/^<b>Xin chào! /);
    const attempts = h.fake.callsOf("sendMessage").filter((call) => call.payload.chat_id === chat);
    expect(attempts).toHaveLength(2);
    const [first, second] = attempts;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it("records a chat that blocked the bot, and forgets it when the user comes back", async () => {
    const chat = newChat();
    const givenUpBefore = await givenUp(h);
    const isBlocked = async () => (await h.app.records.chats.blocked("telegram", String(chat))) !== undefined;
    h.fake.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await h.send(textUpdate("/start", { userId: chat }));
    await vi.waitFor(async () => expect(await isBlocked()).toBe(true), { timeout: 5_000, interval: 10 });
    expect(h.sentTo(chat)).toEqual([]);

    await h.send(membershipUpdate(chat, h.fake.botInfo.id, "member"));
    await vi.waitFor(async () => expect(await isBlocked()).toBe(false), { timeout: 5_000, interval: 10 });
    // A blocked chat is not a failure of ours: nothing is given up, nothing retried.
    expect(await givenUp(h)).toBe(givenUpBefore);
    expect(h.fake.callsOf("sendMessage").filter((call) => call.payload.chat_id === chat)).toHaveLength(1);
  });

  it("handles an update delivered twice once", async () => {
    const chat = newChat();
    const twice = { update_id: 700_000 + chat, ...textUpdate("/start", { userId: chat }) };
    await h.send(twice);
    await h.send(twice);
    await h.send(textUpdate("/start dang-ky-khai-sinh", { userId: chat }));
    // One chat's updates are handled in order: once the card is there, the repeat has had its turn.
    await vi.waitFor(() => expect(h.sentTo(chat).some((message) => message.text.includes("Mã thủ tục"))).toBe(true), {
      timeout: 5_000,
      interval: 10,
    });
    const texts = h.sentTo(chat).map((message) => message.text);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/^<b>Xin chào! /);
  });

  it("answers photos, stickers, voice and locations with a short polite text", async () => {
    const chat = newChat();
    const kinds: NativeContent[] = [
      { photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }] },
      { sticker: { file_id: "s", file_unique_id: "s", type: "regular", width: 1, height: 1, is_animated: false, is_video: false } },
      { voice: { file_id: "v", file_unique_id: "v", duration: 2 } },
      { location: { latitude: 21.03, longitude: 105.85 } },
    ];
    for (const [index, content] of kinds.entries()) await h.send(nativeMessage(chat, chat, 500 + index, content));
    const replies = await h.waitForReplies(chat, kinds.length);
    for (const reply of replies) expect(reply.text).toContain("Mình chỉ đọc được tin nhắn chữ");
  });

  it("in a group answers only commands, mentions and replies to itself", async () => {
    const group = -newChat();
    const user = newChat();
    const me = h.fake.botInfo;
    await h.send(textUpdate("chào cả nhà, ai biết làm khai sinh không?", { chatId: group, userId: user }));
    await h.send(textUpdate("/start@some_other_bot", { chatId: group, userId: user }));
    await h.send(nativeMessage(group, user, 700, { photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }] }));
    await h.send(textUpdate(`@${me.username} khai sinh cần giấy tờ gì`, { chatId: group, userId: user, messageId: 701 }));
    await h.send(textUpdate("/help", { chatId: group, userId: user, messageId: 702 }));
    const replies = await h.waitForReplies(group, 2);
    expect(replies[0]?.text).toContain("<b>Giấy tờ cần chuẩn bị</b>");
    expect(replies[0]?.reply_parameters?.message_id).toBe(701);
    expect(replies[1]?.text).toMatch(/^<b>Xin chào! /);
    // Updates of one chat are handled in order, so nothing else can still be on its way.
    expect(h.sentTo(group)).toHaveLength(2);
  });
});

async function givenUp(h: Harness): Promise<number> {
  const metric = h.metrics.registry.getSingleMetric("motcua_outbox_given_up_total");
  const values = metric ? (await metric.get()).values : [];
  return values.reduce((sum, value) => sum + value.value, 0);
}

type NativeContent = Partial<Pick<Message, "photo" | "sticker" | "voice" | "location">>;

function nativeMessage(chatId: number, userId: number, messageId: number, content: NativeContent): Omit<Update, "update_id"> {
  const chat: Chat.PrivateChat | Chat.GroupChat =
    chatId === userId ? { id: chatId, type: "private", first_name: "Tester" } : { id: chatId, type: "group", title: "Test group" };
  return {
    message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat, from: { id: userId, is_bot: false, first_name: "Tester" }, ...content },
  };
}

