import { describe, expect, it } from "vitest";
import { replyToPlainText } from "../src/core/types.js";
import type { Records } from "../src/records/index.js";
import { at, dossierData, dossierStores } from "./helpers/dossiers.js";
import type { RecordsBackend } from "./helpers/records.js";

const CODE = "G09.20-20260609-0092637";
const OTHER = "000.00.15.H31-251002-0007";

async function outboxRows(records: Records, ref?: string) {
  let query = records.database.db.selectFrom("outbox").selectAll().orderBy("id");
  if (ref) query = query.where("ref", "=", ref);
  return query.execute();
}

const openStore = dossierStores();

describe.each<RecordsBackend>(["sqlite", "postgres"])("dossier store on %s", (backend) => {
  const setup = () => openStore(backend);

  it("inserts, then leaves equal data alone, updates other fields quietly and versions status changes", async () => {
    const { services } = await setup();
    const { updates, store } = services;
    expect(await updates.apply([dossierData(CODE), dossierData(OTHER)], { source: "import" })).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, statusChanges: 0 });
    expect(await updates.apply([dossierData(CODE)], { source: "import" })).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });

    const moved = dossierData(CODE, { dueAt: at("2026-02-27", 0) });
    expect(await updates.apply([moved], { source: "import" })).toMatchObject({ updated: 1, statusChanges: 0 });
    expect((await store.find(CODE))?.version).toBe(1);

    expect(await updates.apply([{ ...moved, status: 5, note: "Bản sao giấy khai sinh" }], { source: "import" })).toMatchObject({ updated: 1, statusChanges: 1 });
    const after = await store.find(CODE);
    expect(after).toMatchObject({ status: 5, version: 2, note: "Bản sao giấy khai sinh", dueAt: at("2026-02-27", 0) });
    const history = await store.history(after!.id);
    expect(history.map((entry) => [entry.version, entry.status])).toEqual([[2, 5], [1, 4]]);
    expect(await store.count()).toBe(2);
  });

  it("sends each active follower exactly one notice per real change, also when the change is seen again by another instance", async () => {
    const { services, records, clock, reopen } = await setup();
    await services.updates.apply([dossierData(CODE)], { source: "import" });
    const dossier = (await services.store.find(CODE))!;
    expect(await services.followers.follow(dossier.id, { channel: "telegram", chatId: "42", userId: "42", language: "vi" })).toBe("followed");
    expect(await services.followers.follow(dossier.id, { channel: "telegram", chatId: "42", userId: "42", language: "vi" })).toBe("already");
    await services.followers.follow(dossier.id, { channel: "zalo", chatId: "z-1", userId: "z-1", language: "en" });

    clock.advance(60_000);
    const changed = dossierData(CODE, { status: 5, note: "Bản sao CCCD" });
    expect(await services.updates.apply([changed], { source: "import" })).toMatchObject({ statusChanges: 1, notices: 2 });

    // A second instance (another connection) sees the same register again: nothing new.
    const second = await reopen();
    expect(await second.updates.apply([changed], { source: "import" })).toMatchObject({ unchanged: 1, notices: 0 });

    const rows = await outboxRows(records, `dossier:${dossier.id}`);
    expect(rows.map((row) => [row.channel, row.chat_id, row.kind, row.state])).toEqual([
      ["telegram", "42", "notice", "pending"],
      ["zalo", "z-1", "notice", "pending"],
    ]);
    expect(rows[0]?.dedupe_key).toBe(`dossier:${dossier.id}:v2:telegram:42`);
    const body = JSON.parse(rows[0]!.body) as { replies: Parameters<typeof replyToPlainText>[0][]; language: string };
    const text = replyToPlainText(body.replies[0]!);
    expect(text).toContain("Cần bổ sung hồ sơ");
    expect(text).toContain("Bản sao CCCD");
    expect(text).not.toContain("Nguyễn Văn");
    expect(JSON.parse(rows[1]!.body).language).toBe("en");
  });

  it("asks followers to rate once when the result is ready, and ends following when it is returned", async () => {
    const { services, records, clock } = await setup();
    await services.updates.apply([dossierData(CODE)], { source: "import" });
    const dossier = (await services.store.find(CODE))!;
    await services.followers.follow(dossier.id, { channel: "telegram", chatId: "42", userId: "42", language: "vi" });
    clock.advance(1_000);
    await services.updates.apply([dossierData(CODE, { status: 9, resultAt: at("2026-02-12", 8) })], { source: "import" });
    const notice = await services.followers.latestNotice("telegram", "42", 0);
    expect(notice).toMatchObject({ dossierId: dossier.id, askedRating: true });
    clock.advance(1_000);
    await services.updates.apply([dossierData(CODE, { status: 10, resultAt: at("2026-02-12", 8), returnedAt: at("2026-02-12", 9) })], { source: "import" });

    const rows = await outboxRows(records, `dossier:${dossier.id}`);
    const choices = rows.map((row) => (JSON.parse(row.body).replies[0].choices ?? []).map((choice: { payload: string }) => choice.payload));
    expect(choices).toEqual([[`hs:r:${dossier.id}:3`, `hs:r:${dossier.id}:2`, `hs:r:${dossier.id}:1`], []]);
    expect(await services.followers.isFollowing(dossier.id, "telegram", "42")).toBe(false);

    // After following ended, a later change notifies nobody.
    await services.updates.apply([dossierData(CODE, { status: 4 })], { source: "import" });
    expect(await outboxRows(records, `dossier:${dossier.id}`)).toHaveLength(2);
  });

  it("lets staff set one status with the actor in the history, and reports unknown codes", async () => {
    const { services, records } = await setup();
    await services.updates.apply([dossierData(CODE)], { source: "import" });
    const result = await services.updates.setStatus(CODE, 9, null, "telegram:1");
    expect(result?.change).toMatchObject({ previous: 4, dossier: { status: 9, version: 2, source: "staff" } });
    expect((await services.store.find(CODE))?.resultAt).not.toBeNull();
    expect(await services.updates.setStatus(CODE, 9, null, "telegram:1")).toMatchObject({ notices: 0, change: { previous: 9 } });
    expect(await services.updates.setStatus("X1.00-250101-0001", 9, null, "telegram:1")).toBeUndefined();
    const actors = await records.database.db.withTables<{ dossier_history: { actor: string | null; version: number } }>().selectFrom("dossier_history").select(["actor", "version"]).orderBy("version").execute();
    expect(actors).toEqual([{ actor: null, version: 1 }, { actor: "telegram:1", version: 2 }]);
  });

  it("keeps one rating per dossier and user, with a reason once, and exports them in time order", async () => {
    const { services, clock } = await setup();
    await services.updates.apply([dossierData(CODE, { status: 10 }), dossierData(OTHER, { status: 9, procedureCode: "2.000815" })], { source: "import" });
    const first = (await services.store.find(CODE))!;
    const second = (await services.store.find(OTHER))!;
    const id = await services.ratings.rate(first.id, "telegram", "42", 1);
    expect(id).toBeTypeOf("number");
    expect(await services.ratings.rate(first.id, "telegram", "42", 3)).toBeUndefined();
    expect(await services.ratings.setReason(id!, "Chờ lâu")).toBe(true);
    expect(await services.ratings.setReason(id!, "Sửa lại")).toBe(false);
    clock.advance(5_000);
    await services.ratings.rate(second.id, "zalo", "z", 3);
    const rows = await services.ratings.export();
    expect(rows).toEqual([
      { code: CODE, procedureCode: "1.004873", rating: 1, reason: "Chờ lâu", ratedAt: clock.now() - 5_000 },
      { code: OTHER, procedureCode: "2.000815", rating: 3, reason: null, ratedAt: clock.now() },
    ]);
    expect(await services.ratings.export({ from: clock.now() })).toHaveLength(1);
  });

  it("caps how many dossiers one chat follows and lets it unfollow", async () => {
    const { records, clock } = await setup();
    const { createDossierServices } = await import("../src/dossiers/services.js");
    const { FIXTURE_CATALOG } = await import("./helpers/dossiers.js");
    const { FIXTURE_CALENDAR } = await import("./helpers/holidays.js");
    const services = createDossierServices({ records, catalog: FIXTURE_CATALOG, calendar: FIXTURE_CALENDAR, now: clock.now, maxFollowedPerChat: 1 });
    await services.updates.apply([dossierData(CODE), dossierData(OTHER)], { source: "import" });
    const [a, b] = [(await services.store.find(CODE))!, (await services.store.find(OTHER))!];
    const chat = { channel: "zalo" as const, chatId: "c", userId: "c", language: "vi" as const };
    expect(await services.followers.follow(a.id, chat)).toBe("followed");
    expect(await services.followers.follow(b.id, chat)).toBe("limit");
    expect(await services.followers.unfollow(a.id, "zalo", "c")).toBe(true);
    expect(await services.followers.unfollow(a.id, "zalo", "c")).toBe(false);
    expect(await services.followers.follow(b.id, chat)).toBe("followed");
  });
});

describe("dossier store on postgres, two instances at once", () => {
  const setup = () => openStore("postgres");

  // Two connections writing at once in ONE process cannot be shown on SQLite: its driver is
  // synchronous, so one connection's busy wait would block the other's commit. Across processes
  // BEGIN IMMEDIATE makes them take turns; sequential re-application is tested above.
  it("stores one notice per follower when two instances apply the same change at once", async () => {
    const { services, records, reopen } = await setup();
    await services.updates.apply([dossierData(CODE)], { source: "import" });
    const dossier = (await services.store.find(CODE))!;
    await services.followers.follow(dossier.id, { channel: "telegram", chatId: "7", userId: "7", language: "vi" });
    const other = await reopen();
    const ready = dossierData(CODE, { status: 9, resultAt: at("2026-02-12", 8) });
    const results = await Promise.all([services.updates.apply([ready], { source: "http" }), other.updates.apply([ready], { source: "http" })]);
    expect(results.map((result) => result.statusChanges).sort()).toEqual([0, 1]);
    expect(await outboxRows(records, `dossier:${dossier.id}`)).toHaveLength(1);
    expect((await services.store.history(dossier.id)).map((entry) => entry.status)).toEqual([9, 4]);
  });
});
