import type { ChatMemberUpdated } from "grammy/types";

/**
 * Telegram reports a private chat's block and unblock as a `my_chat_member` update ("kicked"
 * / "member"); group removals as "left" / "kicked". Returns what to record, or null.
 */
export function membershipChange(update: ChatMemberUpdated): "blocked" | "unblocked" | null {
  const status = update.new_chat_member.status;
  if (status === "kicked" || status === "left") return "blocked";
  if (status === "member" || status === "administrator") return "unblocked";
  return null;
}

/** Refusals that mean the chat is gone for the bot, not that the message was wrong. */
export function isUnreachableChat(code: number, description: string): boolean {
  if (code === 403) return true;
  return code === 400 && /chat not found|user is deactivated|peer_id_invalid|bot was kicked/i.test(description);
}
