import { describe, expect, it } from "vitest";
import { Core } from "../src/core/bot.js";
import { SessionStore } from "../src/core/session.js";
import { StorageError, type KeyValueStore } from "../src/storage/store.js";
import { chat, replyText, testApp } from "./helpers/app.js";

// Conversations on the fixture catalog (test/fixtures/poster-catalog): how the core answers, not
// what the real content says; the real content is judged by content:check and the eval gate.

describe("core conversations", () => {
  it("greets with help and a topic menu", async () => {
    const app = await testApp();
    for (const text of ["/start", "xin chào", "menu", "hướng dẫn", "hi"]) {
      const outcome = await chat(app).say(text);
      expect(outcome.intent, text).toBe("help");
      expect(outcome.replies[0]?.choices?.map((choice) => choice.payload)).toContain("t:civil-status");
    }
  });

  it("shows a full procedure card for an everyday question", async () => {
    const app = await testApp();
    const outcome = await chat(app).say("lam giay khai sinh cho chau");
    expect(outcome.intent).toBe("procedure");
    expect(outcome.procedure?.code).toBe("1.001193");
    const text = replyText(outcome);
    for (const part of ["Giấy tờ cần chuẩn bị", "Lệ phí", "Thời gian giải quyết", "Nơi nộp", "Nộp trực tuyến", "Căn cứ pháp lý"]) {
      expect(text).toContain(part);
    }
    expect(text).toContain(app.catalog.office.phone);
    expect(text).toContain("Luật Hộ tịch");
  });

  it("answers the asked section first, not the whole card", async () => {
    const app = await testApp();
    const outcome = await chat(app).say("kết hôn mất bao nhiêu tiền");
    expect(outcome.procedure?.code).toBe("1.000894");
    expect(outcome.section).toBe("fees");
    const text = replyText(outcome);
    expect(text).toContain("Lệ phí");
    expect(text).not.toContain("Giấy tờ cần chuẩn bị");
  });

  it("follows up on the procedure shown last", async () => {
    const app = await testApp();
    const conversation = chat(app);
    await conversation.say("xác nhận độc thân");
    const fees = await conversation.say("còn lệ phí?");
    expect(fees.procedure?.code).toBe("1.004873");
    expect(fees.section).toBe("fees");
    expect(replyText(fees)).toContain("Hải Phòng: 5.000 đồng");
    const where = await conversation.say("nộp ở đâu?");
    expect(where.procedure?.code).toBe("1.004873");
    expect(where.section).toBe("where");
  });

  it("keeps follow-ups per chat", async () => {
    const app = await testApp();
    await chat(app, "a").say("đăng ký khai sinh");
    const other = await chat(app, "b").say("còn lệ phí?");
    expect(other.procedure).toBeNull();
  });

  it("offers a numbered choice when several procedures fit and accepts the number", async () => {
    const app = await testApp();
    const conversation = chat(app);
    const choice = await conversation.say("chứng thực");
    expect(choice.procedure).toBeNull();
    const choices = choice.replies[0]?.choices ?? [];
    expect(choices.length).toBeGreaterThan(1);
    const picked = await conversation.say("2");
    expect(picked.procedure?.id).toBe(choices[1]?.payload.slice(2));
    const out = await conversation.say("99");
    expect(replyText(out)).toContain("không có trong danh sách");
  });

  it("answers a button press with the same mechanism", async () => {
    const app = await testApp();
    const outcome = await chat(app).pick("s:dang-ky-ket-hon:documents");
    expect(outcome.procedure?.code).toBe("1.000894");
    expect(outcome.section).toBe("documents");
    const stale = await chat(app).pick("p:no-such-procedure");
    expect(replyText(stale)).toContain("hết hạn");
  });

  it("is honest when nothing fits", async () => {
    const app = await testApp();
    const outcome = await chat(app).say("asdfghjkl qwerty");
    expect(outcome.intent).toBe("unknown");
    expect(outcome.procedure).toBeNull();
    const text = replyText(outcome);
    expect(text).toContain(app.catalog.office.phone);
    expect(text).toContain("hộ tịch");
  });

  it("shows no card for loose words scattered over one long name ('người yêu' in '… người yêu cầu …')", async () => {
    const app = await testApp();
    const [top] = app.index.search("bạn có người yêu chưa");
    // Search alone finds the long name that holds both words, far apart.
    expect(top?.procedure.code).toBe("2.000884");
    expect(top!.precision).toBeLessThan(0.25);
    const outcome = await chat(app).say("bạn có người yêu chưa");
    expect(outcome.intent).toBe("unknown");
    expect(outcome.procedure).toBeNull();
    expect(replyText(outcome)).not.toContain("Chứng thực chữ ký");
    await app.close();
  });

  it("points out-of-scope questions elsewhere without a procedure card", async () => {
    const app = await testApp();
    for (const text of ["làm hộ chiếu", "đăng ký tạm trú cho con", "thời tiết hôm nay", "đổi bằng lái xe"]) {
      const outcome = await chat(app).say(text);
      expect(outcome.intent, text).toBe("unknown");
      expect(outcome.procedure, text).toBeNull();
    }
    const photo = await chat(app).say("photo công chứng căn cước ở xã");
    expect(photo.procedure?.code).toBe("2.000815");
  });

  it("answers where the desk is and when it opens when no procedure is named", async () => {
    const app = await testApp();
    for (const text of ["mấy giờ xã làm việc", "nộp ở đâu"]) {
      const outcome = await chat(app).say(text);
      expect(outcome.procedure, text).toBeNull();
      expect(outcome.section, text).toBe("where");
      const reply = replyText(outcome);
      expect(reply).toContain(app.catalog.office.address);
      expect(reply).toContain(app.catalog.office.hours[0]!);
    }
  });

  it("answers where to file a procedure named by part of its long name, not where the desk is", async () => {
    const app = await testApp();
    // "thành lập hộ" is most of what the message says and part of "Đăng ký thành lập hộ kinh doanh".
    const outcome = await chat(app).say("thành lập hộ nộp ở đâu");
    expect(outcome.procedure?.code).toBe("1.001612");
    expect(outcome.section).toBe("where");
  });

  it("does not take a procedure name with money words for a fee question", async () => {
    const app = await testApp();
    // "chi phí" is a fees cue, and also part of this procedure's name.
    const outcome = await chat(app).say("xin hỗ trợ chi phí mai táng");
    expect(outcome.procedure?.code).toBe("1.001731");
    expect(outcome.section).toBeNull();
  });

  it("sends divorce questions elsewhere instead of a near miss, and answers a procedure that mentions divorce", async () => {
    const app = await testApp();
    const divorce = await chat(app).say("thủ tục ly hôn");
    expect(divorce.intent).toBe("unknown");
    expect(divorce.procedure).toBeNull();
    expect(replyText(divorce)).toContain("Tòa án");
    expect((await chat(app).say("xác nhận tình trạng hôn nhân sau khi ly hôn")).procedure?.code).toBe("1.004873");
    // One word besides the topic ("photo", a keyword of certified copies) names no procedure.
    const oneWord = await chat(app).say("muốn ly dị cần photo ở đâu");
    expect(oneWord.intent).toBe("unknown");
    expect(oneWord.procedure).toBeNull();
  });

  it("switches language on /lang en and back", async () => {
    const app = await testApp();
    const conversation = chat(app);
    const english = await conversation.say("/lang en");
    expect(replyText(english)).toContain("Switched to English");
    const card = await conversation.say("khai sinh can giay to gi");
    expect(replyText(card)).toContain("Documents to prepare");
    const back = await conversation.say("/lang vi");
    expect(replyText(back)).toContain("tiếng Việt");
  });

  it("recognises receipt codes and answers an unknown one neutrally (the dossier feature is tested in dossiers-*.test.ts)", async () => {
    const app = await testApp();
    const outcome = await chat(app).say("tra cứu hồ sơ g09.20-20260609-0092637");
    expect(outcome.intent).toBe("status");
    expect(outcome.receiptCode).toBe("G09.20-20260609-0092637");
    expect(replyText(outcome)).toContain("không tìm thấy hồ sơ");
    const noCode = await chat(app).say("hồ sơ của tôi đến đâu rồi");
    expect(noCode.intent).toBe("status");
    expect(noCode.receiptCode).toBeNull();
  });

  it("does not take words that fold alike for status or subscription requests", async () => {
    const app = await testApp();
    const cases: Array<[string, string]> = [
      ["hồ sơ sổ đỏ cần những gì", "procedure"],
      ["tôi nhắn tin hỏi về đăng ký khai sinh", "procedure"],
      ["hồ sơ số 1234 của tôi xong chưa", "status"],
    ];
    for (const [text, intent] of cases) expect((await chat(app).say(text)).intent, text).toBe(intent);
    expect((await chat(app).say("dùng gửi qua bưu điện được không")).intent).not.toBe("unsubscribe");
    const age = await chat(app).say("đăng ký kết hôn bao nhiêu tuổi");
    expect(age.section).toBeNull();
  });

  it("recognises subscriptions without pretending they work", async () => {
    const app = await testApp();
    expect((await chat(app).say("đăng ký nhận tin")).intent).toBe("subscribe");
    expect((await chat(app).say("/unsubscribe")).intent).toBe("unsubscribe");
    expect((await chat(app).say("đăng ký kết hôn")).intent).toBe("procedure");
  });

  it("opens a procedure from a deep-link payload and welcomes on a bad one", async () => {
    const app = await testApp();
    expect((await chat(app).say("/start dang-ky-khai-sinh")).procedure?.code).toBe("1.001193");
    expect((await chat(app).say("/start 1_004873")).procedure?.code).toBe("1.004873");
    expect((await chat(app).say("/start <script>")).intent).toBe("help");
  });

  it("answers non-text messages politely", async () => {
    const app = await testApp();
    const outcome = await chat(app).send({ kind: "unsupported", nativeKind: "sticker" });
    expect(replyText(outcome)).toContain("tin nhắn chữ");
  });
});

describe("storage outage", () => {
  const broken: KeyValueStore = {
    kind: "redis",
    get: () => Promise.reject(new StorageError("get")),
    set: () => Promise.reject(new StorageError("set")),
    delete: () => Promise.reject(new StorageError("delete")),
    setIfAbsent: () => Promise.reject(new StorageError("setIfAbsent")),
    increment: () => Promise.reject(new StorageError("increment")),
    ping: () => Promise.resolve(false),
    close: () => Promise.resolve(),
  };

  it("is answered politely and never treated as a new user", async () => {
    const app = await testApp();
    const errors: object[] = [];
    const core = new Core({
      catalog: app.catalog,
      index: app.index,
      sessions: new SessionStore(broken, 1000),
      logger: { warn: () => undefined, error: (object) => errors.push(object) },
    });
    const outcome = await core.handle({ channel: "console", chatId: "x", userId: "x", kind: "text", text: "khai sinh" });
    expect(outcome.procedure).toBeNull();
    expect(replyText(outcome)).toContain("Hệ thống đang bận");
    expect(errors).toHaveLength(1);
  });

  it("keeps the answer when only saving fails, and logs it", async () => {
    const app = await testApp();
    const warnings: object[] = [];
    const readOnly: KeyValueStore = { ...broken, get: () => Promise.resolve(undefined) };
    const core = new Core({
      catalog: app.catalog,
      index: app.index,
      sessions: new SessionStore(readOnly, 1000),
      logger: { warn: (object) => warnings.push(object), error: () => undefined },
    });
    const outcome = await core.handle({ channel: "console", chatId: "x", userId: "x", kind: "text", text: "khai sinh" });
    expect(outcome.procedure?.code).toBe("1.001193");
    expect(warnings).toHaveLength(1);
  });
});
