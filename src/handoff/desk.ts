import type { Catalog, Procedure } from "../catalog/schema.js";
import type { ChatAddress, Language, OutboundMessage, Reply } from "../core/types.js";
import { outboxMessagesOf } from "../delivery/outbound.js";
import type { UsageLog } from "../reports/usage-log.js";
import type { OutboxRepository } from "../records/outbox.js";
import { handoffMessages, type HandoffMessages } from "./messages.js";
import type { OfficeHours } from "./office-hours.js";
import type { Author, Delivery, Question, QuestionMessage, QuestionRepository } from "./questions.js";
import type { HandoffSettings } from "./settings.js";
import type { DeliveryPurpose } from "./tables.js";
import { describeWhen, minutesBetween, stamp } from "./when.js";

/**
 * The desk: what happens to questions, whoever asks for it (a resident's turn, a staff
 * member's turn, the periodic jobs). It writes the records and builds the messages for other
 * chats; callers put those in the turn's outcome (stored with the turn) or in the outbox.
 *
 * Every relayed message has a dedupe key derived from the question and the thread message, so
 * a turn handled twice, a job and a turn racing, or a restart store each message once.
 */

export interface DeskDeps {
  questions: QuestionRepository;
  outbox: Pick<OutboxRepository, "enqueue" | "outcomesOf">;
  usage: UsageLog;
  hours: OfficeHours;
  catalog: Catalog;
  settings: HandoffSettings;
  now: () => number;
}

/** A staff member acting on a question. */
export interface StaffMember extends Author {
  name: string;
}

export type AnswerResult =
  | { kind: "sent"; question: Question; outbound: OutboundMessage[]; firstAnswer: boolean }
  | { kind: "taken"; question: Question }
  | { kind: "closed"; question: Question }
  | { kind: "missing" };

export type CloseResult = { kind: "closed"; question: Question; outbound: OutboundMessage[] } | { kind: "not-open"; question: Question } | { kind: "missing" };

/** A delivery whose outbox row has not appeared this long after it was recorded was lost with its turn. */
const LOST_AFTER_MS = 10 * 60_000;
const HARVEST_BATCH = 500;

export class Desk {
  private readonly procedures: ReadonlyMap<string, Procedure>;

  constructor(private readonly deps: DeskDeps) {
    this.procedures = new Map(deps.catalog.procedures.map((procedure) => [procedure.id, procedure]));
  }

  /** Whether questions can reach staff at all (a staff chat is configured). */
  get enabled(): boolean {
    return this.deps.settings.staffChatId !== undefined;
  }

  get settings(): HandoffSettings {
    return this.deps.settings;
  }

  get hours(): OfficeHours {
    return this.deps.hours;
  }

  get questions(): QuestionRepository {
    return this.deps.questions;
  }

  get staffChat(): ChatAddress {
    return { channel: "telegram", chatId: this.deps.settings.staffChatId ?? "" };
  }

  private get staffText(): HandoffMessages {
    return handoffMessages(this.deps.settings.staffLanguage);
  }

  /** When something written now reaches the staff chat: now, or when the desk opens (hold mode). */
  relayDueAt(now: number): number {
    if (this.deps.settings.relayOutsideHours === "now") return now;
    return this.deps.hours.nextOpening(now) ?? now;
  }

  // --- residents ----------------------------------------------------------------------------------

  async openQuestion(input: {
    author: Author;
    language: Language;
    text: string;
    origin?: string;
    procedureId?: string;
    sourceEvent?: number;
  }): Promise<{ question: Question; outbound: OutboundMessage[]; created: boolean }> {
    const now = this.deps.now();
    const { question, message, created } = await this.deps.questions.open({
      ...input.author,
      language: input.language,
      text: input.text,
      origin: input.origin,
      procedureId: input.procedureId,
      sourceEvent: input.sourceEvent,
      relayDueAt: this.relayDueAt(now),
    });
    if (created) {
      await this.deps.usage.record({ channel: input.author.channel, kind: "handoff", text: input.text, procedureId: input.procedureId, questionId: question.id });
      if (input.sourceEvent !== undefined) await this.deps.usage.linkQuestion(input.sourceEvent, question.id);
    }
    const outbound = await this.relay(question, message, "ask", question.relay_due_at);
    return { question, outbound, created };
  }

  /** A resident's further message in the thread: relayed now, or with the question when it is still held. */
  async addResidentMessage(question: Question, author: Author, text: string, origin?: string): Promise<{ message: QuestionMessage; outbound: OutboundMessage[]; heldUntil?: number }> {
    const { message } = await this.deps.questions.addMessage(question.id, "resident", author, text, origin);
    const now = this.deps.now();
    // Held with the question while it waits for the desk; once staff have answered, they are on it.
    const dueAt = question.last_staff_at === null ? Math.max(now, question.relay_due_at) : now;
    const outbound = await this.relay(question, message, "follow-up", dueAt);
    return { message, outbound, ...(dueAt > now ? { heldUntil: dueAt } : {}) };
  }

  async closeByResident(question: Question): Promise<OutboundMessage[]> {
    const closed = await this.deps.questions.close(question.id, "resident");
    if (!closed || closed.relay_due_at > this.deps.now()) return [];
    // Staff who saw the question learn it needs nothing more.
    return [this.toStaffChat(question, "resident-closed", [{ blocks: [{ lines: [this.staffText.residentClosed(question.id, this.nameOf(question))] }] }])];
  }

  // --- staff --------------------------------------------------------------------------------------

  /**
   * A staff member's answer. The first to answer takes the question; an answer from someone
   * else is refused, and the resident gets nothing twice.
   */
  async answer(questionId: number, staff: StaffMember, text: string, origin?: string): Promise<AnswerResult> {
    const claim = await this.deps.questions.claim(questionId, staff);
    if (claim.outcome === "missing") return { kind: "missing" };
    if (claim.outcome === "taken" || claim.outcome === "closed") return { kind: claim.outcome, question: claim.question };
    const { question } = claim;
    const { message, created } = await this.deps.questions.addMessage(question.id, "staff", staff, text, origin);
    // Answered before the question went out (from /cho): the held relays are no longer news.
    await this.deps.questions.dropHeld(question.id);
    const outbound = await this.relay(question, message, "answer", this.deps.now());
    const elsewhere = staff.channel !== this.staffChat.channel || staff.chatId !== this.staffChat.chatId;
    if (claim.outcome === "claimed" && elsewhere) {
      outbound.push(this.toStaffChat(question, "taken", [{ blocks: [{ lines: [this.staffText.takenNotice(question.id, staff.name)] }] }]));
    }
    return { kind: "sent", question, outbound, firstAnswer: claim.outcome === "claimed" && created };
  }

  async closeByStaff(questionId: number, staff: StaffMember): Promise<CloseResult> {
    const question = await this.deps.questions.get(questionId);
    if (!question) return { kind: "missing" };
    const closed = await this.deps.questions.close(questionId, `staff:${staff.channel}:${staff.userId}`);
    if (!closed) return { kind: "not-open", question };
    const text = handoffMessages(languageOf(question));
    const outbound: OutboundMessage[] = [
      {
        to: { channel: question.channel as ChatAddress["channel"], chatId: question.chat_id },
        replies: [{ blocks: [{ lines: [text.closedByStaffNotice(question.id)] }] }],
        language: languageOf(question),
        kind: "notice",
        dedupeKey: `question:${question.id}:closed`,
        ref: `question:${question.id}`,
      },
    ];
    const elsewhere = staff.channel !== this.staffChat.channel || staff.chatId !== this.staffChat.chatId;
    if (elsewhere) outbound.push(this.toStaffChat(question, "staff-closed", [{ blocks: [{ lines: [this.staffText.closedNotice(question.id, staff.name)] }] }]));
    return { kind: "closed", question: closed, outbound };
  }

  /** `/cho`: the open questions with their age and who is on them. */
  async openList(language: Language, limit = 30): Promise<Reply> {
    const text = handoffMessages(language);
    const now = this.deps.now();
    const { questions, total } = await this.deps.questions.listOpen(limit);
    if (total === 0) return { blocks: [{ lines: [text.listEmpty] }] };
    const lines = questions.flatMap(({ question, firstText, lastAuthor }) => {
      const claimedBy = question.claimed_name ?? (question.claimed_user ? text.someStaff : undefined);
      const status = claimedBy
        ? lastAuthor === "resident"
          ? text.statusFollowUp(claimedBy)
          : text.statusAnswering(claimedBy)
        : question.relay_due_at > now
          ? text.statusHeld(describeWhen(question.relay_due_at, now, text))
          : text.statusWaiting;
      const item = text.listItem({
        ref: question.id,
        channel: text.channelNames[question.channel] ?? question.channel,
        name: question.display_name ?? text.anonymous,
        age: text.age(minutesBetween(question.created_at, now)),
        status,
      });
      return [item, `   “${excerpt(firstText, 100)}”`];
    });
    if (total > questions.length) lines.push(text.listMore(total - questions.length));
    return { blocks: [{ title: text.listTitle(total), lines }, { lines: [text.listHow] }] };
  }

  /**
   * The question a staff-chat message stands for. The mapping is recorded when the outbox
   * reports a relay sent; a reply can arrive before the periodic job saw that, so the relays
   * of that chat are looked at once more before giving up.
   */
  async questionOfRelay(channel: string, chatId: string, platformMessageId: string): Promise<number | undefined> {
    const known = await this.deps.questions.questionOfRelay(channel, chatId, platformMessageId);
    if (known !== undefined) return known;
    await this.harvest(await this.deps.questions.queued(HARVEST_BATCH, channel, chatId));
    return this.deps.questions.questionOfRelay(channel, chatId, platformMessageId);
  }

  // --- periodic work (see jobs.ts) ----------------------------------------------------------------

  /** Held messages whose time came (the desk opened): into the outbox. */
  async releaseDue(limit = 200): Promise<number> {
    const due = await this.deps.questions.dueHeld(this.deps.now(), limit);
    let released = 0;
    for (const delivery of due) {
      const message = await this.rebuild(delivery);
      if (message) await this.enqueue([message]);
      await this.deps.questions.setDeliveryState([delivery.id], "held", message ? "queued" : "dropped");
      released++;
    }
    return released;
  }

  /**
   * Learns what became of queued messages from the outbox: sent relays to the staff chat are
   * mapped (a reply to them answers the question); an answer that could not be delivered is
   * reported to the staff; a message whose turn was lost before it was stored is stored again.
   */
  async harvest(deliveries?: Delivery[]): Promise<void> {
    const queued = deliveries ?? (await this.deps.questions.queued(HARVEST_BATCH));
    if (queued.length === 0) return;
    const outcomes = new Map((await this.deps.outbox.outcomesOf(queued.map((delivery) => delivery.dedupe_key))).map((outcome) => [outcome.dedupeKey, outcome]));
    const now = this.deps.now();
    for (const delivery of queued) {
      const outcome = outcomes.get(delivery.dedupe_key);
      if (!outcome) {
        if (now - delivery.created_at > LOST_AFTER_MS) {
          const message = await this.rebuild(delivery);
          if (message) await this.enqueue([message]);
          else await this.deps.questions.settle(delivery.id, "dropped", [], "question gone");
        }
        continue;
      }
      if (outcome.state === "pending") continue;
      const state = outcome.state === "cancelled" ? "dropped" : outcome.state;
      if (!(await this.deps.questions.settle(delivery.id, state, outcome.messageIds, outcome.error))) continue;
      if (state === "sent" && delivery.purpose !== "answer") {
        await this.deps.questions.recordRelayIds(delivery.question_id, delivery.channel, delivery.chat_id, outcome.messageIds);
      }
      if ((state === "blocked" || state === "failed") && delivery.purpose === "answer") await this.reportUndelivered(delivery, state === "blocked");
    }
  }

  /** Questions left unanswered too long are announced again in the staff chat, once, while the desk is open. */
  async remind(limit = 50): Promise<number> {
    const now = this.deps.now();
    if (!this.enabled || !this.deps.hours.isOpen(now)) return 0;
    const waiting = await this.deps.questions.unansweredSince(now - this.deps.settings.remindAfterMs, limit);
    let reminded = 0;
    for (const question of waiting) {
      if (!(await this.deps.questions.markReminded(question.id))) continue;
      const first = await this.deps.questions.firstMessage(question.id);
      if (!first) continue;
      const [message] = await this.relay(question, first, "reminder", now);
      if (message) await this.enqueue([message]);
      reminded++;
    }
    return reminded;
  }

  async closeIdle(): Promise<number> {
    return (await this.deps.questions.closeIdle(this.deps.now() - this.deps.settings.closeIdleMs)).length;
  }

  // --- messages -----------------------------------------------------------------------------------

  /**
   * Records a delivery of `message` for `purpose` and returns it as an outbound message when
   * it is due now; a delivery due later is held for the jobs. The same message and purpose
   * always get the same dedupe key.
   */
  private async relay(question: Question, message: QuestionMessage, purpose: DeliveryPurpose, dueAt: number): Promise<OutboundMessage[]> {
    const outbound = this.build(question, message, purpose);
    const held = dueAt > this.deps.now();
    await this.deps.questions.addDelivery({
      questionId: question.id,
      messageId: message.id,
      purpose,
      dedupeKey: outbound.dedupeKey!,
      channel: outbound.to.channel,
      chatId: outbound.to.chatId,
      state: held ? "held" : "queued",
      dueAt,
    });
    return held ? [] : [outbound];
  }

  private build(question: Question, message: QuestionMessage, purpose: DeliveryPurpose): OutboundMessage {
    const ref = `question:${question.id}`;
    if (purpose === "answer") {
      const text = handoffMessages(languageOf(question));
      return {
        to: { channel: question.channel as ChatAddress["channel"], chatId: question.chat_id },
        replies: [{ blocks: [{ title: text.answerTitle(question.id), lines: [message.text] }, { lines: [text.answerFooter] }] }],
        language: languageOf(question),
        kind: "relay",
        dedupeKey: `${ref}:answer:${message.id}`,
        ref,
      };
    }
    const text = this.staffText;
    const channel = text.channelNames[question.channel] ?? question.channel;
    const name = this.nameOf(question);
    const how = { lines: [text.relayHow(question.id)] };
    if (purpose === "follow-up") {
      return this.toStaffChat(question, `msg:${message.id}`, [{ blocks: [{ title: text.followUpTitle(question.id, channel, name), lines: [message.text] }, how] }], "relay");
    }
    const procedure = question.procedure_id ? this.procedures.get(question.procedure_id) : undefined;
    const held = question.relay_due_at > question.created_at;
    const context = [
      ...(procedure ? [text.relayProcedure(procedure.name, procedure.code)] : []),
      held ? text.relayHeld(stamp(question.created_at)) : text.relayAsked(stamp(question.created_at)),
    ];
    if (purpose === "reminder") {
      const age = text.age(minutesBetween(question.relay_due_at, this.deps.now()));
      return this.toStaffChat(question, "remind", [{ blocks: [{ title: text.reminderTitle(question.id, age), lines: context }, { lines: [message.text] }, how] }], "relay");
    }
    return this.toStaffChat(question, "ask", [{ blocks: [{ title: text.relayTitle(question.id, channel, name), lines: context }, { lines: [message.text] }, how] }], "relay");
  }

  private toStaffChat(question: Question, key: string, replies: Reply[], kind: OutboundMessage["kind"] = "notice"): OutboundMessage {
    return {
      to: this.staffChat,
      replies,
      language: this.deps.settings.staffLanguage,
      kind,
      dedupeKey: `question:${question.id}:${key}`,
      ref: `question:${question.id}`,
    };
  }

  /** A delivery's message built again from the records (a held one, or one whose turn was lost). */
  private async rebuild(delivery: Delivery): Promise<OutboundMessage | undefined> {
    const question = await this.deps.questions.get(delivery.question_id);
    const message = delivery.message_id === null ? undefined : await this.deps.questions.message(delivery.message_id);
    if (!question || !message) return undefined;
    // A held relay of a question closed meanwhile is not news any more.
    if (question.state === "closed" && delivery.purpose !== "answer") return undefined;
    return this.build(question, message, delivery.purpose);
  }

  private async reportUndelivered(delivery: Delivery, blocked: boolean): Promise<void> {
    const question = await this.deps.questions.get(delivery.question_id);
    const message = delivery.message_id === null ? undefined : await this.deps.questions.message(delivery.message_id);
    if (!question) return;
    const notice = this.toStaffChat(question, `undelivered:${delivery.id}`, [{ blocks: [{ lines: [this.staffText.undelivered(question.id, blocked)] }] }]);
    const notices = [notice];
    // The staff member who answered from another chat (a private chat, Zalo) is told there too.
    if (message && (message.channel !== this.staffChat.channel || message.chat_id !== this.staffChat.chatId)) {
      notices.push({ ...notice, to: { channel: message.channel as ChatAddress["channel"], chatId: message.chat_id }, dedupeKey: `${notice.dedupeKey}:author` });
    }
    await this.enqueue(notices);
  }

  /** Outside a turn: straight into the outbox, where the running senders pick it up. */
  private async enqueue(messages: OutboundMessage[]): Promise<void> {
    await this.deps.outbox.enqueue(outboxMessagesOf(messages, this.deps.settings.giveUpAfterMs));
  }

  private nameOf(question: Question): string {
    return question.display_name ?? this.staffText.anonymous;
  }
}

export function languageOf(question: Question): Language {
  return question.language === "en" ? "en" : "vi";
}

function excerpt(text: string, length: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
