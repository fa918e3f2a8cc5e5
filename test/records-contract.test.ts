import { afterEach, describe, expect, it } from "vitest";
import type { NewOutboxMessage } from "../src/records/outbox.js";
import { testRecords, type RecordsBackend, type TestRecords } from "./helpers/records.js";

/**
 * One repository contract, both databases: the embedded SQLite file and the real PostgreSQL
 * on 127.0.0.1:5432. Atomicity is checked the way it matters: two connections (two instances)
 * racing for the same rows.
 */
const backends: RecordsBackend[] = ["sqlite", "postgres"];

let store: TestRecords | undefined;
afterEach(async () => {
  await store?.dispose();
  store = undefined;
});

function message(overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  return {
    channel: "telegram",
    chatId: "42",
    body: { replies: [{ blocks: [{ lines: ["Xin chào"] }] }], language: "vi" },
    kind: "reply",
    giveUpAfterMs: 60_000,
    ...overrides,
  };
}

describe.each(backends)("records contract: %s", (backend) => {
  it("migrates an empty database and opens it again without migrating twice", async () => {
    store = await testRecords(backend);
    const again = await store.reopen();
    expect(await again.database.ping()).toBe(true);
    expect(await again.inbox.counts()).toEqual({ queued: 0, failed: 0 });
  });

  it("stores a delivery once, whoever receives it and however often", async () => {
    store = await testRecords(backend);
    const other = await store.reopen();
    const item = { channel: "telegram", deliveryKey: "1001", chatKey: "42", payload: { update_id: 1001, text: "Đăng ký khai sinh" } };
    const results = await Promise.all([
      store.records.inbox.add([item], "a", 30_000),
      other.inbox.add([item], "b", 30_000),
      store.records.inbox.add([item, { ...item, deliveryKey: "1002" }], "a", 30_000),
    ]);
    const stored = results.flat().map((entry) => entry.deliveryKey).sort();
    expect(stored).toEqual(["1001", "1002"]);
    expect(results.flat().find((entry) => entry.deliveryKey === "1001")?.payload).toEqual(item.payload);
    expect(await store.records.inbox.counts()).toEqual({ queued: 2, failed: 0 });
  });

  it("lets another instance take over a delivery only after its lease ran out", async () => {
    let now = 1_000_000;
    store = await testRecords(backend, () => now);
    const other = await store.reopen();
    const [entry] = await store.records.inbox.add([{ channel: "zalo", deliveryKey: "m1", chatKey: "c", payload: {} }], "a", 30_000);
    expect(await other.inbox.claimStale("b", 30_000, 10)).toEqual([]);
    now += 30_001;
    const [claimedA, claimedB] = await Promise.all([other.inbox.claimStale("b", 30_000, 10), store.records.inbox.claimStale("c", 30_000, 10)]);
    expect([...claimedA!, ...claimedB!].map((row) => row.id)).toEqual([entry!.id]);
    // The first owner lost it: renewing fails, and only the new owner's completion matters.
    expect(await store.records.inbox.renew(entry!.id, "a", 30_000)).toBe(false);
  });

  it("hands a restarted instance its own unfinished rows at once, and released rows to anyone", async () => {
    store = await testRecords(backend);
    await store.records.inbox.add([{ channel: "zalo", deliveryKey: "m1", chatKey: "c", payload: {} }], "host-1#run1", 30_000);
    await store.records.inbox.add([{ channel: "zalo", deliveryKey: "m2", chatKey: "c", payload: {} }], "host-2", 30_000);
    expect(await store.records.inbox.releasePreviousRuns("host-1#", "host-1#run2")).toBe(1);
    const reclaimed = await store.records.inbox.claimStale("host-1#run2", 30_000, 10);
    expect(reclaimed.map((row) => row.deliveryKey)).toEqual(["m1"]);
    expect(reclaimed[0]?.attempts).toBe(2);
    expect(await store.records.inbox.release("host-2")).toBe(1);
    expect((await store.records.inbox.claimStale("host-3", 30_000, 10)).map((row) => row.deliveryKey)).toEqual(["m2"]);
  });

  it("completes a delivery and stores its replies in one transaction", async () => {
    store = await testRecords(backend);
    const { inbox, outbox, database } = store.records;
    const [entry] = await inbox.add([{ channel: "telegram", deliveryKey: "7", chatKey: "42", payload: {} }], "a", 30_000);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await outbox.enqueue([message()], undefined, trx);
        await inbox.complete(entry!.id, trx);
        throw new Error("crash before commit");
      }),
    ).rejects.toThrow("crash before commit");
    expect(await inbox.counts()).toEqual({ queued: 1, failed: 0 });
    expect((await outbox.countsByChannel("telegram")).pending).toBe(0);
    await database.db.transaction().execute(async (trx) => {
      await outbox.enqueue([message()], undefined, trx);
      await inbox.complete(entry!.id, trx);
    });
    expect(await inbox.counts()).toEqual({ queued: 0, failed: 0 });
    expect((await outbox.countsByChannel("telegram")).pending).toBe(1);
  });

  it("enqueues idempotently by dedupe key and round-trips the body", async () => {
    store = await testRecords(backend);
    const first = await store.records.outbox.enqueue([message({ dedupeKey: "notify:x:1", kind: "notice" })]);
    const again = await store.records.outbox.enqueue([message({ dedupeKey: "notify:x:1", kind: "notice" }), message({ dedupeKey: "notify:x:2", kind: "notice" })]);
    expect(first).toHaveLength(1);
    expect(again).toHaveLength(1);
    expect(first[0]?.body).toEqual(message().body);
    expect(first[0]?.kind).toBe("notice");
  });

  it("claims due messages most urgent first, each by one instance only", async () => {
    store = await testRecords(backend);
    const other = await store.reopen();
    const messages = [
      ...Array.from({ length: 30 }, (_, index) => message({ kind: "broadcast", chatId: `b${index}` })),
      message({ kind: "reply", chatId: "r1" }),
    ];
    await store.records.outbox.enqueue(messages);
    const [a, b] = await Promise.all([store.records.outbox.claimDue("telegram", "a", 30_000, 20), other.outbox.claimDue("telegram", "b", 30_000, 20)]);
    const ids = [...a!, ...b!].map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(31);
    // Nothing left to claim while the leases hold.
    expect(await store.records.outbox.claimDue("telegram", "c", 30_000, 50)).toEqual([]);
  });

  it("hands out replies before broadcasts stored earlier", async () => {
    store = await testRecords(backend);
    await store.records.outbox.enqueue([message({ kind: "broadcast", chatId: "b1" }), message({ kind: "notice", chatId: "n1" })]);
    await store.records.outbox.enqueue([message({ kind: "reply", chatId: "r1" })]);
    const order = [];
    for (;;) {
      const [next] = await store.records.outbox.claimDue("telegram", "a", 30_000, 1);
      if (!next) break;
      order.push(next.chatId);
    }
    expect(order).toEqual(["r1", "n1", "b1"]);
  });

  it("releases messages an earlier run of the same instance held, and only those", async () => {
    store = await testRecords(backend);
    const { outbox } = store.records;
    await outbox.enqueue([message({ chatId: "1" })], { owner: "host-1#old", leaseMs: 60_000 });
    await outbox.enqueue([message({ chatId: "2" })], { owner: "host-10#x", leaseMs: 60_000 });
    await outbox.enqueue([message({ chatId: "3" })], { owner: "host-1#new", leaseMs: 60_000 });
    expect(await outbox.releasePreviousRuns("host-1#", "host-1#new")).toBe(1);
    expect((await outbox.claimDue("telegram", "host-1#new", 60_000, 10)).map((row) => row.chatId)).toEqual(["1"]);
  });

  it("retries later, postpones, finishes and counts by ref", async () => {
    let now = 5_000_000;
    store = await testRecords(backend, () => now);
    const { outbox } = store.records;
    await outbox.enqueue([message({ kind: "broadcast", ref: "campaign:1", chatId: "1" }), message({ kind: "broadcast", ref: "campaign:1", chatId: "2" }), message({ kind: "broadcast", ref: "campaign:1", chatId: "3" })]);
    const claimed = await outbox.claimDue("telegram", "a", 30_000, 10);
    expect(claimed).toHaveLength(3);
    await outbox.finish([{ id: claimed[0]!.id, state: "sent", messageIds: ["9"] }, { id: claimed[1]!.id, state: "blocked", error: "403" }]);
    await outbox.retryLater(claimed[2]!.id, now + 10_000, 1, "timeout");
    expect(await outbox.claimDue("telegram", "a", 30_000, 10)).toEqual([]);
    now += 10_000;
    const retried = await outbox.claimDue("telegram", "a", 30_000, 10);
    expect(retried.map((row) => [row.chatId, row.attempts, row.partsSent])).toEqual([["3", 1, 1]]);
    await outbox.release("a");
    expect(await outbox.postpone("telegram", now + 60_000)).toBe(1);
    expect(await outbox.claimDue("telegram", "b", 30_000, 10)).toEqual([]);
    expect(await outbox.countsByRef("campaign:1")).toEqual({ pending: 1, sent: 1, blocked: 1, failed: 0, cancelled: 0 });
    expect(await outbox.cancelRef("campaign:1")).toBe(1);
    expect((await outbox.countsByRef("campaign:1")).cancelled).toBe(1);
  });

  it("gives a lease to one holder at a time and to another once it expires", async () => {
    let now = 10_000;
    store = await testRecords(backend, () => now);
    const other = await store.reopen();
    const results = await Promise.all([store.records.leases.acquire("campaigns", "a", 5_000), other.leases.acquire("campaigns", "b", 5_000)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const holder = results[0] ? "a" : "b";
    const loser = holder === "a" ? "b" : "a";
    expect(await store.records.leases.acquire("campaigns", holder, 5_000)).toBe(true);
    expect(await store.records.leases.acquire("campaigns", loser, 5_000)).toBe(false);
    now += 5_001;
    expect(await store.records.leases.acquire("campaigns", loser, 5_000)).toBe(true);
    expect(await store.records.leases.holder("campaigns")).toBe(loser);
  });

  it("records blocked chats and clears them", async () => {
    store = await testRecords(backend);
    const { chats } = store.records;
    expect(await chats.blocked("telegram", "42")).toBeUndefined();
    await chats.markBlocked("telegram", "42", "Forbidden: bot was blocked by the user");
    expect((await chats.blocked("telegram", "42"))?.reason).toContain("blocked");
    await chats.clearBlocked("telegram", "42");
    expect(await chats.blocked("telegram", "42")).toBeUndefined();
  });

  it("keeps an append-only audit log, newest first", async () => {
    store = await testRecords(backend);
    await store.records.audit.record({ channel: "telegram", userId: "7", action: "broadcast.send", detail: { campaign: 1 } });
    await store.records.audit.record({ channel: "zalo", userId: "8", action: "dossier.status", detail: { code: "X" } });
    const recent = await store.records.audit.recent();
    expect(recent.map((entry) => entry.action)).toEqual(["dossier.status", "broadcast.send"]);
    expect(recent[1]?.detail).toEqual({ campaign: 1 });
  });
});
