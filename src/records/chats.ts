import type { Kysely } from "kysely";
import type { RecordsDatabase } from "./database.js";
import type { Tables } from "./tables.js";

/**
 * Chats that can no longer be messaged (the user blocked the bot, deleted the chat, removed
 * the bot from a group). Later sends to them are skipped instead of collecting the same
 * refusal again, which platforms count against a bot. Writing to the bot again clears it.
 */
export interface BlockedChat {
  at: number;
  reason: string;
}

/** Told when a chat is marked blocked, after the mark is stored; a failure fails the mark's caller (which retries or logs). */
export type BlockedListener = (channel: string, chatId: string, reason: string) => Promise<void>;

export class ChatRepository {
  private readonly blockedListeners: BlockedListener[] = [];

  constructor(
    private readonly records: RecordsDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async markBlocked(channel: string, chatId: string, reason: string): Promise<void> {
    const now = this.now();
    await this.records.db
      .insertInto("chats")
      .values({ channel, chat_id: chatId, blocked_at: now, blocked_reason: reason.slice(0, 300), updated_at: now })
      .onConflict((conflict) =>
        conflict.columns(["channel", "chat_id"]).doUpdateSet({ blocked_at: now, blocked_reason: reason.slice(0, 300), updated_at: now }),
      )
      .execute();
    for (const listener of this.blockedListeners) await listener(channel, chatId, reason);
  }

  /**
   * Every path that finds a chat unreachable (a refused send, Telegram's "kicked" update) marks
   * it here, so a feature that must forget such chats (subscriptions) listens here rather than
   * in each of those paths.
   */
  onBlocked(listener: BlockedListener): void {
    this.blockedListeners.push(listener);
  }

  /** Clears a block; cheap when there is none (no row changes). */
  async clearBlocked(channel: string, chatId: string, db: Kysely<Tables> = this.records.db): Promise<void> {
    await db
      .updateTable("chats")
      .set({ blocked_at: null, blocked_reason: null, updated_at: this.now() })
      .where("channel", "=", channel)
      .where("chat_id", "=", chatId)
      .where("blocked_at", "is not", null)
      .execute();
  }

  /** Of these chats of one channel, the ones known to be blocked. */
  async blockedAmong(channel: string, chatIds: readonly string[]): Promise<string[]> {
    if (chatIds.length === 0) return [];
    const rows = await this.records.db
      .selectFrom("chats")
      .select("chat_id")
      .where("channel", "=", channel)
      .where("chat_id", "in", [...chatIds])
      .where("blocked_at", "is not", null)
      .execute();
    return rows.map((row) => row.chat_id);
  }

  async blocked(channel: string, chatId: string): Promise<BlockedChat | undefined> {
    const row = await this.records.db
      .selectFrom("chats")
      .select(["blocked_at", "blocked_reason"])
      .where("channel", "=", channel)
      .where("chat_id", "=", chatId)
      .executeTakeFirst();
    if (!row || row.blocked_at === null) return undefined;
    return { at: row.blocked_at, reason: row.blocked_reason ?? "" };
  }
}
