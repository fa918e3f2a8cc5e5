import type { Chat, Message, Update, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import { membershipChange } from "../src/channels/telegram/blocked.js";
import { chatKeyOf, toIncoming } from "../src/channels/telegram/incoming.js";
import { callbackUpdate, fakeBotInfo, textUpdate } from "./fakes/telegram-api.js";

const me: UserFromGetMe = fakeBotInfo(999, "Motcua", "motcua_bot");
const update = (input: Omit<Update, "update_id">): Update => ({ update_id: 1, ...input });
const group = { chatId: -100, userId: 7 };

function message(content: Omit<Partial<Message>, "chat">, chat: Chat.PrivateChat | Chat.GroupChat = { id: 7, type: "private", first_name: "A" }): Update {
  return update({ message: { message_id: 3, date: 0, chat, from: { id: 7, is_bot: false, first_name: "A" }, ...content } });
}

describe("toIncoming", () => {
  it("passes private text through with the user's language", () => {
    const result = toIncoming(update(textUpdate("khai sinh", { userId: 7, languageCode: "en", messageId: 1 })), me);
    expect(result).toEqual({
      incoming: { channel: "telegram", chatId: "7", userId: "7", kind: "text", text: "khai sinh", locale: "en", messageId: "1", displayName: "Tester" },
      target: { chatId: 7 },
    });
  });

  it("in groups ignores chatter but takes commands, mentions (removed) and replies to the bot", () => {
    expect(toIncoming(update(textUpdate("ai biết làm khai sinh?", group)), me)).toBeNull();
    expect(toIncoming(update(textUpdate("/start@other_bot", group)), me)).toBeNull();
    expect(toIncoming(update(textUpdate("hỏi @motcua_bots thử", group)), me)).toBeNull();

    expect(toIncoming(update(textUpdate("/start", group)), me)?.incoming.text).toBe("/start");
    expect(toIncoming(update(textUpdate("/start@Motcua_Bot dang-ky-khai-sinh", group)), me)?.incoming.text).toBe(
      "/start@Motcua_Bot dang-ky-khai-sinh",
    );
    const mentioned = toIncoming(update(textUpdate("@motcua_bot  khai sinh cần gì?", { ...group, messageId: 42 })), me);
    expect(mentioned?.incoming.text).toBe("khai sinh cần gì?");
    expect(mentioned?.target).toEqual({ chatId: -100, replyTo: 42 });

    const reply = message(
      { text: "còn lệ phí?", reply_to_message: { message_id: 2, date: 0, chat: { id: -100, type: "group", title: "G" }, from: me, reply_to_message: undefined } },
      { id: -100, type: "group", title: "G" },
    );
    expect(toIncoming(reply, me)?.incoming.text).toBe("còn lệ phí?");
  });

  it("marks non-text messages unsupported, naming the specific kind", () => {
    const venue = message({
      venue: { location: { latitude: 1, longitude: 2 }, title: "UBND", address: "x" },
      location: { latitude: 1, longitude: 2 },
    });
    expect(toIncoming(venue, me)?.incoming).toMatchObject({ kind: "unsupported", nativeKind: "venue" });
    const voice = message({ voice: { file_id: "v", file_unique_id: "v", duration: 1 } });
    expect(toIncoming(voice, me)?.incoming).toMatchObject({ kind: "unsupported", nativeKind: "voice" });
  });

  it("stays silent on service messages, a group's photos and channel posts", () => {
    expect(toIncoming(message({ new_chat_members: [{ id: 5, is_bot: false, first_name: "B" }] }), me)).toBeNull();
    const photo = { photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }] };
    expect(toIncoming(message(photo, { id: -100, type: "group", title: "G" }), me)).toBeNull();
    expect(toIncoming(message({ ...photo, caption: "@motcua_bot đây là gì" }, { id: -100, type: "group", title: "G" }), me)?.incoming.kind).toBe(
      "unsupported",
    );
    expect(
      toIncoming(update({ channel_post: { message_id: 1, date: 0, chat: { id: -5, type: "channel", title: "C" }, text: "hi" } }), me),
    ).toBeNull();
  });

  it("turns a button press into a choice, decoding its callback data", () => {
    const pressed = update(callbackUpdate("s:~1.001193:fees", { userId: 7, languageCode: "vi" }));
    const result = toIncoming(pressed, me, (data) => data.replace("~1.001193", "dang-ky-khai-sinh"));
    expect(result?.incoming).toEqual({
      channel: "telegram",
      chatId: "7",
      userId: "7",
      kind: "choice",
      choice: "s:dang-ky-khai-sinh:fees",
      locale: "vi",
      displayName: "Tester",
    });
  });

  it("marks a reply to one of the bot's messages with that message's id", () => {
    const base = textUpdate("Đã có kết quả", { chatId: -9, userId: 4 });
    const original = { message_id: 555, date: 0, chat: { id: -9, type: "group" as const, title: "G" }, from: { id: me.id, is_bot: true, first_name: "Bot" } };
    const reply = { ...base, message: { ...base.message!, reply_to_message: original as NonNullable<Message["reply_to_message"]> } };
    expect(toIncoming(update(reply), me)?.incoming.replyToMessageId).toBe("555");
    expect(toIncoming(update(textUpdate("khai sinh", { userId: 7 })), me)?.incoming.replyToMessageId).toBeUndefined();
  });

  it("keys updates by chat for ordering", () => {
    expect(chatKeyOf(update(textUpdate("a", { chatId: -3, userId: 4 })))).toBe("-3");
    expect(chatKeyOf(update(callbackUpdate("p:x", { userId: 8 })))).toBe("8");
    expect(chatKeyOf(update({ inline_query: { id: "i", from: { id: 1, is_bot: false, first_name: "A" }, query: "", offset: "" } }))).toBeUndefined();
  });
});

describe("membershipChange", () => {
  const bot = { id: 999, is_bot: true, first_name: "M" };
  const change = (status: "kicked" | "member" | "left") =>
    membershipChange({
      chat: { id: 7, type: "private", first_name: "A" },
      from: { id: 7, is_bot: false, first_name: "A" },
      date: 0,
      old_chat_member: { status: "member", user: bot },
      new_chat_member: status === "kicked" ? { status, user: bot, until_date: 0 } : { status, user: bot },
    });

  it("reads a block, an unblock and a removal from a group", () => {
    expect(change("kicked")).toBe("blocked");
    expect(change("left")).toBe("blocked");
    expect(change("member")).toBe("unblocked");
  });
});
