import type { CoreLogger } from "../core/bot.js";
import type { Turn } from "../core/context.js";
import type { Incoming, Reply } from "../core/types.js";
import type { AuditLog } from "../records/audit.js";
import type { UsageLog } from "../reports/usage-log.js";
import type { KeyValueStore } from "../storage/store.js";
import type { Desk } from "./desk.js";
import { handoffMessages, type HandoffMessages } from "./messages.js";
import type { Author } from "./questions.js";

/** What the feature's handlers share. */
export interface HandoffContext {
  desk: Desk;
  usage: UsageLog;
  store: KeyValueStore;
  audit: Pick<AuditLog, "record">;
  /** The report for the staff's /baocao command, if reports are wired in. */
  report?: (language: Turn["language"], period: string) => Promise<Reply[]>;
  logger?: CoreLogger;
}

/** The session flow this feature owns. */
export const FEATURE = "handoff";

export function textsOf(turn: Turn): HandoffMessages {
  return handoffMessages(turn.language);
}

export function authorOf(incoming: Incoming): Author {
  return {
    channel: incoming.channel,
    chatId: incoming.chatId,
    userId: incoming.userId,
    ...(incoming.displayName ? { displayName: incoming.displayName } : {}),
  };
}

/** Identifies one incoming message, so a turn handled twice writes once; none without a message id. */
export function originOf(incoming: Incoming, kind: string): string | undefined {
  return incoming.messageId === undefined ? undefined : `${kind}:${incoming.channel}:${incoming.chatId}:${incoming.messageId}`;
}

/**
 * Whether answers can come back to this chat as a private conversation: Telegram private chats
 * have the user's id; on Zalo the bot is written to privately (groups must mention it).
 */
export function isResidentChat(incoming: Incoming): boolean {
  if (incoming.channel === "telegram") return incoming.chatId === incoming.userId;
  return incoming.channel === "zalo";
}
