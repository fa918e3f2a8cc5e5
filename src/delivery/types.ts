import type { ChannelName, Incoming } from "../core/types.js";
import type { OutboxAddress, OutboxBody } from "../records/outbox.js";

/** The messenger channels that receive updates and send through the outbox. */
export type MessengerName = Extract<ChannelName, "telegram" | "zalo">;

/** One message to send, as the outbox hands it to a channel. */
export interface Envelope {
  chatId: string;
  address: OutboxAddress;
  body: OutboxBody;
  /** Parts already delivered by an earlier attempt; sending resumes after them. */
  startAtPart: number;
  /**
   * Awaited before each part after the first one this call sends: the delivery layer's pacing
   * of one chat (background messages only; a reply's parts go at once). It throws when the
   * sender is stopping; the send then ends like a failure, with the parts sent so far.
   */
  beforeNextPart?: () => Promise<void>;
  /**
   * One message of a campaign to many chats: a channel may send it in the platform's paid
   * high-throughput mode where one is configured (Telegram's paid broadcasts).
   */
  bulk?: boolean;
}

/**
 * How one send ended, in terms the outbox acts on: sent; blocked (the chat cannot be
 * messaged, never retried); quota (the platform's allowance is used up: pause); failed
 * (transient: retry with backoff; otherwise give up).
 */
export type SendResult =
  | { status: "sent"; messageIds: string[] }
  | { status: "blocked"; reason: string; partsSent: number }
  | { status: "quota"; reason: string; partsSent: number; retryAfterMs?: number }
  | { status: "failed"; reason: string; transient: boolean; partsSent: number; retryAfterMs?: number };

/** What a native update means for the bot. */
export type Interpretation =
  | { type: "message"; incoming: Incoming; address: OutboxAddress }
  /** The chat blocked the bot or removed it (Telegram's my_chat_member). */
  | { type: "blocked"; chatId: string; reason: string }
  | { type: "unblocked"; chatId: string }
  /** Not for the bot (a group conversation, a service message). */
  | { type: "ignore" };

/**
 * The narrow face a messenger channel shows the delivery layer: identify and order updates,
 * say what they mean, and send. Everything durable (inbox, outbox, retries, pacing, ordering)
 * is the delivery layer's, the same for every channel.
 */
export interface ChannelPort<Update = unknown> {
  readonly name: MessengerName;
  /** The platform's identity of one delivery; a repeated delivery has the same key. */
  deliveryKey(update: Update): string;
  /** Updates with the same key are handled in order; null: no order needed. */
  chatKey(update: Update): string | null;
  /** A payload read back from the inbox, validated; null when it no longer parses. */
  parseStored(payload: unknown): Update | null;
  /** Whether `interpret` can run yet (Telegram must know its own name first). */
  ready(): boolean;
  interpret(update: Update): Promise<Interpretation>;
  send(envelope: Envelope): Promise<SendResult>;
  /** Shows "typing…" in the chat, where the platform has it. */
  typing?(chatId: string): Promise<void>;
}

/** How the HTTP route or poller hands updates over. */
export interface Intake {
  /**
   * Stores the updates durably, then schedules them. Resolves once they are stored: only then
   * may the platform be told they were received. Rejects when they could not be stored.
   */
  ingest(channel: MessengerName, updates: readonly unknown[]): Promise<void>;
  /** False while stopping: webhooks answer 503, pollers stop fetching. */
  accepting(): boolean;
}
