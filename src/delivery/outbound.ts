import type { OutboundMessage } from "../core/types.js";
import type { NewOutboxMessage } from "../records/outbox.js";

/** Messages the core addressed to other chats, as outbox rows. */
export function outboxMessagesOf(outbound: readonly OutboundMessage[], giveUpAfterMs: number): NewOutboxMessage[] {
  return outbound.map((message) => ({
    channel: message.to.channel,
    chatId: message.to.chatId,
    body: { replies: message.replies, language: message.language },
    kind: message.kind,
    dedupeKey: message.dedupeKey,
    ref: message.ref,
    giveUpAfterMs,
  }));
}
