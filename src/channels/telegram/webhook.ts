import { createHmac } from "node:crypto";
import type { Update } from "grammy/types";

/** Where Telegram posts updates on our HTTP server. */
export const WEBHOOK_PATH = "/telegram/webhook";

/** The header Telegram sends the `secret_token` given to setWebhook in. */
export const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/** What a 400 tells the sender. */
export const BAD_BODY_HELP = "body must be a Telegram Update (a JSON object with an integer update_id)";

/**
 * The webhook secret when TELEGRAM_WEBHOOK_SECRET is not set: derived from the bot token so it
 * is stable across restarts and instances without extra configuration, yet reveals nothing
 * about the token. Hex fits Telegram's alphabet (A-Z, a-z, 0-9, _ and -) and length (1-256).
 */
export function deriveWebhookSecret(token: string): string {
  return createHmac("sha256", token).update("motcua-bot telegram webhook secret").digest("hex");
}

/** The body as an Update, or null when it is not JSON or not an update object. */
export function parseUpdate(body: Buffer): Update | null {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    return null;
  }
  return isUpdate(value) ? value : null;
}

/**
 * Only `update_id` is checked: the secret already proved the sender is Telegram, and the
 * update is read defensively (optional fields throughout).
 */
export function isUpdate(value: unknown): value is Update {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const id = "update_id" in value ? value.update_id : undefined;
  return typeof id === "number" && Number.isSafeInteger(id) && id >= 0;
}
