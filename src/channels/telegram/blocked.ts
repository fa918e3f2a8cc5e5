import type { Transformer } from "grammy";
import type { ChatMemberUpdated } from "grammy/types";
import type { KeyValueStore } from "../../storage/store.js";

/**
 * Chats that cannot receive messages any more (the user blocked the bot, deleted their
 * account, or removed the bot from a group). Kept in the shared store so later broadcasts
 * skip them instead of collecting the same 403 again, which Telegram counts against a bot.
 */

/** What is stored for a blocked chat. */
export interface BlockedRecord {
  /** ISO time the block was noticed. */
  at: string;
  /** Telegram's description, e.g. "Forbidden: bot was blocked by the user". */
  reason: string;
}

function blockedKey(channel: string, chatId: string): string {
  return `blocked:${channel}:${chatId}`;
}

/** Records that `chatId` on `channel` can no longer be messaged. */
export async function markBlocked(store: KeyValueStore, channel: string, chatId: string, reason: string): Promise<void> {
  const record: BlockedRecord = { at: new Date().toISOString(), reason };
  await store.set(blockedKey(channel, chatId), record);
}

/** Forgets a block, when the user has come back (unblocked or restarted the bot). */
export async function clearBlocked(store: KeyValueStore, channel: string, chatId: string): Promise<void> {
  await store.delete(blockedKey(channel, chatId));
}

/** Whether messages to this chat are known to fail; broadcasts skip such chats. */
export async function isBlocked(store: KeyValueStore, channel: string, chatId: string): Promise<boolean> {
  return (await store.get<BlockedRecord>(blockedKey(channel, chatId))) !== undefined;
}

/** The stored record, for diagnostics. */
export async function blockedRecord(store: KeyValueStore, channel: string, chatId: string): Promise<BlockedRecord | undefined> {
  return store.get<BlockedRecord>(blockedKey(channel, chatId));
}

export interface BlockedRecorderOptions {
  store: KeyValueStore;
  /** Called when recording fails; the API result is returned unchanged either way. */
  onStoreError?: (error: unknown) => void;
}

/**
 * An API transformer that records every 403 answer to a call addressed to a chat. It sits
 * around the retrying transformers, so it sees the final answer of each call, and it covers
 * every sender (replies now, broadcasts later) in one place.
 */
export function recordBlockedChats({ store, onStoreError }: BlockedRecorderOptions): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (!result.ok && result.error_code === 403) {
      const chatId = chatIdOf(payload);
      if (chatId !== undefined) {
        await markBlocked(store, "telegram", chatId, result.description).catch((error: unknown) => onStoreError?.(error));
      }
    }
    return result;
  };
}

function chatIdOf(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null || !("chat_id" in payload)) return undefined;
  const { chat_id: chatId } = payload;
  return typeof chatId === "number" || typeof chatId === "string" ? String(chatId) : undefined;
}

/**
 * Telegram reports a private chat's block and unblock as a `my_chat_member` update ("kicked"
 * / "member"); group removals as "left" / "kicked". Returns what to do, or null.
 */
export function membershipChange(update: ChatMemberUpdated): "blocked" | "unblocked" | null {
  const status = update.new_chat_member.status;
  if (status === "kicked" || status === "left") return "blocked";
  if (status === "member" || status === "administrator") return "unblocked";
  return null;
}
