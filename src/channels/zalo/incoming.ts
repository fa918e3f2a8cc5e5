/**
 * Zalo update → channel-neutral `Incoming`. Text is passed on; images, stickers, voice and
 * "unsupported" events (links, files, protected senders) become kind "unsupported" so the core
 * answers with a short polite text.
 */
import type { Incoming } from "../../core/types.js";
import type { Update } from "./types.js";

const TEXT_EVENT = "message.text.received";

/** What the bot knows about itself, from getMe. */
export interface BotIdentity {
  /** `account_name`; group messages for the bot start with "@" + this. */
  name: string;
}

/**
 * The `Incoming` for an update, or `null` when the bot should stay silent: messages from
 * bots (two bots must not talk to each other forever) and group messages not addressed to it.
 */
export function toIncoming(update: Update, bot: BotIdentity): Incoming | null {
  const { message } = update;
  if (message.from.is_bot) return null;
  const base = {
    channel: "zalo" as const,
    chatId: message.chat.id,
    userId: message.from.id,
    messageId: message.message_id,
    ...(message.from.display_name ? { displayName: message.from.display_name.slice(0, 128) } : {}),
  };
  const group = message.chat.chat_type === "GROUP";
  if (update.event_name === TEXT_EVENT) {
    const text = message.text ?? "";
    if (!group) return { ...base, kind: "text", text };
    const addressed = stripMention(text, bot.name);
    return addressed === null ? null : { ...base, kind: "text", text: addressed };
  }
  // A photo in a group is usually meant for the people there, not for the bot.
  if (group && stripMention(message.caption ?? "", bot.name) === null) return null;
  return { ...base, kind: "unsupported", nativeKind: nativeKind(update.event_name) };
}

/**
 * The text after a leading "@<name>" (case-insensitive, as people retype names), or `null`
 * when the text does not start with the mention. "@motcua_botX" is not a mention of "motcua_bot".
 */
export function stripMention(text: string, name: string): string | null {
  const trimmed = text.trimStart();
  const mention = `@${name}`;
  if (name === "" || trimmed.slice(0, mention.length).toLowerCase() !== mention.toLowerCase()) return null;
  const rest = trimmed.slice(mention.length);
  if (rest !== "" && !/^[\s,:.!?-]/.test(rest)) return null;
  return rest.replace(/^[\s,:]+/, "").trim();
}

/** "message.image.received" → "image", for logs. */
function nativeKind(eventName: string): string {
  const match = /^message\.([a-z_]+)\.received$/.exec(eventName);
  return match?.[1] ?? eventName;
}
