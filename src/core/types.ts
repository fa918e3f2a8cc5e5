/**
 * The channel-neutral message model. Adapters (Telegram, Zalo, terminal) turn native updates
 * into `Incoming` and render `Reply` objects their own way; the core never sees a native type.
 */

export type ChannelName = "telegram" | "zalo" | "console" | "cli";

export type Language = "vi" | "en";

/** What kind of native message arrived; non-text kinds get a short polite answer. */
export type IncomingKind = "text" | "choice" | "unsupported";

export interface Incoming {
  channel: ChannelName;
  /** Where replies go (a private chat or a group). */
  chatId: string;
  /** Who wrote; staff checks use this, never the chat id. */
  userId: string;
  kind: IncomingKind;
  /** The typed text (kind "text"). */
  text?: string;
  /** A choice payload picked by a button (kind "choice"), e.g. "p:khai-sinh". */
  choice?: string;
  /** Language hint from the platform (e.g. Telegram's language_code). */
  locale?: string;
  /** Native kind name for unsupported messages ("photo", "sticker", ...), for logs only. */
  nativeKind?: string;
  /** The sender's display name as the platform shows it (for staff who answer them). */
  displayName?: string;
  /** The platform's id of this message. */
  messageId?: string;
  /** When the message answers one of the bot's messages: that message's platform id. */
  replyToMessageId?: string;
}

/** Where a message for another chat goes. */
export interface ChatAddress {
  channel: ChannelName;
  chatId: string;
}

/** Why the bot writes to a chat that did not just write to it; also its sending priority. */
export type OutboundKind = "relay" | "notice" | "broadcast";

/**
 * A message for a chat other than the one being answered (a staff relay, a status notice).
 * It goes through the durable outbox of its channel.
 */
export interface OutboundMessage {
  to: ChatAddress;
  replies: Reply[];
  language: Language;
  kind: OutboundKind;
  /** The same key twice stores the message once (e.g. "dossier:X:change:3:telegram:42"). */
  dedupeKey?: string;
  /** What the message belongs to, for counting outcomes (e.g. "question:17"). */
  ref?: string;
}

/** A button or numbered option. `payload` is what comes back as `Incoming.choice`. */
export interface Choice {
  label: string;
  payload: string;
}

/** A titled group of lines: the unit adapters render (bold title on Telegram, plain elsewhere). */
export interface Block {
  title?: string;
  lines: string[];
}

export interface Reply {
  blocks: Block[];
  /** Options offered to the user: inline keyboard on Telegram, numbered list elsewhere. */
  choices?: Choice[];
  /** A hint shown before numbered choices on channels without buttons. */
  choicesPrompt?: string;
}

/**
 * "handoff": a turn about a question to staff (asking, a thread message, a staff answer or command).
 * "broadcast": a staff command about announcements (src/broadcasts).
 */
export type Intent = "help" | "procedure" | "status" | "subscribe" | "unsubscribe" | "handoff" | "broadcast" | "unknown";

export type Section = "documents" | "fees" | "time" | "steps" | "where" | "online" | "legal";

export const SECTIONS: readonly Section[] = [
  "documents",
  "fees",
  "time",
  "steps",
  "where",
  "online",
  "legal",
];

export interface Candidate {
  id: string;
  code: string;
  name: string;
  score: number;
}

/** What the core decided, alongside the replies; used by `ask --json`, metrics and tests. */
export interface Outcome {
  intent: Intent;
  procedure: { id: string; code: string; name: string } | null;
  section: Section | null;
  candidates: Candidate[];
  receiptCode: string | null;
  replies: Reply[];
  /** The language the replies are in; adapters render hints in it. */
  language: Language;
  /** Messages for other chats, sent through their channel's outbox. */
  outbound: OutboundMessage[];
}

/** Plain-text rendering of a reply, used by the terminal and the ask tool. */
export function replyToPlainText(reply: Reply, numbered = true): string {
  const parts = reply.blocks.map((block) =>
    [block.title, ...block.lines].filter((line) => line !== undefined && line !== "").join("\n"),
  );
  if (reply.choices && reply.choices.length > 0 && numbered) {
    const list = reply.choices.map((choice, index) => `${index + 1}. ${choice.label}`);
    parts.push([reply.choicesPrompt, ...list].filter(Boolean).join("\n"));
  }
  return parts.filter((part) => part.length > 0).join("\n\n");
}
