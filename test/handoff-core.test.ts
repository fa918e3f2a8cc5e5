/**
 * Questions to staff through the core (no channel): what residents and staff see, which
 * messages go to other chats, on a fixture catalog with office hours and a settable clock.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { outcome, type Turn } from "../src/core/context.js";
import { messagesFor } from "../src/core/messages/index.js";
import type { Incoming, Outcome } from "../src/core/types.js";
import { classify, GUESS_SCORE } from "../src/handoff/offer.js";
import { createMemoryStore } from "../src/storage/store.js";
import { replyText } from "./helpers/app.js";
import { handoffApp, handoffContent, OFFICE_PHONE, STAFF_A, STAFF_B, STAFF_CHAT, testClock } from "./helpers/handoff.js";

let content: ReturnType<typeof handoffContent>;
beforeAll(() => {
  content = handoffContent();
});
afterAll(() => content.remove());

let messageCounter = 0;

/** A Zalo resident (or any chat) talking to the core; every message gets a fresh message id. */
function person(app: App, who: Partial<Incoming> & { chatId: string }) {
  const base = { channel: "zalo" as const, userId: who.chatId, displayName: "Nguyễn Văn A", ...who };
  return {
    say: (text: string): Promise<Outcome> => app.core.handle({ ...base, kind: "text", text, messageId: `m${++messageCounter}` }),
    pick: (choice: string): Promise<Outcome> => app.core.handle({ ...base, kind: "choice", choice }),
  };
}

const staffMember = (app: App, userId = STAFF_A, chatId = STAFF_CHAT, displayName = "Cán bộ Lan") =>
  person(app, { channel: "telegram", chatId: String(chatId), userId: String(userId), displayName });

const choicesOf = (result: Outcome) => result.replies.at(-1)?.choices ?? [];
const askChoice = (result: Outcome) => choicesOf(result).find((choice) => choice.payload.startsWith("q:ask"));

describe("questions to staff, through the core", () => {
  let app: App;
  const clock = testClock("2026-11-23", 9); // Monday 09:00: open

  beforeAll(async () => {
    app = await handoffApp({ contentDir: content.dir, now: clock.now });
  });
  afterAll(() => app.close());

  it("offers “Hỏi cán bộ” last after a “not found”, on a card and after a button press, and logs them", async () => {
    const resident = person(app, { chatId: "z-offer" });
    const notFound = await resident.say("xin giấy phép karaoke, sđt 0912345678");
    expect(notFound.intent).toBe("unknown");
    const ask = askChoice(notFound);
    expect(ask?.label).toBe("Hỏi cán bộ");
    expect(choicesOf(notFound).at(-1)).toEqual(ask);
    expect(ask?.payload).toMatch(/^q:ask:\d+$/);

    const card = await resident.say("đăng ký kết hôn");
    expect(card.procedure?.id).toBe("dang-ky-ket-hon");
    expect(choicesOf(card).at(-1)?.label).toBe("Hỏi cán bộ");
    expect(choicesOf(card).length).toBeGreaterThan(1);

    const section = await resident.pick("s:dang-ky-ket-hon:fees");
    expect(choicesOf(section).at(-1)?.label).toBe("Hỏi cán bộ");

    const logged = await sql<{ kind: string; text: string | null; procedure_id: string | null }>`select kind, text, procedure_id from usage_log order by id`.execute(app.records.database.db);
    expect(logged.rows.slice(-3)).toEqual([
      { kind: "not-found", text: "xin giay phep karaoke sdt <sdt>", procedure_id: null },
      { kind: "view", text: "dang ky ket hon", procedure_id: "dang-ky-ket-hon" },
      { kind: "view", text: null, procedure_id: "dang-ky-ket-hon" },
    ]);
  });

  it("takes a question in two steps, confirms it with the hours and when to expect an answer, and relays it to the staff chat", async () => {
    const resident = person(app, { chatId: "z-ask" });
    await resident.say("đăng ký kết hôn");
    const prompt = await resident.pick("q:ask");
    expect(replyText(prompt)).toContain("Bạn hãy viết câu hỏi");
    expect(choicesOf(prompt).map((choice) => choice.payload)).toEqual(["q:cancel"]);
    expect(prompt.outbound).toEqual([]);

    const sent = await resident.say("Vợ tôi là người nước ngoài thì đăng ký kết hôn ở xã được không?");
    const text = replyText(sent);
    const ref = Number(/#(\d+)/.exec(text)?.[1]);
    expect(text).toContain(`Đã gửi câu hỏi #${ref} tới cán bộ`);
    expect(text).toContain("thường trước 15:00 hôm nay"); // 4 office hours from 09:00, lunch excluded
    expect(text).toContain("Thứ Hai – Thứ Sáu");
    expect(text).toContain("chế độ hỏi cán bộ");
    expect(choicesOf(sent)).toEqual([]); // no number choices while in a thread: "1" may be an answer
    expect(sent.outbound).toHaveLength(1);
    const [relay] = sent.outbound;
    expect(relay).toMatchObject({ to: { channel: "telegram", chatId: String(STAFF_CHAT) }, kind: "relay", dedupeKey: `question:${ref}:ask`, ref: `question:${ref}` });
    const relayed = replyText({ ...sent, replies: relay!.replies });
    expect(relayed).toContain(`Câu hỏi #${ref} · Zalo · Nguyễn Văn A`);
    expect(relayed).toContain("Thủ tục vừa xem: Đăng ký kết hôn (1.000894)");
    expect(relayed).toContain("Vợ tôi là người nước ngoài");
    expect(relayed).toContain(`/tl ${ref}`);
  });

  it("passes a resident's further messages to the thread, lets commands through with the mode said, and ends on “xong”", async () => {
    const resident = person(app, { chatId: "z-thread" });
    await resident.say("hỏi cán bộ");
    const sent = await resident.say("Tôi cần xin giấy xác nhận độc thân gấp");
    const ref = Number(/#(\d+)/.exec(replyText(sent))?.[1]);

    const more = await resident.say("chứng thực bản sao"); // would be a search; in a thread it goes to staff
    expect(more.procedure).toBeNull();
    expect(replyText(more)).toContain(`Đã chuyển tới cán bộ (câu hỏi #${ref})`);
    expect(more.outbound[0]).toMatchObject({ to: { chatId: String(STAFF_CHAT) }, kind: "relay" });
    expect(replyText({ ...more, replies: more.outbound[0]!.replies })).toContain("nhắn thêm:\nchứng thực bản sao");

    const help = await resident.say("/start");
    expect(replyText(help)).toContain(`Bạn đang ở chế độ hỏi cán bộ (câu hỏi #${ref})`);
    expect(help.outbound).toEqual([]);

    const done = await resident.say("xong rồi, cảm ơn ạ");
    expect(replyText(done)).toContain(`Đã kết thúc câu hỏi #${ref}`);
    expect(replyText({ ...done, replies: done.outbound[0]!.replies })).toContain(`Câu hỏi #${ref}: Nguyễn Văn A đã kết thúc câu hỏi`);
    const search = await resident.say("chứng thực bản sao");
    expect(search.procedure?.id).toBe("chung-thuc-ban-sao");
  });

  it("lets the first staff member take a question, refuses the second, lists open ones with their age and closes them", async () => {
    const resident = person(app, { chatId: "z-staff", displayName: "Trần Thị B" });
    await resident.say("hỏi cán bộ");
    const ref = Number(/#(\d+)/.exec(replyText(await resident.say("Làm lại giấy kết hôn bị mất ở đâu?")))?.[1]);
    clock.advance(25 * 60_000);

    const list = replyText(await staffMember(app).say("/cho"));
    expect(list).toMatch(new RegExp(`#${ref} · Zalo · Trần Thị B · 25 phút · chưa ai trả lời`));
    expect(list).toContain("“Làm lại giấy kết hôn bị mất ở đâu?”");

    const first = await staffMember(app).say(`/tl ${ref} Chị đến Bộ phận Một cửa xã, mang căn cước.`);
    expect(replyText(first)).toContain(`Đã gửi trả lời cho câu hỏi #${ref} tới Trần Thị B (Zalo)`);
    expect(replyText(first)).toContain("Câu hỏi do Cán bộ Lan phụ trách");
    expect(first.outbound).toHaveLength(1);
    expect(first.outbound[0]).toMatchObject({ to: { channel: "zalo", chatId: "z-staff" }, kind: "relay" });
    expect(replyText({ ...first, replies: first.outbound[0]!.replies })).toContain(`Cán bộ Bộ phận Một cửa trả lời (câu hỏi #${ref}):\nChị đến Bộ phận Một cửa xã, mang căn cước.`);

    const second = await staffMember(app, STAFF_B, STAFF_B, "Cán bộ Minh").say(`/tl ${ref} Trả lời khác`);
    expect(replyText(second)).toContain(`Câu hỏi #${ref} đã do Cán bộ Lan nhận trả lời`);
    expect(second.outbound).toEqual([]);

    expect(replyText(await staffMember(app).say("/cho"))).toMatch(new RegExp(`#${ref} .* Cán bộ Lan đã trả lời`));
    const reply = await resident.say("Cảm ơn, cần bản sao không ạ?");
    expect(reply.outbound).toHaveLength(1);
    expect(replyText(await staffMember(app).say("/cho"))).toMatch(new RegExp(`#${ref} .* người dân nhắn thêm, chờ Cán bộ Lan`));

    const closed = await staffMember(app, STAFF_B, STAFF_B, "Cán bộ Minh").say(`/xong ${ref}`);
    expect(replyText(closed)).toContain(`Đã kết thúc câu hỏi #${ref}`);
    expect(closed.outbound.map((message) => message.to.chatId)).toEqual(["z-staff", String(STAFF_CHAT)]); // closed from a private chat: the group is told
    expect(replyText({ ...closed, replies: closed.outbound[0]!.replies })).toContain(`Cán bộ đã kết thúc câu hỏi #${ref}`);
    expect(replyText(await staffMember(app).say(`/tl ${ref} muộn`))).toContain("đã kết thúc; trả lời không được gửi");
    expect(replyText(await staffMember(app).say("/tl 99999 ai đó"))).toContain("Không có câu hỏi #99999");
    expect(replyText(await staffMember(app).say("/tl"))).toContain("Cách dùng: /tl");

    const after = await resident.say("đăng ký kết hôn");
    expect(replyText(after)).toContain(`Câu hỏi #${ref} đã kết thúc`);
    expect(after.procedure?.id).toBe("dang-ky-ket-hon");

    const audit = await app.records.audit.recent(5);
    expect(audit.map((entry) => entry.action)).toEqual(expect.arrayContaining(["question.answer", "question.close"]));
  });

  it("takes a reply to a relayed message as the answer, and /xong in reply closes that question", async () => {
    const resident = person(app, { chatId: "z-reply" });
    await resident.say("hỏi cán bộ");
    const ref = Number(/#(\d+)/.exec(replyText(await resident.say("Giấy độc thân có hạn bao lâu?")))?.[1]);
    await app.handoff.questions.recordRelayIds(ref, "telegram", String(STAFF_CHAT), ["9001"]);
    const replyFrom = (userId: number, text: string) =>
      app.core.handle({ channel: "telegram", chatId: String(STAFF_CHAT), userId: String(userId), kind: "text", text, messageId: `m${++messageCounter}`, replyToMessageId: "9001", displayName: "Lan" });
    const answered = await replyFrom(STAFF_A, "Sáu tháng kể từ ngày cấp.");
    expect(answered.outbound[0]).toMatchObject({ to: { channel: "zalo", chatId: "z-reply" } });
    const stranger = await replyFrom(888, "tôi cũng trả lời");
    expect(replyText(stranger)).toContain("Chỉ cán bộ được cấu hình mới trả lời được");
    expect(stranger.outbound).toEqual([]);
    const closed = await replyFrom(STAFF_A, "/xong");
    expect(replyText(closed)).toContain(`Đã kết thúc câu hỏi #${ref}`);
    const other = await app.core.handle({ channel: "telegram", chatId: String(STAFF_CHAT), userId: String(STAFF_A), kind: "text", text: "đăng ký kết hôn", messageId: "x1", replyToMessageId: "12345" });
    expect(other.procedure?.id).toBe("dang-ky-ket-hon"); // a reply to some other bot message is an ordinary question
  });

  it("obeys only configured staff", async () => {
    const stranger = person(app, { channel: "telegram", chatId: "777", userId: "777" });
    const list = await stranger.say("/cho");
    expect(replyText(list)).not.toContain("Câu hỏi đang mở");
    const answer = await stranger.say("/tl 1 không phải cán bộ");
    expect(answer.outbound).toEqual([]);
  });

  it("finds an open question again after the session expired", async () => {
    const store = createMemoryStore();
    const other = await handoffApp({ contentDir: content.dir, now: clock.now, store, records: app.records });
    const resident = person(other, { chatId: "z-expired" });
    await resident.say("hỏi cán bộ");
    const ref = Number(/#(\d+)/.exec(replyText(await resident.say("Hộ kinh doanh cần gì?")))?.[1]);
    await store.delete("session:zalo:z-expired");
    const later = await resident.say("Tôi bổ sung: bán tạp hóa");
    expect(replyText(later)).toContain(`câu hỏi #${ref}`);
    expect(later.outbound).toHaveLength(1);
  });

  it("leaves another feature's conversation alone (a rating's reason goes to that feature, not to staff)", async () => {
    const store = createMemoryStore();
    const other = await handoffApp({ contentDir: content.dir, now: clock.now, store, records: app.records });
    const resident = person(other, { chatId: "z-other-flow" });
    await resident.say("hỏi cán bộ");
    await resident.say("Câu hỏi đang mở");
    await store.set("session:zalo:z-other-flow", { pendingChoices: [], flow: { feature: "ratings", step: "reason", data: {} }, updatedAt: 0 });
    const reason = await resident.say("đăng ký kết hôn");
    expect(reason.outbound).toEqual([]);
    expect(reason.procedure?.id).toBe("dang-ky-ket-hon");
  });

  it("limits the questions a resident opens in an hour", async () => {
    const limited = await handoffApp({ contentDir: content.dir, now: clock.now, config: { QUESTIONS_PER_HOUR: 2 } });
    const resident = person(limited, { chatId: "z-limit" });
    for (let round = 0; round < 2; round++) {
      expect(replyText(await resident.say("hỏi cán bộ"))).toContain("Bạn hãy viết câu hỏi");
      expect(replyText(await resident.say(`Câu hỏi số ${round}`))).toContain("Đã gửi câu hỏi");
      await resident.say("xong");
    }
    const refused = await resident.say("hỏi cán bộ");
    expect(replyText(refused)).toContain("Bạn đã mở 2 câu hỏi gửi cán bộ trong một giờ qua");
    expect(replyText(refused)).toContain(OFFICE_PHONE);
    const search = await resident.say("Câu hỏi số 3");
    expect(search.outbound).toEqual([]);
    await limited.close();
  });

  it("cancels a question being written, and treats a command as moving on", async () => {
    const resident = person(app, { chatId: "z-cancel" });
    await resident.say("hỏi cán bộ");
    expect(replyText(await resident.say("thôi"))).toContain("Đã hủy");
    await resident.say("hỏi cán bộ");
    const moved = await resident.say("/start");
    expect(replyText(moved)).toContain("Xin chào");
    const search = await resident.say("đăng ký kết hôn");
    expect(search.procedure?.id).toBe("dang-ky-ket-hon");
  });

  it("does not offer it in a group, and answers plainly when no staff chat is configured", async () => {
    const group = person(app, { channel: "telegram", chatId: "-555", userId: "42" });
    expect(askChoice(await group.say("đăng ký kết hôn"))).toBeUndefined();
    expect(replyText(await group.say("hỏi cán bộ"))).toContain("nhắn riêng cho bot");

    const plain = await handoffApp({ contentDir: content.dir, now: clock.now, config: { STAFF_TELEGRAM_CHAT_ID: undefined } });
    const resident = person(plain, { chatId: "z-plain" });
    expect(askChoice(await resident.say("đăng ký kết hôn"))).toBeUndefined();
    const unavailable = await resident.say("hỏi cán bộ");
    expect(replyText(unavailable)).toContain(`Hiện chưa hỏi cán bộ qua bot được. Bạn gọi Bộ phận Một cửa: ${OFFICE_PHONE}`);
    await plain.close();
  });

  it("speaks English to a resident who chose it, and the staff chat stays in the bot's language", async () => {
    const resident = person(app, { chatId: "z-english" });
    await resident.say("/lang en");
    expect(replyText(await resident.say("ask staff"))).toContain("Please write your question");
    const sent = await resident.say("Can a foreigner register a marriage here?");
    expect(replyText(sent)).toContain("has been sent to the one-stop desk staff");
    expect(replyText({ ...sent, replies: sent.outbound[0]!.replies })).toContain("Câu hỏi #");
  });
});

describe("questions outside office hours", () => {
  it("says the desk is closed and when it opens, holds the question, and relays it when the desk opens", async () => {
    const clock = testClock("2026-11-22", 10); // Sunday
    const app = await handoffApp({ contentDir: content.dir, now: clock.now });
    const resident = person(app, { chatId: "z-sunday" });
    const prompt = replyText(await resident.say("hỏi cán bộ"));
    expect(prompt).toContain("Bây giờ Bộ phận Một cửa không làm việc (hôm nay là ngày nghỉ)");
    expect(prompt).toContain("7:30 ngày mai (thứ Hai 23/11/2026)");
    const sent = await resident.say("Cho hỏi thủ tục nhận con nuôi");
    expect(sent.outbound).toEqual([]);
    const ref = Number(/#(\d+)/.exec(replyText(sent))?.[1]);
    const follow = await resident.say("bé 3 tuổi");
    expect(follow.outbound).toEqual([]);
    expect(replyText(follow)).toContain("sẽ được chuyển cho cán bộ lúc 7:30 ngày mai");
    expect(replyText(await staffMember(app).say("/cho"))).toContain("chờ chuyển lúc 7:30 ngày mai");

    const relayed = async () =>
      (await sql<{ n: number }>`select count(*) as n from outbox where ref = ${`question:${ref}`}`.execute(app.records.database.db)).rows[0]?.n;
    await app.handoff.jobs.tick();
    expect(Number(await relayed())).toBe(0);
    clock.set("2026-11-23", 7, 30);
    await app.handoff.jobs.tick();
    await app.handoff.jobs.tick(); // a second round stores nothing twice
    expect(Number(await relayed())).toBe(2);
    await app.close();
  });

  it("once staff answered a held question early (from /cho), the resident's next messages reach them at once", async () => {
    const clock = testClock("2026-11-22", 20); // Sunday evening
    const app = await handoffApp({ contentDir: content.dir, now: clock.now });
    const resident = person(app, { chatId: "z-early" });
    await resident.say("hỏi cán bộ");
    const ref = Number(/#(\d+)/.exec(replyText(await resident.say("Mai xã có làm việc không?")))?.[1]);
    const answered = await staffMember(app).say(`/tl ${ref} Có, từ 7:30.`);
    expect(answered.outbound.map((message) => message.to.chatId)).toEqual(["z-early"]);
    expect(replyText(await staffMember(app).say("/cho"))).toContain("Cán bộ Lan đã trả lời");
    const thanks = await resident.say("Dạ em cảm ơn, mai em mang gì?");
    expect(thanks.outbound).toHaveLength(1);
    clock.set("2026-11-23", 8, 0);
    await app.handoff.jobs.tick();
    const relayed = await sql<{ n: number }>`select count(*) as n from outbox where dedupe_key = ${`question:${ref}:ask`}`.execute(app.records.database.db);
    expect(Number(relayed.rows[0]?.n)).toBe(0); // answered already: the held question is not sent
    await app.close();
  });

  it("names the holiday, and with QUESTION_RELAY_OUTSIDE_HOURS=now relays at once", async () => {
    const clock = testClock("2026-11-24", 9); // a Tuesday off in the fixture holidays
    const app = await handoffApp({ contentDir: content.dir, now: clock.now, config: { QUESTION_RELAY_OUTSIDE_HOURS: "now" } });
    const resident = person(app, { chatId: "z-holiday" });
    await resident.say("hỏi cán bộ");
    const sent = await resident.say("Hôm nay có làm việc không?");
    expect(replyText(sent)).toContain("hôm nay nghỉ Ngày Văn hóa Việt Nam");
    expect(replyText(sent)).toContain("cán bộ sẽ trả lời từ 7:30 ngày mai");
    expect(sent.outbound).toHaveLength(1);
    await app.close();
  });

  it("announces a question nobody answered again, once, while the desk is open", async () => {
    const clock = testClock("2026-11-23", 9);
    const app = await handoffApp({ contentDir: content.dir, now: clock.now, config: { QUESTION_REMIND_MINUTES: 60 } });
    const resident = person(app, { chatId: "z-remind" });
    await resident.say("hỏi cán bộ");
    const ref = Number(/#(\d+)/.exec(replyText(await resident.say("Có ai không ạ?")))?.[1]);
    const reminders = async () =>
      (await sql<{ n: number }>`select count(*) as n from outbox where dedupe_key = ${`question:${ref}:remind`}`.execute(app.records.database.db)).rows[0]?.n;
    clock.advance(30 * 60_000);
    await app.handoff.jobs.tick();
    expect(Number(await reminders())).toBe(0);
    clock.set("2026-11-23", 12, 0); // lunch: not now
    await app.handoff.jobs.tick();
    expect(Number(await reminders())).toBe(0);
    clock.set("2026-11-23", 13, 45);
    await app.handoff.jobs.tick();
    clock.advance(3 * 3_600_000);
    await app.handoff.jobs.tick();
    expect(Number(await reminders())).toBe(1);
    await app.close();
  });
});

describe("what counts as unanswered", () => {
  const messages = messagesFor("vi");
  const turn = (kind: Incoming["kind"] = "text") => ({ incoming: { channel: "zalo", chatId: "c", userId: "c", kind, text: "x" }, messages }) as unknown as Turn;
  const candidate = (id: string, score: number) => ({ id, code: "1.000000", name: id, score });

  it("a card shown for a weak match is a guess; a clear one or a picked one is a view", () => {
    const card = (score: number) => outcome("procedure", [{ blocks: [] }], { procedure: { id: "p", code: "1.000000", name: "p" }, candidates: [candidate("p", score)] });
    expect(classify(turn(), card(GUESS_SCORE - 0.01))).toBe("guess");
    expect(classify(turn(), card(GUESS_SCORE + 0.01))).toBe("view");
    expect(classify(turn("choice"), card(0.1))).toBe("view");
  });

  it("a choice among procedures that all fit weakly is a guess; a choice among good fits is not", () => {
    const choice = (score: number) =>
      outcome("procedure", [{ blocks: [], choices: [{ label: "a", payload: "p:a" }, { label: "b", payload: "p:b" }] }], { candidates: [candidate("a", score), candidate("b", score)] });
    expect(classify(turn(), choice(0.5))).toBe("guess");
    expect(classify(turn(), choice(0.8))).toBeUndefined();
  });

  it("“not found” by its title; a pointer elsewhere, help and lookups are no unanswered questions", () => {
    expect(classify(turn(), outcome("unknown", [{ blocks: [{ title: messages.notFoundTitle, lines: [] }] }]))).toBe("not-found");
    expect(classify(turn(), outcome("unknown", [{ blocks: [{ title: messages.redirectTitle, lines: [] }] }]))).toBeUndefined();
    expect(classify(turn(), outcome("help", [{ blocks: [] }]))).toBeUndefined();
    expect(classify(turn(), outcome("status", [{ blocks: [] }], { receiptCode: "G09.20-20260609-0092637" }))).toBe("lookup");
  });
});
