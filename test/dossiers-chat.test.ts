import { afterEach, describe, expect, it } from "vitest";
import { createApp, type App } from "../src/app.js";
import type { Outcome } from "../src/core/types.js";
import { createMemoryStore, createStore, type KeyValueStore } from "../src/storage/store.js";
import { replyText, tempDir, testConfig } from "./helpers/app.js";
import { at, dossierData } from "./helpers/dossiers.js";
import { testRecords, type RecordsBackend, type TestRecords } from "./helpers/records.js";

const CODE = "G09.20-20260609-0092637";

function payloads(outcome: Outcome): string[] {
  return (outcome.replies.at(-1)?.choices ?? []).map((choice) => choice.payload);
}

describe.each<RecordsBackend>(["sqlite", "postgres"])("dossier status in the chat on %s", (backend) => {
  let opened: TestRecords | undefined;
  const apps: App[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.dossiers.stop();
    await opened?.dispose();
    opened = undefined;
  });

  async function start(extra: Record<string, unknown> = {}, store: KeyValueStore = createMemoryStore()) {
    opened ??= await testRecords(backend);
    const app = await createApp({
      config: { ...testConfig, STAFF_TELEGRAM_IDS: "900", DOSSIER_LOOKUPS_PER_HOUR: 4, DOSSIER_LOOKUPS_PER_DAY: 6, ...extra },
      store,
      records: opened.records,
    });
    apps.push(app);
    return app;
  }

  function user(app: App, channel: "telegram" | "zalo" = "telegram", id = "42") {
    const base = { channel, chatId: id, userId: id };
    return {
      say: (text: string) => app.core.handle({ ...base, kind: "text", text }),
      pick: (choice: string) => app.core.handle({ ...base, kind: "choice", choice }),
    };
  }

  async function outboxFor(chatId: string) {
    return opened!.records.database.db.selectFrom("outbox").selectAll().where("chat_id", "=", chatId).where("kind", "=", "notice").orderBy("id").execute();
  }

  it("answers a code found anywhere in a message with status, dates, timeliness and next steps, and nothing personal", async () => {
    const app = await start();
    await app.dossiers.services.updates.apply(
      [dossierData(CODE, { status: 5, note: "Bản sao giấy khai sinh", applicant: "Lê V. C.", dueAt: at("2026-02-13", 0) })],
      { source: "import" },
    );
    const outcome = await user(app).say("hồ sơ g09.20 – 20260609 – 0092637. đến đâu rồi ạ");
    expect(outcome).toMatchObject({ intent: "status", receiptCode: CODE });
    const text = replyText(outcome);
    expect(text).toContain("Cần bổ sung hồ sơ");
    expect(text).toContain("Giấy tờ cần bổ sung: Bản sao giấy khai sinh");
    expect(text).toContain("Ngày hẹn trả kết quả: 13/02/2026");
    expect(text).toContain("Người nộp: Lê V. C.");
    expect(payloads(outcome)).toEqual([expect.stringMatching(/^hs:f:\d+$/)]);

    const slash = await user(app, "zalo", "z1").say(`/hoso ${CODE}`);
    expect(slash.receiptCode).toBe(CODE);
    expect(replyText(slash)).toContain("Cần bổ sung hồ sơ");
  });

  it("gives every unknown code the same neutral answer and asks for the code where it is printed", async () => {
    const app = await start();
    await app.dossiers.services.updates.apply([dossierData(CODE)], { source: "import" });
    const near = await user(app).say("G09.20-20260609-0092638");
    const far = await user(app).say("000.00.15.H31-251002-0007");
    expect(replyText(near)).toBe(replyText(far));
    expect(replyText(near)).toContain("không tìm thấy");
    expect(replyText(near)).not.toContain(CODE);
    const ask = await user(app).say("tra cứu hồ sơ");
    expect(replyText(ask)).toContain("Giấy tiếp nhận hồ sơ và hẹn trả kết quả");
    expect(replyText(await user(app).say("mã G09.20-2026 của tôi"))).toContain("chưa đúng dạng");
  });

  it("limits lookups per user, shared by instances and kept across a restart; staff are not limited", async () => {
    const dir = tempDir("motcua-limits-");
    const first = await start({}, createStore({ dataDir: dir.path }));
    for (let attempt = 0; attempt < 4; attempt++) expect(replyText(await user(first).say(CODE))).toContain("không tìm thấy");
    await first.store.close();
    // A restarted instance on the same store still remembers.
    const second = await start({}, createStore({ dataDir: dir.path }));
    expect(replyText(await user(second).say(CODE))).toContain("tra cứu nhiều lần");
    expect(replyText(await user(second, "telegram", "43").say(CODE))).toContain("không tìm thấy");
    for (let attempt = 0; attempt < 8; attempt++) expect(replyText(await user(second, "telegram", "900").say(CODE))).toContain("không tìm thấy");
    await second.store.close();
    dir.remove();
  });

  it("follows after a lookup, tells the follower once per real change (import and staff), and asks for a rating once", async () => {
    const app = await start();
    await app.dossiers.services.updates.apply([dossierData(CODE)], { source: "import" });
    const citizen = user(app, "zalo", "z9");
    const lookup = await citizen.say(CODE);
    // On Zalo the follow choice is picked by typing its number.
    const followed = await citizen.say("1");
    expect(replyText(followed)).toContain("Đã theo dõi");
    const dossier = (await app.dossiers.services.store.find(CODE))!;
    expect(payloads(lookup)).toEqual([`hs:f:${dossier.id}`]);

    const staff = user(app, "telegram", "900");
    expect(replyText(await staff.say(`/trangthai ${CODE} 9`))).toContain("Đã xếp 1 tin báo");
    expect(replyText(await staff.say(`/trangthai ${CODE} 9`))).toContain("không có thay đổi");
    expect(replyText(await user(app, "telegram", "77").say(`/trangthai ${CODE} 10`))).toContain("chỉ dành cho cán bộ");
    const audit = await opened!.records.audit.recent(5);
    expect(audit.map((entry) => [entry.userId, entry.action])).toEqual([["900", "dossiers.status"], ["900", "dossiers.status"]]);

    const notices = await outboxFor("z9");
    expect(notices).toHaveLength(1);
    const notice = JSON.parse(notices[0]!.body);
    expect(notice.replies[0].choices.map((choice: { label: string }) => choice.label)).toEqual(["Rất hài lòng", "Hài lòng", "Không hài lòng"]);

    // The citizen answers the notice by number: 3 = Không hài lòng, then a reason.
    const rated = await citizen.say("3");
    expect(replyText(rated)).toContain("lý do");
    expect(replyText(await citizen.say("Phải đi lại hai lần"))).toContain("ghi nhận");
    const [rating] = await app.dossiers.services.ratings.export();
    expect(rating).toMatchObject({ code: CODE, rating: 1, reason: "Phải đi lại hai lần" });

    // Returned: one more notice, no second rating question, following ends.
    await app.dossiers.services.updates.apply([dossierData(CODE, { status: 10, returnedAt: at("2026-02-12", 9) })], { source: "import" });
    const after = await outboxFor("z9");
    expect(after).toHaveLength(2);
    expect(JSON.parse(after[1]!.body).replies[0].choices).toBeUndefined();
    expect(await app.dossiers.services.followers.isFollowing(dossier.id, "zalo", "z9")).toBe(false);
    expect(replyText(await citizen.pick(`hs:r:${dossier.id}:3`))).toContain("đã đánh giá");
  });

  it("refuses forged choices for dossiers the chat never looked up", async () => {
    const app = await start();
    await app.dossiers.services.updates.apply([dossierData(CODE, { status: 9 })], { source: "import" });
    const dossier = (await app.dossiers.services.store.find(CODE))!;
    const stranger = user(app, "telegram", "666");
    expect(replyText(await stranger.pick(`hs:f:${dossier.id}`))).toContain("hết hạn");
    expect(replyText(await stranger.pick(`hs:v:${dossier.id}`))).toContain("hết hạn");
    expect(replyText(await stranger.pick(`hs:r:${dossier.id}:1`))).toContain("hết hạn");
    expect(replyText(await stranger.pick("hs:f:999999"))).toContain("hết hạn");
    expect(await app.dossiers.services.ratings.export()).toEqual([]);
  });

  it("unfollows by text and lists followed dossiers when asked without a code", async () => {
    const app = await start();
    const other = "000.00.15.H31-251002-0007";
    await app.dossiers.services.updates.apply([dossierData(CODE), dossierData(other)], { source: "import" });
    const citizen = user(app);
    expect(replyText(await citizen.say(`theo dõi hồ sơ ${CODE}`))).toContain("Đã theo dõi");
    expect(replyText(await citizen.say(`theo doi ${other}`))).toContain("Đã theo dõi");
    const mine = await citizen.say("hồ sơ của tôi đến đâu rồi");
    expect(mine.replies[0]?.choices?.map((choice) => choice.label)).toEqual([`Xem ${other}`, `Xem ${CODE}`]);
    const which = await citizen.say("bỏ theo dõi hồ sơ");
    expect(which.replies[0]?.choices).toHaveLength(2);
    expect(replyText(await citizen.say(`huỷ theo dõi hồ sơ ${CODE}`))).toContain(`Đã bỏ theo dõi hồ sơ ${CODE}`);
    expect(replyText(await citizen.say("bỏ theo dõi hồ sơ"))).toContain(`Đã bỏ theo dõi hồ sơ ${other}`);
    expect(replyText(await citizen.say("bỏ theo dõi hồ sơ"))).toContain("không theo dõi");
  });
});
