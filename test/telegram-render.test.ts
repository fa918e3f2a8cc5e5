import { TEST_CONTENT_DIR } from "./helpers/app.js";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../src/app.js";
import { CALLBACK_DATA_LIMIT, createPayloadCodec, escapeHtml, renderReply, type ProcedureLookup } from "../src/channels/telegram/render.js";
import { TELEGRAM_TEXT_LIMIT } from "../src/channels/telegram/split.js";
import { SECTIONS, type Reply } from "../src/core/types.js";
import { createMemoryStore } from "../src/storage/store.js";

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

/** A catalog of one procedure whose id is too long for callback data. */
const LONG_ID = `thu-tuc-${"rat-dai-".repeat(6)}cuoi`;
const lookup: ProcedureLookup = {
  byProcedureId: (id) => (id === LONG_ID ? { code: "1.234567" } : undefined),
  byProcedureCode: (code) => (code === "1.234567" ? { id: LONG_ID } : undefined),
};

describe("renderReply", () => {
  it("escapes <, > and & in titles and lines and puts titles in bold", () => {
    const reply: Reply = {
      blocks: [
        { title: "Phí <cấp> & lệ phí", lines: ["Mức thu < 50.000 đồng & > 0", "<script>alert(1)</script>"] },
        { lines: ["a &amp; b"] },
      ],
    };
    const { texts } = renderReply(reply);
    expect(texts).toEqual([
      "<b>Phí &lt;cấp&gt; &amp; lệ phí</b>\nMức thu &lt; 50.000 đồng &amp; &gt; 0\n&lt;script&gt;alert(1)&lt;/script&gt;\n\na &amp;amp; b",
    ]);
  });

  it("renders choices as an inline keyboard on the last text and leaves out the number prompt", () => {
    const reply: Reply = {
      blocks: [{ lines: ["Bạn chọn thủ tục nào?"] }],
      choices: [
        { label: "Đăng ký khai sinh có yếu tố nước ngoài", payload: "p:khai-sinh-co-yeu-to-nuoc-ngoai" },
        { label: "Đăng ký lại khai sinh", payload: "p:dang-ky-lai-khai-sinh" },
      ],
      choicesPrompt: "Gõ số từ 1 đến 2 để chọn.",
    };
    const { texts, keyboard } = renderReply(reply);
    expect(texts).toEqual(["Bạn chọn thủ tục nào?"]);
    // Long labels get a row each.
    expect(keyboard?.inline_keyboard).toEqual([
      [{ text: "Đăng ký khai sinh có yếu tố nước ngoài", callback_data: "p:khai-sinh-co-yeu-to-nuoc-ngoai" }],
      [{ text: "Đăng ký lại khai sinh", callback_data: "p:dang-ky-lai-khai-sinh" }],
    ]);
  });

  it("puts short section buttons side by side", () => {
    const labels = ["Giấy tờ", "Lệ phí", "Thời gian", "Nơi nộp", "Nộp trực tuyến", "Các bước"];
    const { keyboard } = renderReply({
      blocks: [{ lines: ["x"] }],
      choices: labels.map((label, index) => ({ label, payload: `s:a:${index}` })),
    });
    expect(keyboard?.inline_keyboard.map((row) => row.length)).toEqual([2, 2, 2]);
  });

  it("gives a reply made only of buttons some text to carry them", () => {
    const { texts } = renderReply({ blocks: [], choices: [{ label: "A", payload: "p:a" }], choicesPrompt: "Chọn <1>:" });
    expect(texts).toEqual(["Chọn &lt;1&gt;:"]);
  });

  it("splits a reply longer than Telegram's limit, keyboard on the last part only", () => {
    const blocks = Array.from({ length: 12 }, (_, index) => ({ title: `Mục ${index}`, lines: ["x & y ".repeat(150)] }));
    const rendered = renderReply({ blocks, choices: [{ label: "Xem đầy đủ", payload: "p:a" }] });
    expect(rendered.texts.length).toBeGreaterThan(1);
    for (const text of rendered.texts) expect(text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(rendered.keyboard?.inline_keyboard.flat()).toHaveLength(1);
  });
});

describe("callback data", () => {
  let app: App;

  beforeAll(async () => {
    app = await createApp({
      config: { CONTENT_DIR: TEST_CONTENT_DIR, DATA_DIR: "unused", SESSION_TTL_HOURS: 24, DEFAULT_LANGUAGE: "vi" },
      store: createMemoryStore(),
      records: "memory",
    });
  });

  it("fits in 64 bytes for every button of every card and section view in the catalog", async () => {
    const codec = createPayloadCodec(app.index);
    let checked = 0;
    for (const procedure of app.catalog.procedures) {
      for (const choice of [`p:${procedure.id}`, ...SECTIONS.map((section) => `s:${procedure.id}:${section}`)]) {
        const outcome = await app.core.handle({ channel: "telegram", chatId: "render", userId: "render", kind: "choice", choice });
        expect(outcome.procedure?.id).toBe(procedure.id);
        for (const reply of outcome.replies) {
          for (const button of renderReply(reply, codec).keyboard?.inline_keyboard.flat() ?? []) {
            const data = "callback_data" in button ? (button.callback_data ?? "") : "";
            expect(bytes(data)).toBeGreaterThan(0);
            expect(bytes(data)).toBeLessThanOrEqual(CALLBACK_DATA_LIMIT);
            // What comes back is what the core offered.
            expect(codec.decode(data)).toMatch(/^[pst]:/);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("shortens a payload with a long procedure id to the procedure code, and decodes it back", () => {
    const codec = createPayloadCodec(lookup);
    const payload = `s:${LONG_ID}:documents`;
    expect(bytes(payload)).toBeGreaterThan(CALLBACK_DATA_LIMIT);
    const data = codec.encode(payload);
    expect(data).toBe("s:~1.234567:documents");
    expect(codec.decode(data)).toBe(payload);
    expect(codec.encode(`p:${LONG_ID}`)).toBe(`p:${LONG_ID}`);
  });

  it("replaces a payload it cannot shorten by a stable hash the core will treat as expired", () => {
    const codec = createPayloadCodec(lookup);
    const payload = `t:${"chủ-đề-rất-dài-".repeat(5)}`;
    const data = codec.encode(payload);
    expect(data).toMatch(/^x:[A-Za-z0-9_-]+$/);
    expect(codec.encode(payload)).toBe(data);
    expect(codec.decode(data)).toBe(data);
    expect(codec.decode("s:~9.999999:fees")).toBe("s:~9.999999:fees");
  });

  it("always yields 1 to 64 bytes, and leaves payloads that fit untouched (property)", () => {
    const codec = createPayloadCodec(lookup);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), (payload) => {
        const data = codec.encode(payload);
        expect(bytes(data)).toBeGreaterThanOrEqual(1);
        expect(bytes(data)).toBeLessThanOrEqual(CALLBACK_DATA_LIMIT);
        if (bytes(payload) >= 1 && bytes(payload) <= CALLBACK_DATA_LIMIT) expect(data).toBe(payload);
      }),
      { numRuns: 300 },
    );
  });

  it("escapes only what Telegram's HTML mode requires", () => {
    expect(escapeHtml(`"Giấy" & 'tờ' <b>`)).toBe(`"Giấy" &amp; 'tờ' &lt;b&gt;`);
  });
});
