import type { ExpressionBuilder, Kysely } from "kysely";
import { z } from "zod";
import { languageSchema, replySchema } from "../core/reply-schema.js";
import type { Language, Reply } from "../core/types.js";
import type { RecordsDatabase } from "./database.js";
import { releaseHeld } from "./held-rows.js";
import type { OutboxTable, Tables } from "./tables.js";

/**
 * The durable outbox: every message the bot owes someone. A message is stored before it is
 * sent and marked only after the platform confirmed it, so a crash can repeat the messages
 * that were in flight but never lose one. Rows are leased to the instance sending them.
 */

/** Why a message is sent; also its default priority (lower goes first). */
export const OUTBOX_KINDS = { reply: 0, relay: 1, notice: 2, broadcast: 5 } as const;
export type OutboxKind = keyof typeof OUTBOX_KINDS;

export const outboxBodySchema = z.object({ replies: z.array(replySchema), language: languageSchema });
export interface OutboxBody {
  replies: Reply[];
  language: Language;
}

/** Routing inside a chat: forum topic, message to quote. Channel-specific, opaque here. */
export type OutboxAddress = Record<string, string | number>;

export interface NewOutboxMessage {
  channel: string;
  chatId: string;
  address?: OutboxAddress;
  body: OutboxBody;
  kind: OutboxKind;
  dedupeKey?: string;
  ref?: string;
  /** Not before this time (epoch ms); default now. */
  notBefore?: number;
  /** Given up when still failing this long after it was stored. */
  giveUpAfterMs: number;
}

export interface OutboxEntry {
  id: number;
  channel: string;
  chatId: string;
  address: OutboxAddress;
  /** Null when the stored body no longer parses; the sender gives such a row up. */
  body: OutboxBody | null;
  kind: string;
  ref: string | null;
  attempts: number;
  partsSent: number;
  createdAt: number;
  giveUpAt: number;
  leaseUntil: number;
}

export type OutboxFinalState = "sent" | "blocked" | "failed" | "cancelled";

/** What became of one message stored with a dedupe key. */
export interface OutboxOutcome {
  dedupeKey: string;
  state: OutboxTable["state"];
  messageIds: string[];
  error: string | null;
}

export type OutboxCounts = Record<OutboxTable["state"], number>;

type Executor = Kysely<Tables>;

const SELECTED = [
  "id", "channel", "chat_id", "address", "body", "kind", "ref", "attempts", "parts_sent", "created_at", "give_up_at", "lease_until",
] as const;

export class OutboxRepository {
  constructor(
    private readonly records: RecordsDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Stores messages; with `owner`, leased to it so that this instance sends them at once and
   * nobody else does meanwhile. A message whose dedupe key is already stored is skipped.
   * Returns the stored ones.
   */
  async enqueue(
    messages: readonly NewOutboxMessage[],
    lease?: { owner: string; leaseMs: number },
    db: Executor = this.records.db,
  ): Promise<OutboxEntry[]> {
    if (messages.length === 0) return [];
    const now = this.now();
    const stored: OutboxEntry[] = [];
    // Chunks keep each statement under SQLite's bound-parameter limit.
    // A dedupe key twice in one call is stored once: the first message wins.
    const seen = new Set<string>();
    const unique = messages.filter((message) => message.dedupeKey === undefined || (!seen.has(message.dedupeKey) && !!seen.add(message.dedupeKey)));
    for (let start = 0; start < unique.length; start += 500) {
      const chunk = unique.slice(start, start + 500);
      const rows = await db
        .insertInto("outbox")
        .values(chunk.map((message) => toRow(message, now, lease)))
        .onConflict((conflict) => conflict.column("dedupe_key").doNothing())
        .returning(["id", "dedupe_key", "lease_until", "give_up_at"])
        .execute();
      // Ids grow in the order of the values, so the stored rows sorted by id line up with the
      // messages that were not skipped as duplicates; the messages are already in hand, so
      // nothing stored is parsed back.
      const keys = new Set(rows.map((row) => row.dedupe_key));
      const kept = chunk.filter((message) => message.dedupeKey === undefined || keys.has(message.dedupeKey));
      rows.sort((a, b) => a.id - b.id).forEach((row, index) => stored.push(entryOf(kept[index]!, row, now)));
    }
    return stored.sort((a, b) => a.id - b.id);
  }

  /**
   * Takes up to `limit` due messages of a channel that nobody holds, most urgent first, and
   * leases them to `owner`. The claim conditions are checked again by the update itself, so
   * two instances never take the same row.
   */
  async claimDue(
    channel: string,
    owner: string,
    leaseMs: number,
    limit: number,
    options: { maxPriority?: number; minPriority?: number } = {},
  ): Promise<OutboxEntry[]> {
    const now = this.now();
    const { db, dialect } = this.records;
    const claimable = (eb: ExpressionBuilder<Tables, "outbox">) =>
      eb.and([
        eb("channel", "=", channel),
        eb("state", "=", "pending"),
        eb("next_attempt_at", "<=", now),
        eb("lease_until", "<=", now),
        eb("priority", "<=", options.maxPriority ?? 1_000),
        eb("priority", ">=", options.minPriority ?? 0),
      ]);
    const candidates = db
      .selectFrom("outbox")
      .select("id")
      .where(claimable)
      .orderBy("priority")
      .orderBy("id")
      .limit(limit);
    const rows = await db
      .updateTable("outbox")
      .set({ owner, lease_until: now + leaseMs })
      .where("id", "in", dialect === "postgres" ? candidates.forUpdate().skipLocked() : candidates)
      .where(claimable)
      .returning(SELECTED)
      .execute();
    return rows.map(toEntry).sort((a, b) => a.id - b.id);
  }

  /** Extends the lease of messages `owner` still holds (a long send queue). */
  async renew(ids: readonly number[], owner: string, leaseMs: number): Promise<void> {
    if (ids.length === 0) return;
    await this.records.db
      .updateTable("outbox")
      .set({ lease_until: this.now() + leaseMs })
      .where("id", "in", ids)
      .where("owner", "=", owner)
      .where("state", "=", "pending")
      .execute();
  }

  /** Final outcomes, several at once (one transaction: a busy sender commits in batches). */
  async finish(results: ReadonlyArray<{ id: number; state: OutboxFinalState; messageIds?: string[]; error?: string; partsSent?: number }>): Promise<void> {
    if (results.length === 0) return;
    const now = this.now();
    await this.records.db.transaction().execute(async (trx) => {
      for (const result of results) {
        await trx
          .updateTable("outbox")
          .set({
            state: result.state,
            owner: null,
            lease_until: 0,
            sent_at: result.state === "sent" ? now : null,
            message_ids: result.messageIds ? JSON.stringify(result.messageIds) : null,
            error: result.error?.slice(0, 1_000) ?? null,
            ...(result.partsSent !== undefined ? { parts_sent: result.partsSent } : {}),
          })
          .where("id", "=", result.id)
          .where("state", "=", "pending")
          .execute();
      }
    });
  }

  /** A failed attempt that may work later: released, due again at `at`. */
  async retryLater(id: number, at: number, partsSent: number, error: string): Promise<void> {
    await this.records.db
      .updateTable("outbox")
      .set((eb) => ({
        owner: null,
        lease_until: 0,
        next_attempt_at: at,
        parts_sent: partsSent,
        attempts: eb("attempts", "+", 1),
        error: error.slice(0, 1_000),
      }))
      .where("id", "=", id)
      .where("state", "=", "pending")
      .execute();
  }

  /** Postpones every due message of a channel (a quota ran out), optionally only some kinds. */
  async postpone(channel: string, until: number, minPriority = 0): Promise<number> {
    const result = await this.records.db
      .updateTable("outbox")
      .set({ next_attempt_at: until })
      .where("channel", "=", channel)
      .where("state", "=", "pending")
      .where("priority", ">=", minPriority)
      .where("next_attempt_at", "<", until)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** At start-up: lets go of messages held by earlier runs of this instance (see InboxRepository). */
  async releasePreviousRuns(prefix: string, current: string): Promise<number> {
    return releaseHeld(this.records.db, "outbox", { earlierRunsOf: prefix, except: current });
  }

  /** Lets go of everything `owner` holds, so it is sent at once by whoever runs next. */
  async release(owner: string): Promise<number> {
    return releaseHeld(this.records.db, "outbox", { owner });
  }

  /** Cancels what is not sent yet of one ref (a campaign); returns how many. */
  async cancelRef(ref: string): Promise<number> {
    const result = await this.records.db
      .updateTable("outbox")
      .set({ state: "cancelled", owner: null, lease_until: 0 })
      .where("ref", "=", ref)
      .where("state", "=", "pending")
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Where the messages stored under these dedupe keys stand: state, platform ids of the
   * delivered parts, last error. Keys never stored (or pruned) are absent from the answer.
   */
  async outcomesOf(dedupeKeys: readonly string[]): Promise<OutboxOutcome[]> {
    if (dedupeKeys.length === 0) return [];
    const rows = await this.records.db
      .selectFrom("outbox")
      .select(["dedupe_key", "state", "message_ids", "error"])
      .where("dedupe_key", "in", [...dedupeKeys])
      .execute();
    return rows.map((row) => ({
      dedupeKey: row.dedupe_key ?? "",
      state: row.state,
      messageIds: parseJson(row.message_ids ?? "null", z.array(z.string())) ?? [],
      error: row.error,
    }));
  }

  /** Messages of one ref not finished yet (a campaign's backlog ahead of the sender). */
  async pendingOf(ref: string): Promise<number> {
    const row = await this.records.db
      .selectFrom("outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("ref", "=", ref)
      .where("state", "=", "pending")
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async countsByRef(ref: string): Promise<OutboxCounts> {
    return this.counts((query) => query.where("ref", "=", ref));
  }

  async countsByChannel(channel: string): Promise<OutboxCounts> {
    return this.counts((query) => query.where("channel", "=", channel));
  }

  /** Forgets finished messages older than `ms`. */
  async prune(olderThanMs: number): Promise<number> {
    const result = await this.records.db
      .deleteFrom("outbox")
      .where("state", "<>", "pending")
      .where("created_at", "<", this.now() - olderThanMs)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private async counts(
    filter: (query: ReturnType<typeof this.countQuery>) => ReturnType<typeof this.countQuery>,
  ): Promise<OutboxCounts> {
    const rows = await filter(this.countQuery()).execute();
    const counts: OutboxCounts = { pending: 0, sent: 0, blocked: 0, failed: 0, cancelled: 0 };
    for (const row of rows) counts[row.state] = Number(row.n);
    return counts;
  }

  private countQuery() {
    return this.records.db
      .selectFrom("outbox")
      .select(["state", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("state");
  }
}

function toRow(message: NewOutboxMessage, now: number, lease?: { owner: string; leaseMs: number }) {
  return {
    channel: message.channel,
    chat_id: message.chatId,
    address: JSON.stringify(message.address ?? {}),
    body: JSON.stringify(message.body),
    kind: message.kind,
    priority: OUTBOX_KINDS[message.kind],
    dedupe_key: message.dedupeKey ?? null,
    ref: message.ref ?? null,
    state: "pending" as const,
    attempts: 0,
    parts_sent: 0,
    next_attempt_at: message.notBefore ?? now,
    owner: lease?.owner ?? null,
    lease_until: lease ? now + lease.leaseMs : 0,
    created_at: now,
    give_up_at: now + message.giveUpAfterMs,
  };
}

function entryOf(message: NewOutboxMessage, row: { id: number; lease_until: number; give_up_at: number }, now: number): OutboxEntry {
  return {
    id: row.id,
    channel: message.channel,
    chatId: message.chatId,
    address: message.address ?? {},
    body: message.body,
    kind: message.kind,
    ref: message.ref ?? null,
    attempts: 0,
    partsSent: 0,
    createdAt: now,
    giveUpAt: row.give_up_at,
    leaseUntil: row.lease_until,
  };
}

type SelectedRow = Pick<OutboxTable, "channel" | "chat_id" | "address" | "body" | "kind" | "ref" | "attempts" | "parts_sent" | "created_at" | "give_up_at" | "lease_until"> & { id: number };

function toEntry(row: SelectedRow): OutboxEntry {
  return {
    id: row.id,
    channel: row.channel,
    chatId: row.chat_id,
    address: parseJson(row.address, z.record(z.string(), z.union([z.string(), z.number()]))) ?? {},
    body: parseJson(row.body, outboxBodySchema),
    kind: row.kind,
    ref: row.ref,
    attempts: row.attempts,
    partsSent: row.parts_sent,
    createdAt: row.created_at,
    giveUpAt: row.give_up_at,
    leaseUntil: row.lease_until,
  };
}

function parseJson<T>(text: string, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
