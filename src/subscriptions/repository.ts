import type { ExpressionBuilder, Selectable } from "kysely";
import type { Language } from "../core/types.js";
import type { RecordsDatabase } from "../records/database.js";
import type { MessengerName } from "../delivery/types.js";
import { subscriptionDb, type SubscriberTable, type SubscriptionDb, type SubscriptionTables } from "./tables.js";
import type { Audience, AudienceFilter, AudiencePage, Subscriber } from "./types.js";
import type { Tables } from "../records/tables.js";

/** One chat's subscription as the resident sees it, active or not. */
export interface Subscription extends Subscriber {
  userId: string;
  active: boolean;
  unsubscribedAt: number | null;
  unsubscribedReason: string | null;
}

export interface SubscriptionCounts {
  active: number;
  /** Unsubscribed by the resident. */
  left: number;
  /** Unsubscribed because the chat blocked the bot or is gone. */
  blocked: number;
}

/** Why a resident's own unsubscribe is recorded; anything else is a chat that cannot be messaged. */
export const RESIDENT_REASON = "resident";

/** Ids per `in (...)` list: well under both databases' parameter limits. */
const CHUNK = 500;

type Eb = ExpressionBuilder<Tables & SubscriptionTables & { s: SubscriptionTables["subscribers"] }, "s">;

/**
 * The `subscribers` table and its villages and topics: residents subscribe, change and
 * unsubscribe here; campaigns read their audience through `Audience` (src/subscriptions/types.ts).
 * A row is never deleted: unsubscribing sets unsubscribed_at and the reason.
 */
export class SubscriberRepository implements Audience {
  private readonly db: SubscriptionDb;

  constructor(
    records: RecordsDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.db = subscriptionDb(records);
  }

  /** The chat's subscription, active or ended; undefined when it never subscribed. */
  async find(channel: MessengerName, chatId: string): Promise<Subscription | undefined> {
    const row = await this.db
      .selectFrom("subscribers")
      .selectAll()
      .where("channel", "=", channel)
      .where("chat_id", "=", chatId)
      .executeTakeFirst();
    if (!row) return undefined;
    const [withChoices] = await this.withChoices([row]);
    return withChoices;
  }

  /**
   * Subscribes the chat (again): "already" when it is subscribed, which only refreshes the
   * language. A returning chat starts over with all villages and topics.
   */
  async subscribe(to: { channel: MessengerName; chatId: string; userId: string; language: Language }): Promise<"subscribed" | "already"> {
    const now = this.now();
    // Every transaction here starts with a write: an SQLite reader that later writes cannot
    // wait for another writer (it fails "database is locked"), a writer first simply queues.
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto("subscribers")
        .values({ channel: to.channel, chat_id: to.chatId, user_id: to.userId, language: to.language, subscribed_at: now, updated_at: now })
        .onConflict((conflict) => conflict.columns(["channel", "chat_id"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      if (inserted) return "subscribed";
      const returning = await trx
        .updateTable("subscribers")
        .set({ user_id: to.userId, language: to.language, subscribed_at: now, unsubscribed_at: null, unsubscribed_reason: null, updated_at: now })
        .where("channel", "=", to.channel)
        .where("chat_id", "=", to.chatId)
        .where("unsubscribed_at", "is not", null)
        .returning("id")
        .executeTakeFirst();
      if (returning) {
        await trx.deleteFrom("subscriber_villages").where("subscriber_id", "=", returning.id).execute();
        await trx.deleteFrom("subscriber_topics").where("subscriber_id", "=", returning.id).execute();
        return "subscribed";
      }
      await trx.updateTable("subscribers").set({ language: to.language, updated_at: now }).where("channel", "=", to.channel).where("chat_id", "=", to.chatId).execute();
      return "already";
    });
  }

  /** Ends an active subscription; true when there was one. */
  async unsubscribe(channel: MessengerName, chatId: string, reason = RESIDENT_REASON): Promise<boolean> {
    const now = this.now();
    const result = await this.db
      .updateTable("subscribers")
      .set({ unsubscribed_at: now, unsubscribed_reason: reason.slice(0, 300), updated_at: now })
      .where("channel", "=", channel)
      .where("chat_id", "=", chatId)
      .where("unsubscribed_at", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async unsubscribeBlocked(channel: MessengerName, chatId: string, reason: string): Promise<void> {
    // A resident's own choice is told apart from a refusal by the reason; a blank one would hide it.
    await this.unsubscribe(channel, chatId, reason.trim() === "" || reason === RESIDENT_REASON ? "blocked" : reason);
  }

  async setLanguage(channel: MessengerName, chatId: string, language: Language): Promise<void> {
    await this.db
      .updateTable("subscribers")
      .set({ language, updated_at: this.now() })
      .where("channel", "=", channel)
      .where("chat_id", "=", chatId)
      .where("language", "!=", language)
      .execute();
  }

  /** Replaces the chosen villages (empty: all); false when the chat is not subscribed. */
  async setVillages(channel: MessengerName, chatId: string, villages: readonly string[]): Promise<boolean> {
    return this.replaceChoices(channel, chatId, "subscriber_villages", "village", villages);
  }

  /** Replaces the chosen topics (empty: all); false when the chat is not subscribed. */
  async setTopics(channel: MessengerName, chatId: string, topics: readonly string[]): Promise<boolean> {
    return this.replaceChoices(channel, chatId, "subscriber_topics", "topic", topics);
  }

  async count(filter: AudienceFilter): Promise<number> {
    const row = await this.db
      .selectFrom("subscribers as s")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where((eb) => matches(eb, filter))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async page(filter: AudienceFilter, afterId: number, limit: number): Promise<AudiencePage> {
    const size = Math.max(1, Math.floor(limit));
    // One row more than asked tells whether this page is the last.
    const rows = await this.db
      .selectFrom("subscribers as s")
      .selectAll("s")
      .where((eb) => eb.and([eb("s.id", ">", afterId), matches(eb, filter)]))
      .orderBy("s.id")
      .limit(size + 1)
      .execute();
    const more = rows.length > size;
    const subscribers = (await this.withChoices(rows.slice(0, size))).map(toSubscriber);
    return { subscribers, nextAfterId: more ? (subscribers.at(-1)?.id ?? null) : null };
  }

  /** Totals for the staff: active, left by choice, and ended because the chat cannot be reached. */
  async counts(): Promise<SubscriptionCounts> {
    const rows = await this.db
      .selectFrom("subscribers")
      .select((eb) => ["unsubscribed_reason", eb.fn.countAll<number>().as("n")])
      .groupBy("unsubscribed_reason")
      .execute();
    const counts: SubscriptionCounts = { active: 0, left: 0, blocked: 0 };
    for (const row of rows) {
      const n = Number(row.n);
      if (row.unsubscribed_reason === null) counts.active += n;
      else if (row.unsubscribed_reason === RESIDENT_REASON) counts.left += n;
      else counts.blocked += n;
    }
    return counts;
  }

  private async replaceChoices(
    channel: MessengerName,
    chatId: string,
    table: "subscriber_villages" | "subscriber_topics",
    column: "village" | "topic",
    keys: readonly string[],
  ): Promise<boolean> {
    const unique = [...new Set(keys)];
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable("subscribers")
        .set({ updated_at: this.now() })
        .where("channel", "=", channel)
        .where("chat_id", "=", chatId)
        .where("unsubscribed_at", "is", null)
        .returning("id")
        .executeTakeFirst();
      if (!row) return false;
      await trx.deleteFrom(table).where("subscriber_id", "=", row.id).execute();
      if (unique.length > 0) {
        const values = unique.map((key) => ({ subscriber_id: row.id, [column]: key }));
        await trx
          .insertInto(table)
          .values(values as Array<{ subscriber_id: number; village: string } & { subscriber_id: number; topic: string }>)
          .execute();
      }
      return true;
    });
  }

  private async withChoices(rows: readonly Row[]): Promise<Subscription[]> {
    const ids = rows.map((row) => Number(row.id));
    const villages = new Map<number, string[]>();
    const topics = new Map<number, string[]>();
    for (let start = 0; start < ids.length; start += CHUNK) {
      const part = ids.slice(start, start + CHUNK);
      const v = await this.db.selectFrom("subscriber_villages").select(["subscriber_id", "village"]).where("subscriber_id", "in", part).orderBy("village").execute();
      for (const row of v) push(villages, Number(row.subscriber_id), row.village);
      const t = await this.db.selectFrom("subscriber_topics").select(["subscriber_id", "topic"]).where("subscriber_id", "in", part).orderBy("topic").execute();
      for (const row of t) push(topics, Number(row.subscriber_id), row.topic);
    }
    return rows.map((row) => ({
      id: Number(row.id),
      channel: row.channel as MessengerName,
      chatId: row.chat_id,
      userId: row.user_id,
      language: row.language === "en" ? "en" : "vi",
      villages: villages.get(Number(row.id)) ?? [],
      topics: topics.get(Number(row.id)) ?? [],
      subscribedAt: Number(row.subscribed_at),
      active: row.unsubscribed_at === null,
      unsubscribedAt: row.unsubscribed_at === null ? null : Number(row.unsubscribed_at),
      unsubscribedReason: row.unsubscribed_reason,
    }));
  }
}

type Row = Selectable<SubscriberTable>;

/** The targeting rule of src/subscriptions/types.ts, as one SQL condition on active subscribers. */
function matches(eb: Eb, filter: AudienceFilter) {
  const conditions = [eb("s.unsubscribed_at", "is", null)];
  if (filter.villages.length > 0) {
    const chosen = eb.selectFrom("subscriber_villages as v").select("v.subscriber_id").whereRef("v.subscriber_id", "=", "s.id");
    conditions.push(eb.or([eb.not(eb.exists(chosen)), eb.exists(chosen.where("v.village", "in", [...filter.villages]))]));
  }
  if (filter.topics.length > 0) {
    const chosen = eb.selectFrom("subscriber_topics as t").select("t.subscriber_id").whereRef("t.subscriber_id", "=", "s.id");
    conditions.push(eb.or([eb.not(eb.exists(chosen)), eb.exists(chosen.where("t.topic", "in", [...filter.topics]))]));
  }
  return eb.and(conditions);
}

function toSubscriber(subscription: Subscription): Subscriber {
  const { id, channel, chatId, language, villages, topics, subscribedAt } = subscription;
  return { id, channel, chatId, language, villages, topics, subscribedAt };
}

function push(map: Map<number, string[]>, key: number, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
