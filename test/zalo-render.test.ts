import { describe, expect, it } from "vitest";
import { toIncoming, stripMention } from "../src/channels/zalo/incoming.js";
import { numberHint, renderReplies, renderReply } from "../src/channels/zalo/render.js";
import type { Update } from "../src/channels/zalo/types.js";
import type { Reply } from "../src/core/types.js";

const sections: Reply = {
  blocks: [{ title: "Đăng ký khai tử", lines: ["Mã thủ tục: 1.000656"] }],
  choices: [
    { label: "Giấy tờ", payload: "s:khai-tu:documents" },
    { label: "Lệ phí", payload: "s:khai-tu:fees" },
    { label: "Thời gian", payload: "s:khai-tu:time" },
  ],
  choicesPrompt: "Xem thêm:",
};

describe("renderReply", () => {
  it("turns choices into a numbered list with a 'Gõ 1 để xem…' hint", () => {
    expect(renderReply(sections, "vi")).toBe(
      [
        "Đăng ký khai tử",
        "Mã thủ tục: 1.000656",
        "",
        "Xem thêm:",
        "1. Giấy tờ",
        "2. Lệ phí",
        "3. Thời gian",
        "Gõ 1 để xem Giấy tờ, 2 để xem Lệ phí…",
      ].join("\n"),
    );
  });

  it("words the hint in the chat's language", () => {
    expect(renderReply(sections, "en")).toMatch(/\nType 1 for Giấy tờ, 2 for Lệ phí…$/);
  });

  it("adds no hint when the prompt already explains the numbers", () => {
    const reply: Reply = { ...sections, choicesPrompt: "Gõ số từ 1 đến 3 để chọn." };
    const text = renderReply(reply, "vi");
    expect(text).toContain("Gõ số từ 1 đến 3 để chọn.\n1. Giấy tờ");
    expect(text).not.toContain("để xem");
  });

  it("renders a reply without choices as its blocks only", () => {
    expect(renderReply({ blocks: [{ title: "Tiêu đề", lines: ["một", "hai"] }, { lines: ["ba"] }] }, "vi")).toBe(
      "Tiêu đề\nmột\nhai\n\nba",
    );
  });

  it("numbers only the last reply's choices, the only ones the core remembers", () => {
    const first: Reply = { blocks: [{ lines: ["Đã đổi ngôn ngữ."] }], choices: [{ label: "X", payload: "t:x" }] };
    const texts = renderReplies([first, sections], "vi");
    expect(texts).toHaveLength(2);
    expect(texts[0]).toBe("Đã đổi ngôn ngữ.");
    expect(texts[1]).toContain("1. Giấy tờ");
  });
});

describe("numberHint", () => {
  it("ends with a full stop for one or two choices and an ellipsis for more", () => {
    expect(numberHint([{ label: "A", payload: "a" }], "vi")).toBe("Gõ 1 để xem A.");
    expect(numberHint(sections.choices?.slice(0, 2) ?? [], "vi")).toBe("Gõ 1 để xem Giấy tờ, 2 để xem Lệ phí.");
    expect(numberHint([], "vi")).toBe("");
  });
});

function update(event: string, message: Partial<Update["message"]> = {}): Update {
  return {
    event_name: event,
    message: {
      message_id: "m1",
      date: 1_767_225_600_000,
      from: { id: "user-1", display_name: "An", is_bot: false },
      chat: { id: "chat-1", chat_type: "PRIVATE" },
      ...message,
    },
  };
}

const bot = { name: "motcua_bot" };

describe("toIncoming", () => {
  it("passes a private text on with chat and sender ids, the message id and the sender's name", () => {
    expect(toIncoming(update("message.text.received", { text: "khai sinh" }), bot)).toEqual({
      channel: "zalo",
      chatId: "chat-1",
      userId: "user-1",
      kind: "text",
      text: "khai sinh",
      messageId: "m1",
      displayName: "An",
    });
  });

  it("answers group messages addressed to the bot, without the mention", () => {
    const group = { chat: { id: "group-1", chat_type: "GROUP" as const } };
    expect(toIncoming(update("message.text.received", { ...group, text: "@motcua_bot khai tử" }), bot)).toMatchObject({
      chatId: "group-1",
      userId: "user-1",
      text: "khai tử",
    });
    expect(toIncoming(update("message.text.received", { ...group, text: "chào cả nhà" }), bot)).toBeNull();
  });

  it("turns images, stickers, voice and unsupported events into a polite 'unsupported'", () => {
    for (const kind of ["image", "sticker", "voice", "unsupported"]) {
      expect(toIncoming(update(`message.${kind}.received`), bot)).toMatchObject({ kind: "unsupported", nativeKind: kind });
    }
  });

  it("stays silent for other bots and for group photos not meant for the bot", () => {
    expect(toIncoming(update("message.text.received", { text: "hi", from: { id: "b", is_bot: true } }), bot)).toBeNull();
    const groupPhoto = update("message.image.received", { chat: { id: "g", chat_type: "GROUP" }, caption: "ảnh đẹp" });
    expect(toIncoming(groupPhoto, bot)).toBeNull();
  });
});

describe("stripMention", () => {
  it("accepts the name in any case followed by a space or punctuation", () => {
    expect(stripMention("@MotCua_Bot   lệ phí?", "motcua_bot")).toBe("lệ phí?");
    expect(stripMention("@motcua_bot, khai sinh", "motcua_bot")).toBe("khai sinh");
    expect(stripMention("@motcua_bot", "motcua_bot")).toBe("");
  });

  it("refuses texts that do not start with exactly this mention", () => {
    expect(stripMention("@motcua_botX hỏi", "motcua_bot")).toBeNull();
    expect(stripMention("hỏi @motcua_bot", "motcua_bot")).toBeNull();
    expect(stripMention("@ hỏi", "")).toBeNull();
  });
});
