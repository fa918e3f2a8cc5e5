/**
 * Questions to staff end to end: the real app, pipeline and BOTH channels against the fake
 * Zalo (residents) and fake Telegram (the staff group) Bot APIs on loopback. The staff answer
 * by replying to the relayed message, as they would in Telegram.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { App } from "../src/app.js";
import { startFakeTelegram, textUpdate, type FakeTelegram, type UpdateInput } from "./fakes/telegram-api.js";
import { startFakeZalo, type FakeZalo } from "./fakes/zalo-api.js";
import { tempDir } from "./helpers/app.js";
import { handoffContent, STAFF_A, STAFF_B, STAFF_CHAT, startHandoffStack, testClock, type HandoffStack, type HandoffStackOptions } from "./helpers/handoff.js";
import { dropSchema, TEST_DATABASE_URL, type RecordsBackend } from "./helpers/records.js";

let content: ReturnType<typeof handoffContent>;
beforeAll(() => {
  content = handoffContent();
});
afterAll(() => content.remove());

const WAIT = { timeout: 15_000, interval: 25 };

interface World {
  telegram: FakeTelegram;
  zalo: FakeZalo;
  dataDir: ReturnType<typeof tempDir>;
  schema?: string;
  clock: ReturnType<typeof testClock>;
  stacks: HandoffStack[];
  start(options?: Partial<HandoffStackOptions>): Promise<HandoffStack>;
  close(): Promise<void>;
}

async function world(backend: RecordsBackend = "sqlite"): Promise<World> {
  const telegram = await startFakeTelegram();
  const zalo = await startFakeZalo();
  const dataDir = tempDir("motcua-handoff-e2e-");
  const schema = backend === "postgres" ? `t_${randomBytes(6).toString("hex")}` : undefined;
  const clock = testClock("2026-11-23", 9); // Monday 09:00, the desk is open
  const stacks: HandoffStack[] = [];
  return {
    telegram,
    zalo,
    dataDir,
    schema,
    clock,
    stacks,
    async start(options = {}) {
      const stack = await startHandoffStack({
        contentDir: content.dir,
        dataDir: dataDir.path,
        ...(schema ? { databaseUrl: TEST_DATABASE_URL, databaseSchema: schema } : {}),
        telegram,
        zalo,
        now: clock.now,
        ...options,
      });
      stacks.push(stack);
      return stack;
    },
    async close() {
      for (const stack of stacks) await stack.stop().catch(() => undefined);
      await telegram.close();
      await zalo.close();
      if (schema) await dropSchema(schema);
      dataDir.remove();
    },
  };
}

let zaloMessage = 0;
/** A resident writes to the bot on Zalo. */
function residentSays(w: World, chatId: string, text: string, displayName = "Nguyễn Văn A"): void {
  w.zalo.pushText({ chatId, text, displayName, messageId: `zm${++zaloMessage}` });
}

const zaloTexts = (w: World, chatId: string) => w.zalo.sentMessages().filter((message) => message.chat_id === chatId).map((message) => message.text);
const staffTexts = (w: World) => w.telegram.sentMessages().filter((message) => message.chat_id === STAFF_CHAT).map((message) => message.text);
const sentTo = (w: World, chatId: number) => w.telegram.sentMessages().filter((message) => message.chat_id === chatId).map((message) => message.text);

async function waitForText(read: () => string[], pattern: RegExp | string, count = 1): Promise<string[]> {
  return vi.waitFor(() => {
    const matching = read().filter((text) => (typeof pattern === "string" ? text.includes(pattern) : pattern.test(text)));
    if (matching.length < count) throw new Error(`waiting for ${count} × ${String(pattern)}; have: ${JSON.stringify(read().slice(-4))}`);
    return matching;
  }, WAIT);
}

/**
 * The Telegram message id of the latest relay in the staff chat whose dedupe key matches
 * (SQL LIKE), as the outbox recorded it when Telegram accepted it.
 */
async function relayMessageId(app: App, dedupeKey: string): Promise<number> {
  return vi.waitFor(async () => {
    const { rows } = await sql<{ message_ids: string | null }>`select message_ids from outbox where dedupe_key like ${dedupeKey} and state = 'sent' order by id desc`.execute(app.records.database.db);
    const ids = rows[0]?.message_ids ? (JSON.parse(rows[0].message_ids) as string[]) : [];
    if (ids.length === 0) throw new Error(`${dedupeKey} not sent yet`);
    return Number(ids[0]);
  }, WAIT);
}

/** Waits until the outbox recorded a final state for a message whose dedupe key matches. */
async function outboxState(app: App, dedupeKey: string, state: string): Promise<void> {
  await vi.waitFor(async () => {
    const { rows } = await sql<{ state: string }>`select state from outbox where dedupe_key like ${dedupeKey}`.execute(app.records.database.db);
    if (!rows.some((row) => row.state === state)) throw new Error(`${dedupeKey} not ${state} yet: ${JSON.stringify(rows)}`);
  }, WAIT);
}

let staffMessage = 90_000;
/** A staff member replies in the staff group to one of the bot's messages. */
function staffReplies(w: World, replyTo: number, text: string, userId = STAFF_A, firstName = "Lan") {
  const update = textUpdate(text, { chatId: STAFF_CHAT, userId, firstName, chatType: "supergroup", messageId: ++staffMessage });
  const message = update.message!;
  const replied = { message_id: replyTo, date: message.date, chat: message.chat, from: w.telegram.botInfo, text: "…", reply_to_message: undefined };
  return { ...update, message: { ...message, reply_to_message: replied } } as UpdateInput;
}

function staffCommand(text: string, userId = STAFF_A, chatId = STAFF_CHAT, firstName = "Lan") {
  return textUpdate(text, { chatId, userId, firstName, ...(chatId === STAFF_CHAT ? { chatType: "supergroup" as const } : {}), messageId: ++staffMessage });
}

/** Opens a question from a Zalo chat; returns its reference. */
async function ask(w: World, chatId: string, question: string): Promise<number> {
  residentSays(w, chatId, "hỏi cán bộ");
  await waitForText(() => zaloTexts(w, chatId), "Bạn hãy viết câu hỏi");
  residentSays(w, chatId, question);
  const [sent] = await waitForText(() => zaloTexts(w, chatId), "Đã gửi câu hỏi #");
  return Number(/#(\d+)/.exec(sent ?? "")?.[1]);
}

describe.each<RecordsBackend>(["sqlite", "postgres"])("a Zalo resident asks, Telegram staff answer (%s)", (backend) => {
  let w: World;
  afterEach(async () => w?.close());

  it("relays the question to the staff group, the reply comes back on Zalo, and the thread goes on both ways", async () => {
    w = await world(backend);
    const { app } = await w.start();
    const ref = await ask(w, "z100", "Em muốn đăng ký kết hôn với người nước ngoài thì nộp ở xã được không?");
    const [relay] = await waitForText(() => staffTexts(w), `Câu hỏi #${ref} · Zalo · Nguyễn Văn A`);
    expect(relay).toContain("Em muốn đăng ký kết hôn với người nước ngoài");

    w.telegram.pushUpdate(staffReplies(w, await relayMessageId(app, `question:${ref}:ask`), "Được, em mang hộ chiếu của người kia và giấy xác nhận độc thân."));
    const [answer] = await waitForText(() => zaloTexts(w, "z100"), `Cán bộ Bộ phận Một cửa trả lời (câu hỏi #${ref})`);
    expect(answer).toContain("Được, em mang hộ chiếu của người kia");
    await waitForText(() => staffTexts(w), `Đã gửi trả lời cho câu hỏi #${ref} tới Nguyễn Văn A (Zalo)`);

    residentSays(w, "z100", "Dạ, hộ chiếu có cần dịch không ạ?");
    await waitForText(() => zaloTexts(w, "z100"), `Đã chuyển tới cán bộ (câu hỏi #${ref})`);
    await waitForText(() => staffTexts(w), "nhắn thêm:");
    // A reply to the follow-up answers the same question.
    w.telegram.pushUpdate(staffReplies(w, await relayMessageId(app, `question:${ref}:msg:%`), "Có, cần dịch và chứng thực."));
    await waitForText(() => zaloTexts(w, "z100"), "Có, cần dịch và chứng thực.");

    w.telegram.pushUpdate(staffReplies(w, await relayMessageId(app, `question:${ref}:ask`), "/xong"));
    await waitForText(() => zaloTexts(w, "z100"), `Cán bộ đã kết thúc câu hỏi #${ref}`);
    expect(zaloTexts(w, "z100").filter((text) => text.includes("trả lời (câu hỏi"))).toHaveLength(2);
  });
});

describe("questions to staff on both channels", () => {
  let w: World;
  afterEach(async () => w?.close());

  it("lets one of two staff members answering at the same moment win; the other is told who took it", async () => {
    w = await world();
    const { app } = await w.start();
    const ref = await ask(w, "z200", "Cho hỏi làm sổ hộ kinh doanh mất bao lâu?");
    const relayId = await relayMessageId(app, `question:${ref}:ask`);
    // Two private chats with the bot (handled concurrently) and a reply in the group, in one batch.
    w.telegram.pushUpdate(staffCommand(`/tl ${ref} Trả lời của Lan`, STAFF_A, STAFF_A, "Lan"));
    w.telegram.pushUpdate(staffCommand(`/tl ${ref} Trả lời của Minh`, STAFF_B, STAFF_B, "Minh"));
    w.telegram.pushUpdate(staffReplies(w, relayId, "Trả lời trong nhóm", STAFF_B, "Minh"));
    const answersOf = () => zaloTexts(w, "z200").filter((text) => text.includes("trả lời (câu hỏi"));
    await vi.waitFor(() => {
      const answered = [...sentTo(w, STAFF_A), ...sentTo(w, STAFF_B), ...staffTexts(w)];
      if (answered.filter((text) => /Đã gửi trả lời|đã do .* nhận trả lời/.test(text)).length < 3) throw new Error("waiting for the three answers to be judged");
      // Relays to the resident are spaced a second apart (ZALO_CHAT_INTERVAL_MS): they may come after the judgments.
      if (answersOf().length === 0) throw new Error("waiting for the answer to reach the resident");
    }, WAIT);
    const winner = answersOf()[0]!.includes("Trả lời của Lan") ? "Lan" : "Minh";
    if (winner === "Minh") await vi.waitFor(() => expect(answersOf()).toHaveLength(2), WAIT);
    const answers = answersOf();
    // The winner may answer again (the group reply, if it was theirs); nobody else reaches the resident.
    expect(answers.every((text) => text.includes(winner === "Lan" ? "Lan" : "Minh") || text.includes("Trả lời trong nhóm"))).toBe(true);
    const taken = [...sentTo(w, STAFF_A), ...sentTo(w, STAFF_B), ...staffTexts(w)].filter((text) => text.includes(`Câu hỏi #${ref} đã do ${winner} nhận trả lời`));
    expect(taken.length).toBeGreaterThanOrEqual(1);
    if (winner === "Lan") expect(answers).toHaveLength(1);
    else expect(answers).toHaveLength(2);
    // The group learns who took it when the answer came from a private chat.
    await waitForText(() => staffTexts(w), `Câu hỏi #${ref} đã được ${winner} nhận trả lời`);
  });

  it("holds a question asked on Sunday and relays it when the desk opens on Monday", async () => {
    w = await world();
    w.clock.set("2026-11-22", 10, 0);
    const { app } = await w.start();
    const ref = await ask(w, "z300", "Chủ nhật có ai trực không?");
    expect(zaloTexts(w, "z300").join("\n")).toContain("Câu hỏi được giữ lại và chuyển cho cán bộ lúc 7:30 ngày mai (thứ Hai 23/11/2026)");
    await app.handoff.jobs.tick();
    expect(staffTexts(w).filter((text) => text.includes(`#${ref}`))).toEqual([]);
    w.clock.set("2026-11-23", 7, 31);
    await app.handoff.jobs.tick();
    const [relay] = await waitForText(() => staffTexts(w), `Câu hỏi #${ref}`);
    expect(relay).toContain("Gửi ngoài giờ làm việc, lúc 22/11/2026 10:00");
  });

  it("refuses a question beyond the hourly limit on Zalo", async () => {
    w = await world();
    await w.start({ config: { QUESTIONS_PER_HOUR: 1 } });
    await ask(w, "z400", "Câu hỏi thứ nhất");
    residentSays(w, "z400", "xong");
    await waitForText(() => zaloTexts(w, "z400"), "Đã kết thúc câu hỏi");
    residentSays(w, "z400", "hỏi cán bộ");
    await waitForText(() => zaloTexts(w, "z400"), "Bạn đã mở 1 câu hỏi gửi cán bộ trong một giờ qua");
    await waitForText(() => staffTexts(w), "kết thúc câu hỏi");
    expect(staffTexts(w).filter((text) => text.includes("❓ Câu hỏi"))).toHaveLength(1);
  });

  it("loses nothing and repeats nothing across restarts: a relay still owed, a reply sent while the bot was down", async () => {
    w = await world();
    // The first run serves residents on Zalo only: the relay to the staff group stays owed in the outbox.
    const first = await w.start({ withoutTelegram: true });
    const ref = await ask(w, "z500", "Mất giấy khai sinh làm lại ở đâu?");
    await first.stop();
    expect(staffTexts(w)).toEqual([]);

    const second = await w.start();
    await waitForText(() => staffTexts(w), `Câu hỏi #${ref} · Zalo`);
    const relayId = await relayMessageId(second.app, `question:${ref}:ask`);
    await second.stop();

    // The staff member replies while no bot runs; the next one finds the question by the message replied to.
    w.telegram.pushUpdate(staffReplies(w, relayId, "Anh mang căn cước đến xã nơi đã đăng ký khai sinh."));
    await w.start();
    await waitForText(() => zaloTexts(w, "z500"), "Anh mang căn cước đến xã nơi đã đăng ký khai sinh.");
    await waitForText(() => staffTexts(w), `Đã gửi trả lời cho câu hỏi #${ref}`);
    expect(staffTexts(w).filter((text) => text.includes(`Câu hỏi #${ref} · Zalo`))).toHaveLength(1);
    expect(zaloTexts(w, "z500").filter((text) => text.includes("trả lời (câu hỏi"))).toHaveLength(1);
    expect(zaloTexts(w, "z500").filter((text) => text.includes("Đã gửi câu hỏi"))).toHaveLength(1);
  });

  it("tells the staff when the answer cannot be delivered because the resident blocked the bot", async () => {
    w = await world();
    const { app } = await w.start();
    const ref = await ask(w, "z600", "Hộ nghèo có được miễn lệ phí không?");
    const relayId = await relayMessageId(app, `question:${ref}:ask`);
    w.zalo.failNext("sendMessage", { error_code: 403, description: "Forbidden: the user has blocked the bot" });
    w.telegram.pushUpdate(staffReplies(w, relayId, "Có, hộ nghèo được miễn."));
    await outboxState(app, `question:${ref}:answer:%`, "blocked");
    expect(await app.records.chats.blocked("zalo", "z600")).toBeDefined();
    await app.handoff.jobs.tick();
    await waitForText(() => staffTexts(w), `Không gửi được trả lời cho câu hỏi #${ref}: người dân đã chặn bot`);
  });
});
