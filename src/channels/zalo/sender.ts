/**
 * Sends rendered texts to one Zalo chat, in order, split to the 2,000-unit limit.
 * It never throws: a refused or failed send is logged and counted, and the rest of that
 * answer is dropped (its later pieces would make no sense alone). Quota exhaustion gets its
 * own metric so staff can see the bot went quiet because the plan ran out.
 */
import type { CoreLogger } from "../../core/bot.js";
import type { Metrics } from "../../http/metrics.js";
import type { ParseMode, ZaloApi } from "./api.js";
import { ZaloApiError, ZaloQuotaError } from "./errors.js";
import { splitText } from "./split.js";

/** What the sender needs; a structural subset so tests can pass small doubles. */
export interface ZaloSenderOptions {
  api: Pick<ZaloApi, "sendMessage">;
  logger: CoreLogger;
  metrics: Pick<Metrics, "errors">;
  /** Formatting to try first; unset means plain text, which Zalo always accepts. */
  parseMode?: ParseMode;
}

/** How sending one answer ended. */
export type SendOutcome = "sent" | "quota" | "failed";

/** Sends `texts` (one per reply) to `chatId`; stops at the first failure. */
export async function sendTexts(options: ZaloSenderOptions, chatId: string, texts: readonly string[]): Promise<SendOutcome> {
  for (const text of texts) {
    for (const piece of splitText(text)) {
      const outcome = await sendPiece(options, chatId, piece);
      if (outcome !== "sent") return outcome;
    }
  }
  return "sent";
}

async function sendPiece(options: ZaloSenderOptions, chatId: string, text: string): Promise<SendOutcome> {
  try {
    await sendWithFallback(options, chatId, text);
    return "sent";
  } catch (error) {
    return reportFailure(options, error);
  }
}

/** Formatted first when asked; on a 400 (Zalo's "can't parse entities") the same text goes plain. */
async function sendWithFallback(options: ZaloSenderOptions, chatId: string, text: string): Promise<void> {
  const { api, parseMode } = options;
  if (!parseMode) {
    await api.sendMessage({ chat_id: chatId, text });
    return;
  }
  try {
    await api.sendMessage({ chat_id: chatId, text, parse_mode: parseMode });
  } catch (error) {
    if (!(error instanceof ZaloApiError) || error instanceof ZaloQuotaError || error.errorCode !== 400) throw error;
    options.logger.warn({ parseMode, description: error.description }, "zalo refused formatted text; resending as plain text");
    await api.sendMessage({ chat_id: chatId, text });
  }
}

function reportFailure(options: ZaloSenderOptions, error: unknown): SendOutcome {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ZaloQuotaError) {
    options.metrics.errors.inc({ channel: "zalo", kind: "quota" });
    options.logger.warn({ err: message }, "zalo message quota exhausted; reply dropped");
    return "quota";
  }
  options.metrics.errors.inc({ channel: "zalo", kind: "send" });
  options.logger.error({ err: message }, "zalo send failed; rest of the reply dropped");
  return "failed";
}
