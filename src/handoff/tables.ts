import type { Generated, Kysely } from "kysely";
import type { RecordsDatabase } from "../records/database.js";
import type { Tables } from "../records/tables.js";

/**
 * The tables of questions to staff (migration 004-questions), as Kysely sees them. Times are
 * epoch ms.
 */

export type QuestionState = "open" | "closed";

/** One question a resident asked the desk: who, on which channel, and who of the staff took it. */
export interface QuestionTable {
  id: Generated<number>;
  channel: string;
  chat_id: string;
  user_id: string;
  display_name: string | null;
  language: string;
  /** The procedure the resident looked at last, for the staff's context. */
  procedure_id: string | null;
  state: QuestionState;
  /** The incoming message that opened it: a turn handled twice opens it once. */
  origin: string | null;
  /** The usage-log entry (a search) that led to it. */
  source_event: number | null;
  created_at: number;
  /** When the question is (or was) relayed to the staff chat: later than created_at when held outside hours. */
  relay_due_at: number;
  last_resident_at: number;
  last_staff_at: number | null;
  claimed_channel: string | null;
  claimed_user: string | null;
  claimed_name: string | null;
  claimed_at: number | null;
  /** When it was announced again for being left unanswered (once). */
  reminded_at: number | null;
  closed_at: number | null;
  /** "resident", "staff:<channel>:<id>" or "idle". */
  closed_by: string | null;
}

export type MessageAuthor = "resident" | "staff";

/** The thread: the question itself, the resident's further messages and the staff's answers. */
export interface QuestionMessageTable {
  id: Generated<number>;
  question_id: number;
  author: MessageAuthor;
  channel: string;
  /** The chat it was written in (for a staff answer: where to report a failed delivery). */
  chat_id: string;
  user_id: string;
  display_name: string | null;
  text: string;
  origin: string | null;
  created_at: number;
}

/** What a delivery is for: the question to staff, a follow-up to staff, an answer to the resident, a reminder to staff. */
export type DeliveryPurpose = "ask" | "follow-up" | "answer" | "reminder";
/** held: waits for the desk to open; queued: in the outbox; then the outbox's outcome; dropped: no longer needed. */
export type DeliveryState = "held" | "queued" | "sent" | "blocked" | "failed" | "dropped";

/** Every message relayed for a question, with the outbox's outcome once known. */
export interface QuestionDeliveryTable {
  id: Generated<number>;
  question_id: number;
  message_id: number | null;
  purpose: DeliveryPurpose;
  /** The outbox dedupe key: the message is stored once however often it is enqueued. */
  dedupe_key: string;
  channel: string;
  chat_id: string;
  state: DeliveryState;
  due_at: number;
  created_at: number;
  settled_at: number | null;
  /** Platform ids of the delivered parts, JSON. */
  platform_ids: string | null;
  reason: string | null;
}

/** A message in the staff chat that stands for a question: a reply to it answers the question. */
export interface QuestionRelayTable {
  channel: string;
  chat_id: string;
  platform_message_id: string;
  question_id: number;
}

// A type alias (not an interface) so it satisfies withTables' record constraint.
export type HandoffTables = {
  questions: QuestionTable;
  question_messages: QuestionMessageTable;
  question_deliveries: QuestionDeliveryTable;
  question_relays: QuestionRelayTable;
};

export type HandoffDb = Kysely<Tables & HandoffTables>;

export function handoffDb(records: RecordsDatabase): HandoffDb {
  return records.db.withTables<HandoffTables>();
}
