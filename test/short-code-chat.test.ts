/**
 * A short code from a poster, or the Telegram QR's start payload, opens the procedure's card:
 * in the core, and end to end through the Zalo and Telegram channels.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { messagesFor } from "../src/core/messages/index.js";
import { telegramProcedureLink, telegramStartPayload } from "../src/publish/bot-links.js";
import { textUpdate as telegramText } from "./fakes/telegram-api.js";
import { FIXTURE_CATALOG } from "./helpers/fixture-catalog.js";
import { chat, replyText, testApp } from "./helpers/app.js";
import { createMemoryStore } from "../src/storage/store.js";
import { startHarness } from "./telegram-harness.js";
import { startZaloHarness } from "./zalo-harness.js";

let app: App;

beforeAll(async () => {
  app = await testApp(createMemoryStore(), FIXTURE_CATALOG);
});

afterAll(async () => {
  await app.close();
});

describe("short codes in the chat", () => {
  it("opens the card of every procedure by its short code, however it is typed", async () => {
    for (const [number, id] of app.catalog.shortCodes.codes) {
      for (const text of [`TT ${number}`, `tt${number}`, `Gửi: TT-${number}`]) {
        const outcome = await chat(app, `code-${number}`).say(text);
        expect(outcome.intent, text).toBe("procedure");
        expect(outcome.procedure?.id, text).toBe(id);
        expect(outcome.section).toBeNull();
      }
    }
  });

  it("gives the same card as asking by name, and follow-ups refer to it", async () => {
    const conversation = chat(app, "follow-up");
    const byCode = await conversation.say("TT 2");
    const byName = await chat(app, "by-name").say("đăng ký kết hôn");
    expect(replyText(byCode)).toBe(replyText(byName));
    const fees = await conversation.say("lệ phí bao nhiêu?");
    expect(fees.procedure?.id).toBe("dang-ky-ket-hon");
    expect(fees.section).toBe("fees");
  });

  it("says plainly that a retired or unknown code opens nothing", async () => {
    for (const text of ["TT 4", "TT 77"]) {
      const outcome = await chat(app).say(text);
      expect(outcome.intent).toBe("unknown");
      expect(outcome.procedure).toBeNull();
      expect(replyText(outcome).trim()).toBe(messagesFor("vi").shortCodeUnknown(text));
    }
    const english = chat(app, "english");
    await english.say("/lang en");
    expect(replyText(await english.say("TT 77")).trim()).toBe(messagesFor("en").shortCodeUnknown("TT 77"));
  });

  it("leaves other messages to the usual routing", async () => {
    expect((await chat(app).say("2")).intent).not.toBe("procedure");
    const question = await chat(app).say("tt khai sinh cần giấy tờ gì");
    expect(question.procedure?.id).toBe("dang-ky-khai-sinh");
  });
});

describe("Telegram start payloads from the QR codes", () => {
  it("open the card of every procedure", async () => {
    for (const procedure of app.catalog.procedures) {
      const outcome = await chat(app, `start-${procedure.id}`).say(`/start ${telegramStartPayload(procedure)}`);
      expect(outcome.procedure?.id).toBe(procedure.id);
    }
  });

  it("fall back to the national code when an id is too long for Telegram", async () => {
    const payload = telegramStartPayload({ id: `dang-ky-khai-sinh-${"rat-dai-".repeat(8)}x`, code: "1.001193" });
    expect(payload).toBe("1_001193");
    expect((await chat(app).say(`/start ${payload}`)).procedure?.id).toBe("dang-ky-khai-sinh");
  });
});

describe("short codes through the channels", () => {
  it("Zalo: the code typed in the chat gets the card", async () => {
    const zalo = await startZaloHarness({ mode: "polling", app });
    try {
      await zalo.say("zalo-user", "Gửi: TT 3");
      const [first] = await zalo.waitForTexts("zalo-user", 1);
      expect(first).toContain("Chứng thực bản sao từ bản chính");
      expect(first).toContain("Mã thủ tục: 2.000815");
    } finally {
      await zalo.close();
    }
  });

  it("Telegram: the QR's deep link and the typed code both get the card", async () => {
    const telegram = await startHarness({ mode: "polling", store: "memory" });
    try {
      // Any procedure of the stack's catalog that has a short code.
      const [number, id] = [...telegram.app.catalog.shortCodes.codes][0]!;
      const procedure = telegram.app.catalog.procedures.find((candidate) => candidate.id === id)!;
      const start = new URL(telegramProcedureLink("motcua_test_bot", procedure)).searchParams.get("start");
      await telegram.send(telegramText(`/start ${start}`, { userId: 501 }));
      await telegram.send(telegramText(`TT ${number}`, { userId: 502 }));
      const [deepLinked] = await telegram.waitForReplies(501, 1);
      const [typed] = await telegram.waitForReplies(502, 1);
      for (const reply of [deepLinked, typed]) expect(reply?.text).toContain(`Mã thủ tục: ${procedure.code}`);
    } finally {
      await telegram.close();
    }
  });
});
