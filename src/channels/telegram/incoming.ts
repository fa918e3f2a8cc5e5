import type { Message, Update, UserFromGetMe } from "grammy/types";
import type { Incoming } from "../../core/types.js";

/**
 * Turns a Telegram update into the core's `Incoming`, deciding on the way whether the bot is
 * addressed at all. In private chats every message is; in groups only commands, messages
 * mentioning the bot and replies to the bot's own messages are, so the bot never talks over
 * a group conversation.
 */

/** Where the answers to one update go. */
export interface SendTarget {
  chatId: number;
  /** Forum topic of the message, so answers stay in that topic. */
  threadId?: number;
  /** In groups, answers quote the question so everyone sees whom they answer. */
  replyTo?: number;
}

export interface Addressed {
  incoming: Incoming;
  target: SendTarget;
}

/**
 * Native message kinds the bot cannot read, in the order they are tested: a venue also
 * carries a location and an animation also carries a document, so the specific one comes first.
 */
const UNSUPPORTED_KINDS = [
  "photo",
  "sticker",
  "voice",
  "audio",
  "video_note",
  "video",
  "animation",
  "document",
  "venue",
  "location",
  "contact",
  "poll",
  "dice",
  "story",
  "game",
  "paid_media",
] as const;

/**
 * The update as an `Incoming`, or null when the bot should stay silent (a group message not
 * addressed to it, a service message, an update type the bot does not handle).
 * `decodeChoice` maps callback data back to the core's payload (see `PayloadCodec`).
 */
export function toIncoming(
  update: Update,
  me: UserFromGetMe,
  decodeChoice: (data: string) => string = (data) => data,
): Addressed | null {
  if (update.message) return fromMessage(update.message, me);
  const query = update.callback_query;
  if (query?.data !== undefined && query.message) {
    const { message } = query;
    return {
      incoming: {
        channel: "telegram",
        chatId: String(message.chat.id),
        userId: String(query.from.id),
        kind: "choice",
        choice: decodeChoice(query.data),
        displayName: fullName(query.from),
        ...(query.from.language_code ? { locale: query.from.language_code } : {}),
      },
      target: { chatId: message.chat.id, ...thread(message) },
    };
  }
  return null;
}

function fromMessage(message: Message, me: UserFromGetMe): Addressed | null {
  const { chat } = message;
  if (chat.type === "channel" || message.from?.is_bot) return null;
  const group = chat.type !== "private";
  const base = {
    channel: "telegram" as const,
    chatId: String(chat.id),
    userId: String(message.from?.id ?? chat.id),
    messageId: String(message.message_id),
    ...(message.from ? { displayName: fullName(message.from) } : {}),
    ...(repliesToBot(message, me) ? { replyToMessageId: String(message.reply_to_message?.message_id) } : {}),
    ...(message.from?.language_code ? { locale: message.from.language_code } : {}),
  };
  const target: SendTarget = { chatId: chat.id, ...thread(message), ...(group ? { replyTo: message.message_id } : {}) };
  if (message.text !== undefined) {
    const text = group ? textForBot(message, message.text, me) : message.text;
    return text === null ? null : { incoming: { ...base, kind: "text", text }, target };
  }
  const nativeKind = UNSUPPORTED_KINDS.find((kind) => message[kind] !== undefined);
  // Service messages (members joining, pins…) are not questions; say nothing.
  if (nativeKind === undefined) return null;
  if (group && !repliesToBot(message, me) && textForBot(message, message.caption ?? "", me) === null) return null;
  return { incoming: { ...base, kind: "unsupported", nativeKind }, target };
}

/**
 * The text meant for the bot in a group, or null if the message is not for it. Commands pass
 * unchanged (the core drops a "@bot" suffix); a mention of the bot is removed from the text.
 */
function textForBot(message: Message, text: string, me: UserFromGetMe): string | null {
  const command = /^\/[A-Za-z0-9_]+(?:@([A-Za-z0-9_]+))?/.exec(text);
  if (command) {
    const addressee = command[1];
    // "/start@other_bot" in a group with several bots is for the other bot.
    return addressee === undefined || sameUsername(addressee, me.username) ? text : null;
  }
  const mention = new RegExp(`(^|[^A-Za-z0-9_])@${me.username}(?![A-Za-z0-9_])`, "gi");
  // `search` ignores the regex's lastIndex, which `test` on a global regex would keep.
  if (text.search(mention) >= 0) return text.replace(mention, "$1").replace(/\s+/g, " ").trim();
  return repliesToBot(message, me) ? text : null;
}

function repliesToBot(message: Message, me: UserFromGetMe): boolean {
  return message.reply_to_message?.from?.id === me.id;
}

/** "Nguyễn Văn A" from first and last name, as Telegram shows the sender. */
function fullName(user: { first_name: string; last_name?: string }): string {
  return [user.first_name, user.last_name].filter(Boolean).join(" ").slice(0, 128);
}

function sameUsername(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function thread(message: { message_thread_id?: number; is_topic_message?: boolean }): { threadId?: number } {
  return message.is_topic_message && message.message_thread_id !== undefined ? { threadId: message.message_thread_id } : {};
}

/**
 * The key that orders updates: one chat's updates are handled one after another (session
 * writes would race otherwise), different chats run concurrently.
 */
export function chatKeyOf(update: Update): string | undefined {
  const chat =
    update.message?.chat ?? update.callback_query?.message?.chat ?? update.my_chat_member?.chat ?? update.edited_message?.chat;
  return chat === undefined ? undefined : String(chat.id);
}
