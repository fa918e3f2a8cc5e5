/**
 * Questions to staff and the usage log in the records store: one contract, on SQLite and on
 * PostgreSQL. The claim is raced from separate connections, as two instances would.
 */
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { QuestionRepository } from "../src/handoff/questions.js";
import type { Records } from "../src/records/index.js";
import { buildReport, tableExists } from "../src/reports/report.js";
import { UsageLog } from "../src/reports/usage-log.js";
import { testRecords, type RecordsBackend, type TestRecords } from "./helpers/records.js";

const resident = { channel: "zalo", chatId: "z-1", userId: "z-1", displayName: "Nguyễn Văn A" };
const staff = (userId: string) => ({ channel: "telegram", chatId: "-100", userId, displayName: `Cán bộ ${userId}` });

describe.each<RecordsBackend>(["sqlite", "postgres"])("questions to staff in the records store (%s)", (backend) => {
  let store: TestRecords;
  let records: Records;
  let clock = 1_000_000;
  const now = () => clock;
  let questions: QuestionRepository;

  beforeEach(async () => {
    store = await testRecords(backend);
    records = store.records;
    questions = new QuestionRepository(records.database, now);
  });
  afterEach(async () => {
    await store.dispose();
  });

  const open = (origin?: string, relayDueAt = clock) => questions.open({ ...resident, language: "vi", text: "Cần giấy tờ gì?", origin, relayDueAt, procedureId: "dang-ky-khai-sinh" });

  it("opens a question once per incoming message, with its first message", async () => {
    const first = await open("question:zalo:z-1:m1");
    const again = await open("question:zalo:z-1:m1");
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.question.id).toBe(first.question.id);
    expect(again.message.id).toBe(first.message.id);
    expect(first.question).toMatchObject({ state: "open", channel: "zalo", chat_id: "z-1", display_name: "Nguyễn Văn A", procedure_id: "dang-ky-khai-sinh" });
    expect((await questions.firstMessage(first.question.id))?.text).toBe("Cần giấy tờ gì?");
    expect((await questions.openIn("zalo", "z-1"))?.id).toBe(first.question.id);
    expect(await questions.openIn("zalo", "other")).toBeUndefined();
  });

  it("lets exactly one of several staff members racing from separate connections take a question", async () => {
    const { question } = await open();
    const instances = [records, ...(await Promise.all([1, 2, 3, 4].map(() => store.reopen())))];
    const results = await Promise.all(instances.map((instance, index) => new QuestionRepository(instance.database, now).claim(question.id, staff(`s${index}`))));
    const winners = results.filter((result) => result.outcome === "claimed");
    expect(winners).toHaveLength(1);
    expect(results.filter((result) => result.outcome === "taken")).toHaveLength(4);
    const winner = (winners[0] as { question: { claimed_user: string } }).question.claimed_user;
    expect((await questions.claim(question.id, staff(winner))).outcome).toBe("mine");
    expect((await questions.get(question.id))?.claimed_user).toBe(winner);
    expect((await questions.claim(999_999, staff("s0"))).outcome).toBe("missing");
    expect((await questions.close(question.id, "resident"))?.state).toBe("closed");
    expect(await questions.close(question.id, "resident")).toBeUndefined();
    expect((await questions.claim(question.id, staff("s9"))).outcome).toBe("closed");
  });

  it("adds thread messages once per origin and keeps the times of the last messages", async () => {
    const { question } = await open();
    clock += 60_000;
    const follow = await questions.addMessage(question.id, "resident", resident, "Bé 2 tuổi", "thread:zalo:z-1:m2");
    const repeat = await questions.addMessage(question.id, "resident", resident, "Bé 2 tuổi", "thread:zalo:z-1:m2");
    expect(repeat.created).toBe(false);
    expect(repeat.message.id).toBe(follow.message.id);
    clock += 60_000;
    await questions.addMessage(question.id, "staff", staff("s1"), "Anh mang giấy chứng sinh.", "answer:telegram:-100:7");
    const stored = await questions.get(question.id);
    expect(stored?.last_resident_at).toBe(1_060_000);
    expect(stored?.last_staff_at).toBe(1_120_000);
    const { questions: listed, total } = await questions.listOpen(10);
    expect(total).toBe(1);
    expect(listed[0]).toMatchObject({ firstText: "Cần giấy tờ gì?", lastAuthor: "staff" });
  });

  it("keeps deliveries once per dedupe key, holds them until due, settles each once and drops held ones on close", async () => {
    const { question, message } = await open(undefined, clock + 3_600_000);
    const held = { questionId: question.id, messageId: message.id, purpose: "ask" as const, dedupeKey: `question:${question.id}:ask`, channel: "telegram", chatId: "-100", state: "held" as const, dueAt: clock + 3_600_000 };
    await questions.addDelivery(held);
    await questions.addDelivery({ ...held, state: "queued" });
    expect(await questions.dueHeld(clock, 10)).toEqual([]);
    const due = await questions.dueHeld(clock + 3_600_000, 10);
    expect(due).toHaveLength(1);
    expect(due[0]?.state).toBe("held");
    await questions.setDeliveryState([due[0]!.id], "held", "queued");
    expect((await questions.queued(10)).map((delivery) => delivery.dedupe_key)).toEqual([held.dedupeKey]);
    expect(await questions.settle(due[0]!.id, "sent", ["41", "42"], null)).toBe(true);
    expect(await questions.settle(due[0]!.id, "blocked", [], "again")).toBe(false);
    expect(await questions.queued(10)).toEqual([]);

    await questions.addDelivery({ ...held, dedupeKey: "later", purpose: "follow-up" });
    await questions.close(question.id, "resident");
    expect(await questions.dueHeld(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
  });

  it("maps staff-chat messages to their question, each message once", async () => {
    const { question } = await open();
    await questions.recordRelayIds(question.id, "telegram", "-100", ["41", "42"]);
    await questions.recordRelayIds(question.id, "telegram", "-100", ["42"]);
    expect(await questions.questionOfRelay("telegram", "-100", "42")).toBe(question.id);
    expect(await questions.questionOfRelay("telegram", "-200", "42")).toBeUndefined();
  });

  it("finds questions left unanswered, reminds each once, and closes answered ones left idle", async () => {
    const waiting = (await open("a")).question;
    const answered = (await open("b")).question;
    await questions.addMessage(answered.id, "staff", staff("s1"), "Đã trả lời", "x");
    clock += 3 * 3_600_000;
    const due = await questions.unansweredSince(clock - 2 * 3_600_000, 10);
    expect(due.map((question) => question.id)).toEqual([waiting.id]);
    const other = new QuestionRepository((await store.reopen()).database, now);
    const marks = await Promise.all([questions.markReminded(waiting.id), other.markReminded(waiting.id)]);
    expect(marks.filter(Boolean)).toHaveLength(1);
    expect(await questions.unansweredSince(clock, 10)).toEqual([]);
    expect(await questions.closeIdle(clock - 3_600_000)).toEqual([answered.id]);
    expect((await questions.get(waiting.id))?.state).toBe("open");
  });

  it("logs usage without personal data, once per origin, and links a search to the question it ended in", async () => {
    const usage = new UsageLog(records.database, now);
    const [first, second, third] = await Promise.all([
      usage.record({ channel: "zalo", kind: "not-found", text: "Tôi là Lê Văn B, 0912345678, xin phép karaoke", origin: "nf:zalo:z-1:1" }),
      usage.record({ channel: "zalo", kind: "not-found", text: "Tôi là Lê Văn B, 0912345678, xin phép karaoke", origin: "nf:zalo:z-1:1" }),
      usage.record({ channel: "telegram", kind: "view", procedureId: "dang-ky-ket-hon" }),
    ]);
    expect(second).toBe(first);
    expect(third).not.toBe(first);
    const { question } = await open();
    await usage.linkQuestion(first, question.id);
    const rows = await sql<{ kind: string; text: string | null; question_id: number | null; origin: string | null }>`select kind, text, question_id, origin from usage_log order by id`.execute(records.database.db);
    expect(rows.rows).toHaveLength(2);
    expect(rows.rows[0]).toMatchObject({ kind: "not-found", text: "toi la <ten> <sdt> xin phep karaoke", question_id: question.id });
    expect(rows.rows[0]?.origin).not.toContain("z-1");
    expect(rows.rows[1]).toMatchObject({ kind: "view", text: null });
  });

  it("tells what became of outbox messages by dedupe key", async () => {
    await records.outbox.enqueue([
      { channel: "telegram", chatId: "-100", body: { replies: [], language: "vi" }, kind: "relay", dedupeKey: "k1", giveUpAfterMs: 60_000 },
      { channel: "zalo", chatId: "z-1", body: { replies: [], language: "vi" }, kind: "relay", dedupeKey: "k2", giveUpAfterMs: 60_000 },
    ]);
    const [claimed] = await records.outbox.claimDue("telegram", "me", 60_000, 10, { minPriority: 1 });
    await records.outbox.finish([{ id: claimed!.id, state: "sent", messageIds: ["77", "78"] }]);
    const outcomes = await records.outbox.outcomesOf(["k1", "k2", "missing"]);
    expect(outcomes.sort((a, b) => a.dedupeKey.localeCompare(b.dedupeKey))).toEqual([
      { dedupeKey: "k1", state: "sent", messageIds: ["77", "78"], error: null },
      { dedupeKey: "k2", state: "pending", messageIds: [], error: null },
    ]);
    expect(await records.outbox.outcomesOf([])).toEqual([]);
  });

  it("reports other features' tables when they exist and says so when they do not", async () => {
    const period = { since: 0, until: 10_000_000 };
    // A store where those features are not installed (their migrations did not run).
    for (const table of ["subscriber_villages", "subscriber_topics", "subscribers", "dossier_ratings"]) {
      const drop = records.database.db.schema.dropTable(table).ifExists();
      await (records.database.dialect === "postgres" ? drop.cascade() : drop).execute();
    }
    const before = await buildReport(records.database, { period });
    expect(before.subscriptions).toEqual({ available: false, table: "subscribers" });
    expect(before.ratings).toEqual({ available: false, table: "dossier_ratings" });
    expect(await tableExists(records.database, "questions")).toBe(true);

    // The shapes issues #9 and #8 give these tables (only the columns the report reads).
    await sql`create table subscribers (channel text not null, chat_id text not null, subscribed_at bigint not null, unsubscribed_at bigint)`.execute(records.database.db);
    await sql`create table dossier_ratings (id integer, channel text not null, rating integer not null, rated_at bigint not null)`.execute(records.database.db);
    await sql`insert into subscribers values ('zalo', 'a', 100, null), ('zalo', 'b', 200, 300), ('telegram', 'c', 20000000, null)`.execute(records.database.db);
    await sql`insert into dossier_ratings values (1, 'zalo', 3, 500), (2, 'zalo', 3, 600), (3, 'telegram', 1, 700), (4, 'zalo', 2, 99999999)`.execute(records.database.db);
    const after = await buildReport(records.database, { period });
    expect(after.subscriptions).toEqual({ available: true, value: { active: { zalo: 1 }, joined: { zalo: 2 }, left: { zalo: 1 } } });
    expect(after.ratings).toEqual({ available: true, value: { "very-satisfied": { zalo: 2 }, dissatisfied: { telegram: 1 } } });
  });
});
