import type { ChannelName, Language } from "../core/types.js";
import type { RecordsDatabase } from "../records/database.js";
import { dossierDb, type DossierDb } from "./tables.js";

export interface Follower {
  id: number;
  dossierId: number;
  channel: ChannelName;
  chatId: string;
  userId: string;
  language: Language;
  ratingAskedAt: number | null;
}

export type FollowResult = "followed" | "already" | "limit";

/**
 * Chats following dossiers. One row per dossier and chat; following ends (ended_at) when the
 * chat unfollows or the dossier reaches a final status, and the row stays: it remembers that
 * the satisfaction question was asked.
 */
export class FollowerRepository {
  private readonly db: DossierDb;

  constructor(
    records: RecordsDatabase,
    private readonly now: () => number = Date.now,
    /** Most dossiers one chat may follow at once. */
    private readonly maxPerChat = 20,
  ) {
    this.db = dossierDb(records);
  }

  async follow(dossierId: number, to: { channel: ChannelName; chatId: string; userId: string; language: Language }): Promise<FollowResult> {
    if (await this.isFollowing(dossierId, to.channel, to.chatId)) return "already";
    if ((await this.activeCount(to.channel, to.chatId)) >= this.maxPerChat) return "limit";
    const now = this.now();
    await this.db
      .insertInto("dossier_followers")
      .values({ dossier_id: dossierId, channel: to.channel, chat_id: to.chatId, user_id: to.userId, language: to.language, followed_at: now })
      .onConflict((conflict) =>
        conflict.columns(["dossier_id", "channel", "chat_id"]).doUpdateSet({ ended_at: null, followed_at: now, user_id: to.userId, language: to.language }),
      )
      .execute();
    return "followed";
  }

  /** True when the chat was following. */
  async unfollow(dossierId: number, channel: ChannelName, chatId: string): Promise<boolean> {
    const result = await this.db
      .updateTable("dossier_followers")
      .set({ ended_at: this.now() })
      .where("dossier_id", "=", dossierId)
      .where("channel", "=", channel)
      .where("chat_id", "=", chatId)
      .where("ended_at", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async isFollowing(dossierId: number, channel: ChannelName, chatId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("dossier_followers")
      .select("id")
      .where("dossier_id", "=", dossierId)
      .where("channel", "=", channel)
      .where("chat_id", "=", chatId)
      .where("ended_at", "is", null)
      .executeTakeFirst();
    return row !== undefined;
  }

  async activeCount(channel: ChannelName, chatId: string): Promise<number> {
    const row = await this.db
      .selectFrom("dossier_followers")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("channel", "=", channel)
      .where("chat_id", "=", chatId)
      .where("ended_at", "is", null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Dossiers this chat follows now, newest first. */
  async followedBy(channel: ChannelName, chatId: string): Promise<Array<{ dossierId: number; code: string }>> {
    const rows = await this.db
      .selectFrom("dossier_followers as f")
      .innerJoin("dossiers as d", "d.id", "f.dossier_id")
      .select(["d.id", "d.code"])
      .where("f.channel", "=", channel)
      .where("f.chat_id", "=", chatId)
      .where("f.ended_at", "is", null)
      .orderBy("f.followed_at", "desc")
      .limit(this.maxPerChat)
      .execute();
    return rows.map((row) => ({ dossierId: Number(row.id), code: row.code }));
  }

  /** Active followers of these dossiers (inside the change's transaction). */
  async activeOf(dossierIds: readonly number[], db: DossierDb = this.db): Promise<Follower[]> {
    const found: Follower[] = [];
    for (let start = 0; start < dossierIds.length; start += 500) {
      const rows = await db
        .selectFrom("dossier_followers")
        .select(["id", "dossier_id", "channel", "chat_id", "user_id", "language", "rating_asked_at"])
        .where("dossier_id", "in", dossierIds.slice(start, start + 500))
        .where("ended_at", "is", null)
        .orderBy("id")
        .execute();
      found.push(...rows.map(toFollower));
    }
    return found;
  }

  /** Records that a notice went out; `askedRating` when it carried the satisfaction question; `end` stops following. */
  async noticeSent(followerIds: readonly number[], options: { askedRating: readonly number[]; end: boolean }, db: DossierDb = this.db): Promise<void> {
    if (followerIds.length === 0) return;
    const now = this.now();
    for (let start = 0; start < followerIds.length; start += 500) {
      const part = followerIds.slice(start, start + 500);
      await db
        .updateTable("dossier_followers")
        .set({ last_notice_at: now, ...(options.end ? { ended_at: now } : {}) })
        .where("id", "in", part)
        .execute();
    }
    for (let start = 0; start < options.askedRating.length; start += 500) {
      await db
        .updateTable("dossier_followers")
        .set({ rating_asked_at: now })
        .where("id", "in", options.askedRating.slice(start, start + 500))
        .execute();
    }
  }

  /**
   * The newest notice this chat received, when it is newer than `since`: a bare number typed
   * after a notice answers that notice's choices (it changed no session, being sent outside a turn).
   */
  async latestNotice(channel: ChannelName, chatId: string, since: number): Promise<{ dossierId: number; at: number; askedRating: boolean } | undefined> {
    const row = await this.db
      .selectFrom("dossier_followers")
      .select(["dossier_id", "last_notice_at", "rating_asked_at"])
      .where("channel", "=", channel)
      .where("chat_id", "=", chatId)
      .where("last_notice_at", ">", since)
      .orderBy("last_notice_at", "desc")
      .limit(1)
      .executeTakeFirst();
    if (!row || row.last_notice_at === null) return undefined;
    return { dossierId: Number(row.dossier_id), at: Number(row.last_notice_at), askedRating: row.rating_asked_at !== null && Number(row.rating_asked_at) >= Number(row.last_notice_at) };
  }

  /** Whether this chat was asked to rate this dossier. */
  async wasAskedToRate(dossierId: number, channel: ChannelName, chatId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("dossier_followers")
      .select("rating_asked_at")
      .where("dossier_id", "=", dossierId)
      .where("channel", "=", channel)
      .where("chat_id", "=", chatId)
      .executeTakeFirst();
    return row?.rating_asked_at !== null && row?.rating_asked_at !== undefined;
  }
}

function toFollower(row: { id: number; dossier_id: number; channel: string; chat_id: string; user_id: string; language: string; rating_asked_at: number | null }): Follower {
  return {
    id: Number(row.id),
    dossierId: Number(row.dossier_id),
    channel: row.channel as ChannelName,
    chatId: row.chat_id,
    userId: row.user_id,
    language: row.language === "en" ? "en" : "vi",
    ratingAskedAt: row.rating_asked_at === null ? null : Number(row.rating_asked_at),
  };
}
