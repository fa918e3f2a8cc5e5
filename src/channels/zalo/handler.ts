/**
 * One Zalo update, start to finish: skip repeats, convert, ask the core (showing "typing…"
 * if it is slow), render and send. Shared by polling and webhook mode, so both behave the same.
 */
import type { CoreLogger } from "../../core/bot.js";
import type { SessionStore } from "../../core/session.js";
import type { Language } from "../../core/types.js";
import type { DeliveryDeduper } from "../dedupe.js";
import { converse, type ChannelDeps } from "../runtime.js";
import type { ParseMode, ZaloApi } from "./api.js";
import { toIncoming, type BotIdentity } from "./incoming.js";
import { renderReplies } from "./render.js";
import { sendTexts } from "./sender.js";
import type { Update } from "./types.js";

/** Everything `createUpdateHandler` needs. */
export interface UpdateHandlerOptions {
  deps: Pick<ChannelDeps, "app" | "metrics"> & { logger: CoreLogger };
  api: Pick<ZaloApi, "sendMessage" | "sendChatAction">;
  /** The bot's own name, needed to recognise group mentions. */
  identity(): Promise<BotIdentity>;
  deduper: DeliveryDeduper;
  /** Read-only use: the chat's language picks the wording of the numbered-list hint. */
  sessions: SessionStore;
  defaultLanguage: Language;
  /** Show "typing…" when the core has not answered within this time. */
  typingDelayMs: number;
  parseMode?: ParseMode;
}

/**
 * Zalo has no update id: `event_name` + `message_id` identifies a delivery, and a repeated
 * delivery (webhook retries, a poll answered twice) carries the same pair.
 */
export function deliveryKey(update: Update): string {
  return `${update.event_name}:${update.message.message_id}`;
}

/** Builds the per-update function; it never rejects (failures are logged and counted). */
export function createUpdateHandler(options: UpdateHandlerOptions): (update: Update) => Promise<void> {
  return async (update) => {
    try {
      await handleUpdate(options, update);
    } catch (error) {
      options.deps.metrics.errors.inc({ channel: "zalo", kind: "handler" });
      options.deps.logger.error({ err: describe(error), event: update.event_name }, "zalo update failed");
    }
  };
}

async function handleUpdate(options: UpdateHandlerOptions, update: Update): Promise<void> {
  if (!(await firstDelivery(options, update))) return;
  const incoming = toIncoming(update, await options.identity());
  if (!incoming) return;
  const outcome = await withTyping(
    () => void options.api.sendChatAction({ chat_id: incoming.chatId, action: "typing" }).catch(() => undefined),
    options.typingDelayMs,
    () => converse(options.deps, incoming),
  );
  const language = await chatLanguage(options, incoming.chatId);
  const texts = renderReplies(outcome.replies, language);
  const { api, parseMode, deps } = options;
  await sendTexts({ api, parseMode, logger: deps.logger, metrics: deps.metrics }, incoming.chatId, texts);
}

/** A dedupe store outage must not silence the bot: better a rare double answer than none. */
async function firstDelivery(options: UpdateHandlerOptions, update: Update): Promise<boolean> {
  try {
    return await options.deduper.firstTime(deliveryKey(update));
  } catch (error) {
    options.deps.metrics.errors.inc({ channel: "zalo", kind: "storage" });
    options.deps.logger.warn({ err: describe(error) }, "zalo dedupe check failed; handling the update anyway");
    return true;
  }
}

async function chatLanguage(options: UpdateHandlerOptions, chatId: string): Promise<Language> {
  try {
    return (await options.sessions.load("zalo", chatId)).language ?? options.defaultLanguage;
  } catch {
    // The core has already answered (and logged the outage); only the hint's wording is at stake.
    return options.defaultLanguage;
  }
}

/**
 * Runs `work`, calling `showTyping` once if it takes longer than `delayMs`. Fast answers
 * send no typing indicator: it would cost an API call and flicker for nothing.
 */
export async function withTyping<T>(showTyping: () => void, delayMs: number, work: () => Promise<T>): Promise<T> {
  const timer = setTimeout(showTyping, delayMs);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
