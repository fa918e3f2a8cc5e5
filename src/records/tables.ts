import type { Generated } from "kysely";

/**
 * The records store's tables, as Kysely sees them. Times are epoch milliseconds (bigint in
 * PostgreSQL, integer in SQLite) so both dialects compare and sort them the same way; JSON
 * documents are text, parsed and validated by the repository that owns the table.
 */

/** Native updates received from a messenger, kept until their replies are in the outbox. */
export interface InboxTable {
  id: Generated<number>;
  channel: string;
  /** The platform's identity of one delivery (Telegram update_id, Zalo event + message id). */
  delivery_key: string;
  /** Updates of one chat are handled in order; null when the update belongs to no chat. */
  chat_key: string | null;
  /** The native update, JSON. */
  payload: string;
  state: "queued" | "done" | "failed";
  attempts: number;
  /** Instance holding the lease, if any. */
  owner: string | null;
  lease_until: number;
  received_at: number;
  done_at: number | null;
  error: string | null;
}

/** Messages the bot owes someone: replies, notices, staff relays, broadcast messages. */
export interface OutboxTable {
  id: Generated<number>;
  channel: string;
  chat_id: string;
  /** Channel-specific routing beyond the chat (forum topic, message to quote), JSON. */
  address: string;
  /** The channel-neutral replies and their language, JSON. */
  body: string;
  kind: string;
  /** Lower goes first: replies to people who are chatting before anything else. */
  priority: number;
  /** Makes an enqueue idempotent: a second message with the same key is not stored. */
  dedupe_key: string | null;
  /** What the message belongs to (a campaign, a question…), for counting results. */
  ref: string | null;
  state: "pending" | "sent" | "blocked" | "failed" | "cancelled";
  attempts: number;
  /** Parts of a long message already delivered, so a retry does not repeat them. */
  parts_sent: number;
  next_attempt_at: number;
  owner: string | null;
  lease_until: number;
  created_at: number;
  /** After this time a message that still fails is given up. */
  give_up_at: number;
  sent_at: number | null;
  /** Platform message ids of the delivered parts, JSON array. */
  message_ids: string | null;
  error: string | null;
}

/** Chats the bot has heard of and whether they can still be messaged. */
export interface ChatTable {
  channel: string;
  chat_id: string;
  blocked_at: number | null;
  blocked_reason: string | null;
  updated_at: number;
}

/** Named leases: one holder at a time, taken over when the holder stops renewing. */
export interface LeaseTable {
  name: string;
  owner: string;
  expires_at: number;
}

/** Who did what as staff, and when. */
export interface AuditTable {
  id: Generated<number>;
  at: number;
  channel: string;
  user_id: string;
  action: string;
  /** Details of the action, JSON. */
  detail: string;
}

export interface Tables {
  inbox: InboxTable;
  outbox: OutboxTable;
  chats: ChatTable;
  leases: LeaseTable;
  audit_log: AuditTable;
}
