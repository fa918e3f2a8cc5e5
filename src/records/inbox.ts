import type { ExpressionBuilder, Kysely } from "kysely";
import type { RecordsDatabase } from "./database.js";
import { releaseHeld } from "./held-rows.js";
import type { Tables } from "./tables.js";

/**
 * The durable inbox. A delivery is stored before the platform is told "received" (webhook
 * 200, or the next getUpdates offset), so an acknowledged update survives any crash. Each row
 * is leased to the instance working on it; a lease that runs out (the instance died) lets
 * another instance, or the restarted one, take the row over. Insert-if-absent on
 * (channel, delivery_key) makes a repeated delivery harmless on every database, also when two
 * instances receive the same update.
 */
export interface InboxItem {
  channel: string;
  deliveryKey: string;
  chatKey: string | null;
  payload: unknown;
}

export interface InboxEntry {
  id: number;
  channel: string;
  deliveryKey: string;
  chatKey: string | null;
  payload: unknown;
  attempts: number;
  leaseUntil: number;
}

export interface InboxCounts {
  queued: number;
  failed: number;
}

type Executor = Kysely<Tables>;

export class InboxRepository {
  constructor(
    private readonly records: RecordsDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores the deliveries not seen before, leased to `owner`; returns only those. */
  async add(items: readonly InboxItem[], owner: string, leaseMs: number): Promise<InboxEntry[]> {
    if (items.length === 0) return [];
    const now = this.now();
    // The same delivery twice in one call is stored once (the statement would otherwise fail).
    items = [...new Map(items.map((item) => [`${item.channel}\u0000${item.deliveryKey}`, item])).values()];
    const rows = await this.records.db
      .insertInto("inbox")
      .values(
        items.map((item) => ({
          channel: item.channel,
          delivery_key: item.deliveryKey,
          chat_key: item.chatKey,
          payload: JSON.stringify(item.payload),
          state: "queued" as const,
          attempts: 1,
          owner,
          lease_until: now + leaseMs,
          received_at: now,
        })),
      )
      .onConflict((conflict) => conflict.columns(["channel", "delivery_key"]).doNothing())
      .returning(["id", "delivery_key", "channel", "lease_until"])
      .execute();
    const byKey = new Map(items.map((item) => [`${item.channel}\u0000${item.deliveryKey}`, item]));
    return rows.map((row) => {
      const item = byKey.get(`${row.channel}\u0000${row.delivery_key}`)!;
      return { id: row.id, channel: item.channel, deliveryKey: item.deliveryKey, chatKey: item.chatKey, payload: item.payload, attempts: 1, leaseUntil: row.lease_until };
    });
  }

  /** Extends `owner`'s lease; false when the row was taken over or finished meanwhile. */
  async renew(id: number, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.now();
    const result = await this.records.db
      .updateTable("inbox")
      .set({ lease_until: now + leaseMs })
      .where("id", "=", id)
      .where("owner", "=", owner)
      .where("state", "=", "queued")
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Marks the row handled. Run inside the transaction that stores its replies. */
  async complete(id: number, db: Executor = this.records.db): Promise<void> {
    await db.updateTable("inbox").set({ state: "done", done_at: this.now(), owner: null, error: null }).where("id", "=", id).execute();
  }

  /** Gives a row up for good (it failed every attempt); it stays for inspection. */
  async fail(id: number, error: string): Promise<void> {
    await this.records.db
      .updateTable("inbox")
      .set({ state: "failed", done_at: this.now(), owner: null, error: error.slice(0, 1_000) })
      .where("id", "=", id)
      .execute();
  }

  /**
   * At start-up: lets go of rows held by earlier runs of this instance (owners named
   * `<prefix>…`, other than `current`), which died without releasing them, so they are taken
   * at once instead of when their leases run out.
   */
  async releasePreviousRuns(prefix: string, current: string): Promise<number> {
    return releaseHeld(this.records.db, "inbox", { earlierRunsOf: prefix, except: current });
  }

  /** Lets go of `owner`'s unfinished rows so the next start, or another instance, takes them at once. */
  async release(owner: string): Promise<number> {
    return releaseHeld(this.records.db, "inbox", { owner });
  }

  /**
   * Takes over queued rows whose lease ran out, oldest first. The conditions are repeated on
   * the outer update so two instances claiming at once never both get a row.
   */
  async claimStale(owner: string, leaseMs: number, limit: number): Promise<InboxEntry[]> {
    const now = this.now();
    const { db, dialect } = this.records;
    const claimable = (eb: ExpressionBuilder<Tables, "inbox">) => eb.and([eb("state", "=", "queued"), eb("lease_until", "<=", now)]);
    const candidates = db.selectFrom("inbox").select("id").where(claimable).orderBy("id").limit(limit);
    const rows = await db
      .updateTable("inbox")
      .set((eb) => ({ owner, lease_until: now + leaseMs, attempts: eb("attempts", "+", 1) }))
      .where("id", "in", dialect === "postgres" ? candidates.forUpdate().skipLocked() : candidates)
      .where(claimable)
      .returning(["id", "channel", "delivery_key", "chat_key", "payload", "attempts", "lease_until"])
      .execute();
    return rows
      .sort((a, b) => a.id - b.id)
      .map((row) => ({
        id: row.id,
        channel: row.channel,
        deliveryKey: row.delivery_key,
        chatKey: row.chat_key,
        payload: JSON.parse(row.payload) as unknown,
        attempts: row.attempts,
        leaseUntil: row.lease_until,
      }));
  }

  /** Forgets finished rows older than `ms`; a repeat delivery older than that is not recognised. */
  async prune(olderThanMs: number): Promise<number> {
    const result = await this.records.db
      .deleteFrom("inbox")
      .where("state", "in", ["done", "failed"])
      .where("done_at", "<", this.now() - olderThanMs)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async counts(): Promise<InboxCounts> {
    const rows = await this.records.db
      .selectFrom("inbox")
      .select(["state", (eb) => eb.fn.countAll<number>().as("n")])
      .where("state", "in", ["queued", "failed"])
      .groupBy("state")
      .execute();
    const count = (state: string) => Number(rows.find((row) => row.state === state)?.n ?? 0);
    return { queued: count("queued"), failed: count("failed") };
  }
}

