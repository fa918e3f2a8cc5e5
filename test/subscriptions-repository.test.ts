import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { SubscriberRepository } from "../src/subscriptions/repository.js";
import type { AudienceFilter } from "../src/subscriptions/types.js";
import { testRecords, type RecordsBackend, type TestRecords } from "./helpers/records.js";

/** The subscriptions contract on both records stores: the embedded SQLite file and PostgreSQL. */
const backends: RecordsBackend[] = ["sqlite", "postgres"];
const ALL: AudienceFilter = { villages: [], topics: [] };

let store: TestRecords | undefined;
afterEach(async () => {
  await store?.dispose();
  store = undefined;
});

describe.each(backends)("subscriptions contract: %s", (backend) => {
  let clock = 1_000;
  const open = async () => {
    clock = 1_000;
    store = await testRecords(backend);
    return new SubscriberRepository(store.records.database, () => clock);
  };
  const resident = (chatId: string, language: "vi" | "en" = "vi") => ({ channel: "telegram" as const, chatId, userId: chatId, language });

  it("subscribes once, keeps the row on unsubscribe and starts over on return", async () => {
    const repo = await open();
    expect(await repo.subscribe(resident("1", "en"))).toBe("subscribed");
    expect(await repo.subscribe(resident("1", "en"))).toBe("already");
    expect(await repo.setVillages("telegram", "1", ["thon-a"])).toBe(true);
    clock = 2_000;
    expect(await repo.unsubscribe("telegram", "1")).toBe(true);
    expect(await repo.unsubscribe("telegram", "1")).toBe(false);
    const ended = await repo.find("telegram", "1");
    expect(ended).toMatchObject({ active: false, unsubscribedAt: 2_000, unsubscribedReason: "resident", language: "en", villages: ["thon-a"] });
    expect(await repo.setTopics("telegram", "1", ["land"])).toBe(false);
    clock = 3_000;
    expect(await repo.subscribe(resident("1", "vi"))).toBe("subscribed");
    expect(await repo.find("telegram", "1")).toMatchObject({ active: true, subscribedAt: 3_000, language: "vi", villages: [], topics: [] });
    expect(await repo.counts()).toEqual({ active: 1, left: 0, blocked: 0 });
  });

  it("reaches subscribers by the targeting rule: an empty list means all", async () => {
    const repo = await open();
    await repo.subscribe(resident("all"));
    await repo.subscribe(resident("a-only"));
    await repo.setVillages("telegram", "a-only", ["thon-a"]);
    await repo.subscribe(resident("b-land"));
    await repo.setVillages("telegram", "b-land", ["thon-b"]);
    await repo.setTopics("telegram", "b-land", ["land"]);
    await repo.subscribe(resident("gone"));
    await repo.unsubscribe("telegram", "gone");

    const ids = async (filter: AudienceFilter) => (await repo.page(filter, 0, 10)).subscribers.map((s) => s.chatId);
    expect(await repo.count(ALL)).toBe(3);
    expect(await ids(ALL)).toEqual(["all", "a-only", "b-land"]);
    expect(await ids({ villages: ["thon-a"], topics: [] })).toEqual(["all", "a-only"]);
    expect(await ids({ villages: ["thon-b"], topics: ["civil-status"] })).toEqual(["all"]);
    expect(await ids({ villages: ["thon-b"], topics: ["land"] })).toEqual(["all", "b-land"]);
    expect(await ids({ villages: [], topics: ["land", "business"] })).toEqual(["all", "a-only", "b-land"]);
    expect(await repo.count({ villages: ["thon-c"], topics: [] })).toBe(1);
  });

  it("pages an audience in id order with the choices and language of each subscriber", async () => {
    const repo = await open();
    for (let i = 0; i < 5; i++) await repo.subscribe(resident(`c${i}`, i === 3 ? "en" : "vi"));
    await repo.setTopics("telegram", "c3", ["land", "business"]);
    const first = await repo.page(ALL, 0, 2);
    expect(first.subscribers.map((s) => s.chatId)).toEqual(["c0", "c1"]);
    const second = await repo.page(ALL, first.nextAfterId ?? -1, 2);
    expect(second.subscribers.map((s) => s.chatId)).toEqual(["c2", "c3"]);
    expect(second.subscribers[1]).toMatchObject({ language: "en", topics: ["business", "land"], villages: [], channel: "telegram" });
    const last = await repo.page(ALL, second.nextAfterId ?? -1, 2);
    expect(last.subscribers.map((s) => s.chatId)).toEqual(["c4"]);
    expect(last.nextAfterId).toBeNull();
    const exact = await repo.page(ALL, 0, 5);
    expect(exact.nextAfterId).toBeNull();
  });

  it("unsubscribes a chat that blocked the bot, keeps the row and counts it apart", async () => {
    const repo = await open();
    await repo.subscribe(resident("blocker"));
    await repo.subscribe(resident("leaver"));
    await repo.subscribe(resident("stayer"));
    await repo.unsubscribe("telegram", "leaver");
    await repo.unsubscribeBlocked("telegram", "blocker", "Forbidden: bot was blocked by the user");
    await repo.unsubscribeBlocked("telegram", "never-subscribed", "kicked");
    expect(await repo.find("telegram", "blocker")).toMatchObject({ active: false, unsubscribedReason: "Forbidden: bot was blocked by the user" });
    expect(await repo.find("telegram", "never-subscribed")).toBeUndefined();
    expect(await repo.counts()).toEqual({ active: 1, left: 1, blocked: 1 });
    expect(await repo.count(ALL)).toBe(1);
  });

  it("keeps one row when two subscribes of the same chat race", async () => {
    const repo = await open();
    // Two instances share PostgreSQL; an SQLite file has one process with one connection, whose
    // synchronous driver would block itself waiting for a second connection's transaction.
    const other = backend === "postgres" ? new SubscriberRepository((await store!.reopen()).database, () => clock) : repo;
    const results = await Promise.all([repo.subscribe(resident("race")), other.subscribe(resident("race"))]);
    expect(results.sort()).toEqual(["already", "subscribed"]);
    expect(await repo.count(ALL)).toBe(1);
  });

  it("upgrades a store migrated before subscriptions existed (003 added after 004 and 005 ran)", async () => {
    await open();
    const db = store!.records.database.db;
    // The store as the previous release left it: no subscription tables, no record of 003.
    for (const table of ["subscriber_villages", "subscriber_topics", "subscribers"]) {
      const drop = db.schema.dropTable(table);
      await (backend === "postgres" ? drop.cascade() : drop).execute();
    }
    await sql`delete from kysely_migration where name = '003-subscriptions'`.execute(db);
    const repo = new SubscriberRepository((await store!.reopen()).database, () => clock);
    expect(await repo.subscribe(resident("after-upgrade"))).toBe("subscribed");
    expect(await repo.count(ALL)).toBe(1);
  });
});
