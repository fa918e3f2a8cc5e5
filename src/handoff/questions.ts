import type { Selectable } from "kysely";
import type { RecordsDatabase } from "../records/database.js";
import {
  handoffDb,
  type DeliveryPurpose,
  type DeliveryState,
  type HandoffDb,
  type MessageAuthor,
  type QuestionDeliveryTable,
  type QuestionMessageTable,
  type QuestionTable,
} from "./tables.js";

/**
 * Questions to staff in the records store. Sessions expire; a question and its thread do not.
 * Writes that a repeated turn could repeat are keyed by the incoming message (`origin`), and
 * the staff's claim on a question is one conditional update, so two staff members answering
 * at the same moment (or two instances) cannot both take it.
 */

export type Question = Selectable<QuestionTable>;
export type QuestionMessage = Selectable<QuestionMessageTable>;
export type Delivery = Selectable<QuestionDeliveryTable>;

export interface Author {
  channel: string;
  chatId: string;
  userId: string;
  displayName?: string;
}

export interface NewQuestion extends Author {
  language: string;
  procedureId?: string;
  text: string;
  origin?: string;
  sourceEvent?: number;
  /** When the question goes to the staff chat: now, or when the desk opens. */
  relayDueAt: number;
}

export interface NewDelivery {
  questionId: number;
  messageId?: number;
  purpose: DeliveryPurpose;
  dedupeKey: string;
  channel: string;
  chatId: string;
  state: Extract<DeliveryState, "held" | "queued">;
  dueAt: number;
}

export type ClaimResult =
  | { outcome: "claimed" | "mine"; question: Question }
  | { outcome: "taken" | "closed"; question: Question }
  | { outcome: "missing" };

/** An open question with what `/cho` shows about it. */
export interface OpenQuestion {
  question: Question;
  firstText: string;
  /** Who wrote last in the thread. */
  lastAuthor: MessageAuthor;
}

export class QuestionRepository {
  private readonly db: HandoffDb;

  constructor(
    records: RecordsDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.db = handoffDb(records);
  }

  /**
   * Opens a question with its first message; the same origin twice gives the question opened
   * the first time (`created` false).
   */
  async open(input: NewQuestion): Promise<{ question: Question; message: QuestionMessage; created: boolean }> {
    const now = this.now();
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto("questions")
        .values({
          channel: input.channel,
          chat_id: input.chatId,
          user_id: input.userId,
          display_name: input.displayName ?? null,
          language: input.language,
          procedure_id: input.procedureId ?? null,
          state: "open",
          origin: input.origin ?? null,
          source_event: input.sourceEvent ?? null,
          created_at: now,
          relay_due_at: input.relayDueAt,
          last_resident_at: now,
        })
        .onConflict((conflict) => conflict.column("origin").doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) {
        const question = await trx.selectFrom("questions").selectAll().where("origin", "=", input.origin ?? "").executeTakeFirstOrThrow();
        const message = await trx.selectFrom("question_messages").selectAll().where("question_id", "=", question.id).orderBy("id").executeTakeFirstOrThrow();
        return { question, message, created: false };
      }
      const message = await trx
        .insertInto("question_messages")
        .values({ ...messageRow(inserted.id, "resident", input, input.text, now), origin: null })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { question: inserted, message, created: true };
    });
  }

  async get(id: number): Promise<Question | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0) return undefined;
    return this.db.selectFrom("questions").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** The open question of a chat, if any (a chat has at most one: its messages go there). */
  async openIn(channel: string, chatId: string): Promise<Question | undefined> {
    return this.db
      .selectFrom("questions")
      .selectAll()
      .where("channel", "=", channel)
      .where("chat_id", "=", chatId)
      .where("state", "=", "open")
      .orderBy("id", "desc")
      .executeTakeFirst();
  }

  /** Adds a message to a thread; the same origin twice adds it once (`created` false). */
  async addMessage(questionId: number, author: MessageAuthor, from: Author, text: string, origin?: string): Promise<{ message: QuestionMessage; created: boolean }> {
    const now = this.now();
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto("question_messages")
        .values({ ...messageRow(questionId, author, from, text, now), origin: origin ?? null })
        .onConflict((conflict) => conflict.column("origin").doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) {
        const message = await trx.selectFrom("question_messages").selectAll().where("origin", "=", origin ?? "").executeTakeFirstOrThrow();
        return { message, created: false };
      }
      await trx
        .updateTable("questions")
        .set(author === "resident" ? { last_resident_at: now } : { last_staff_at: now })
        .where("id", "=", questionId)
        .execute();
      return { message: inserted, created: true };
    });
  }

  /** The question as the resident first wrote it. */
  async firstMessage(questionId: number): Promise<QuestionMessage | undefined> {
    return this.db.selectFrom("question_messages").selectAll().where("question_id", "=", questionId).orderBy("id").executeTakeFirst();
  }

  async message(id: number): Promise<QuestionMessage | undefined> {
    return this.db.selectFrom("question_messages").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /**
   * The first staff member to answer takes the question: one conditional update, so of two
   * at the same moment exactly one gets "claimed" and the other sees who took it.
   */
  async claim(questionId: number, staff: Author): Promise<ClaimResult> {
    const now = this.now();
    const claimed = await this.db
      .updateTable("questions")
      .set({ claimed_channel: staff.channel, claimed_user: staff.userId, claimed_name: staff.displayName ?? null, claimed_at: now })
      .where("id", "=", questionId)
      .where("state", "=", "open")
      .where("claimed_user", "is", null)
      .returningAll()
      .executeTakeFirst();
    if (claimed) return { outcome: "claimed", question: claimed };
    const question = await this.get(questionId);
    if (!question) return { outcome: "missing" };
    if (question.state !== "open") return { outcome: "closed", question };
    const mine = question.claimed_channel === staff.channel && question.claimed_user === staff.userId;
    return { outcome: mine ? "mine" : "taken", question };
  }

  /** Closes an open question; the question when this call closed it, else undefined. */
  async close(questionId: number, by: string): Promise<Question | undefined> {
    const now = this.now();
    const closed = await this.db
      .updateTable("questions")
      .set({ state: "closed", closed_at: now, closed_by: by })
      .where("id", "=", questionId)
      .where("state", "=", "open")
      .returningAll()
      .executeTakeFirst();
    if (closed) await this.dropHeld(questionId);
    return closed;
  }

  /** Open questions, oldest first, with their first text and who wrote last. */
  async listOpen(limit: number): Promise<{ questions: OpenQuestion[]; total: number }> {
    const total = await this.db
      .selectFrom("questions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("state", "=", "open")
      .executeTakeFirstOrThrow();
    const questions = await this.db.selectFrom("questions").selectAll().where("state", "=", "open").orderBy("created_at").orderBy("id").limit(limit).execute();
    const listed: OpenQuestion[] = [];
    for (const question of questions) {
      const messages = await this.db
        .selectFrom("question_messages")
        .select(["author", "text", "id"])
        .where("question_id", "=", question.id)
        .orderBy("id")
        .execute();
      listed.push({ question, firstText: messages[0]?.text ?? "", lastAuthor: messages.at(-1)?.author ?? "resident" });
    }
    return { questions: listed, total: Number(total.n) };
  }

  // --- deliveries ----------------------------------------------------------------------------

  /** Records a message relayed for a question; a dedupe key recorded before is left as it is. */
  async addDelivery(delivery: NewDelivery): Promise<void> {
    await this.db
      .insertInto("question_deliveries")
      .values({
        question_id: delivery.questionId,
        message_id: delivery.messageId ?? null,
        purpose: delivery.purpose,
        dedupe_key: delivery.dedupeKey,
        channel: delivery.channel,
        chat_id: delivery.chatId,
        state: delivery.state,
        due_at: delivery.dueAt,
        created_at: this.now(),
      })
      .onConflict((conflict) => conflict.column("dedupe_key").doNothing())
      .execute();
  }

  /** Held deliveries whose time has come, oldest first. */
  async dueHeld(now: number, limit: number): Promise<Delivery[]> {
    return this.db
      .selectFrom("question_deliveries")
      .selectAll()
      .where("state", "=", "held")
      .where("due_at", "<=", now)
      .orderBy("due_at")
      .orderBy("id")
      .limit(limit)
      .execute();
  }

  /** Deliveries handed to the outbox whose outcome is not known yet. */
  async queued(limit: number, channel?: string, chatId?: string): Promise<Delivery[]> {
    let query = this.db.selectFrom("question_deliveries").selectAll().where("state", "=", "queued");
    if (channel !== undefined) query = query.where("channel", "=", channel);
    if (chatId !== undefined) query = query.where("chat_id", "=", chatId);
    return query.orderBy("id").limit(limit).execute();
  }

  async setDeliveryState(ids: readonly number[], from: DeliveryState, to: DeliveryState): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable("question_deliveries").set({ state: to }).where("id", "in", [...ids]).where("state", "=", from).execute();
  }

  /** The outbox's final outcome of a queued delivery; true when this call recorded it. */
  async settle(id: number, state: Extract<DeliveryState, "sent" | "blocked" | "failed" | "dropped">, platformIds: readonly string[], reason: string | null): Promise<boolean> {
    const result = await this.db
      .updateTable("question_deliveries")
      .set({ state, settled_at: this.now(), platform_ids: JSON.stringify(platformIds), reason: reason?.slice(0, 500) ?? null })
      .where("id", "=", id)
      .where("state", "=", "queued")
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Held messages of a question that are no longer needed (answered early, closed). */
  async dropHeld(questionId: number): Promise<void> {
    await this.db.updateTable("question_deliveries").set({ state: "dropped", settled_at: this.now() }).where("question_id", "=", questionId).where("state", "=", "held").execute();
  }

  // --- staff-chat messages that stand for a question ------------------------------------------

  async recordRelayIds(questionId: number, channel: string, chatId: string, platformIds: readonly string[]): Promise<void> {
    if (platformIds.length === 0) return;
    await this.db
      .insertInto("question_relays")
      .values(platformIds.map((id) => ({ channel, chat_id: chatId, platform_message_id: id, question_id: questionId })))
      .onConflict((conflict) => conflict.columns(["channel", "chat_id", "platform_message_id"]).doNothing())
      .execute();
  }

  /** The question a message in the staff chat stands for. */
  async questionOfRelay(channel: string, chatId: string, platformMessageId: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom("question_relays")
      .select("question_id")
      .where("channel", "=", channel)
      .where("chat_id", "=", chatId)
      .where("platform_message_id", "=", platformMessageId)
      .executeTakeFirst();
    return row?.question_id;
  }

  // --- reminders and clean-up -----------------------------------------------------------------

  /** Open questions nobody answered, due to staff at or before `before`, not announced again yet. */
  async unansweredSince(before: number, limit: number): Promise<Question[]> {
    return this.db
      .selectFrom("questions")
      .selectAll()
      .where("state", "=", "open")
      .where("last_staff_at", "is", null)
      .where("reminded_at", "is", null)
      .where("relay_due_at", "<=", before)
      .orderBy("id")
      .limit(limit)
      .execute();
  }

  /** Marks a question as announced again; true when this call did (once per question). */
  async markReminded(questionId: number): Promise<boolean> {
    const result = await this.db
      .updateTable("questions")
      .set({ reminded_at: this.now() })
      .where("id", "=", questionId)
      .where("reminded_at", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Closes answered questions with no message since `before`; their ids. */
  async closeIdle(before: number): Promise<number[]> {
    const now = this.now();
    const closed = await this.db
      .updateTable("questions")
      .set({ state: "closed", closed_at: now, closed_by: "idle" })
      .where("state", "=", "open")
      .where("last_staff_at", "is not", null)
      .where("last_staff_at", "<", before)
      .where("last_resident_at", "<", before)
      .returning("id")
      .execute();
    return closed.map((row) => row.id);
  }
}

function messageRow(questionId: number, author: MessageAuthor, from: Author, text: string, now: number) {
  return {
    question_id: questionId,
    author,
    channel: from.channel,
    chat_id: from.chatId,
    user_id: from.userId,
    display_name: from.displayName ?? null,
    text,
    created_at: now,
  };
}
