import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { replyToPlainText, type Outcome } from "../src/core/types.js";
import { chat, replyText, testApp } from "./helpers/app.js";

// Two questions in one message, on the fixture catalog (test/helpers/app.ts TEST_CONTENT_DIR).
let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());


/** Block titles of the answer (button labels left out). */
const titles = (outcome: Outcome) => outcome.replies.flatMap((reply) => reply.blocks.map((block) => block.title ?? ""));

describe("a second section asked in the same message", () => {
  it("answers both sections, in one short reply", async () => {
    const outcome = await chat(app).say("làm khai sinh cần giấy tờ gì, mất bao lâu");
    expect(outcome.procedure?.code).toBe("1.001193");
    expect(outcome.section).toBe("documents");
    const lines = titles(outcome);
    expect(lines).toContain("Giấy tờ cần chuẩn bị");
    expect(lines).toContain("Thời gian giải quyết");
    expect(lines).not.toContain("Lệ phí");
    expect(outcome.replies).toHaveLength(1);
    const buttons = outcome.replies[0]?.choices?.map((choice) => choice.payload) ?? [];
    expect(buttons).not.toContain("s:dang-ky-khai-sinh:documents");
    expect(buttons).not.toContain("s:dang-ky-khai-sinh:time");
    expect(buttons).toContain("s:dang-ky-khai-sinh:fees");
  });

  it("answers one section when one is asked", async () => {
    const lines = titles(await chat(app).say("làm khai sinh mất bao lâu"));
    expect(lines).toContain("Thời gian giải quyết");
    expect(lines).not.toContain("Giấy tờ cần chuẩn bị");
  });

  it("answers a follow-up with two sections about the procedure shown last", async () => {
    const talk = chat(app, "follow-up");
    await talk.say("đăng ký kết hôn");
    const outcome = await talk.say("còn lệ phí với bao lâu");
    expect(outcome.procedure?.code).toBe("1.000894");
    const lines = titles(outcome);
    expect(lines).toContain("Lệ phí");
    expect(lines).toContain("Thời gian giải quyết");
  });
});

describe("a second procedure named in the same message", () => {
  it("answers the best one and offers the other as the first choice", async () => {
    const talk = chat(app, "two-procedures");
    const outcome = await talk.say("làm giấy khai sinh cho con rồi đăng ký kết hôn luôn");
    expect(outcome.intent).toBe("procedure");
    const [first] = outcome.replies[0]?.choices ?? [];
    const other = outcome.procedure?.code === "1.001193" ? "dang-ky-ket-hon" : "dang-ky-khai-sinh";
    expect(first?.payload).toBe(`p:${other}`);
    expect(replyText(outcome)).toContain("Bạn còn hỏi về thủ tục");
    // Numbered on channels without buttons: number 1 opens the other procedure.
    expect(replyToPlainText(outcome.replies[0]!)).toMatch(/\n1\. Đăng ký (kết hôn|khai sinh)\n/);
    const picked = await talk.say("1");
    expect(picked.procedure?.code).toBe(other === "dang-ky-ket-hon" ? "1.000894" : "1.001193");
  });

  it("offers nothing when one procedure is named", async () => {
    const outcome = await chat(app).say("làm giấy khai sinh cho con cần giấy tờ gì");
    expect(replyText(outcome)).not.toContain("Bạn còn hỏi về thủ tục");
    expect(outcome.replies[0]?.choices?.[0]?.payload).toMatch(/^s:/);
  });

  it("takes a name right next to another as part of it, not a second question", async () => {
    const outcome = await chat(app).say("chứng thực bản sao giấy khai sinh");
    expect(replyText(outcome)).not.toContain("Bạn còn hỏi về thủ tục");
  });
});
