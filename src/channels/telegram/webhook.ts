import { createHmac } from "node:crypto";
import type { Update } from "grammy/types";
import type { HttpRequest, HttpResponse, RouteHandler } from "../../http/server.js";
import { secretMatches } from "../../http/secret.js";

/** Where Telegram posts updates on our HTTP server. */
export const WEBHOOK_PATH = "/telegram/webhook";

/** The header Telegram sends the `secret_token` given to setWebhook in. */
const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/**
 * The webhook secret when TELEGRAM_WEBHOOK_SECRET is not set: derived from the bot token so it
 * is stable across restarts and instances without extra configuration, yet reveals nothing
 * about the token. Hex fits Telegram's alphabet (A-Z, a-z, 0-9, _ and -) and length (1-256).
 */
export function deriveWebhookSecret(token: string): string {
  return createHmac("sha256", token).update("motcua-bot telegram webhook secret").digest("hex");
}

export interface WebhookHandlerOptions {
  secret: string;
  /**
   * Takes a well-formed update for processing in the background; false when the bot cannot
   * take more right now (answered 503, so Telegram delivers it again later).
   */
  accept(update: Update): boolean;
  /** Told about every rejected request (wrong secret, bad body), for metrics. */
  onRejected?(reason: "secret" | "body"): void;
}

/**
 * The HTTP side of webhook mode. It checks the secret (constant time) and the body, hands the
 * update over and answers at once: Telegram waits for our answer before sending the next
 * update of the chat and retries on timeouts, so doing the work inline would turn one slow
 * reply into a queue of retries.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): RouteHandler {
  return (request: HttpRequest): HttpResponse => {
    if (!secretMatches(request.headers[SECRET_HEADER], options.secret)) {
      options.onRejected?.("secret");
      return { status: 401, body: "wrong or missing X-Telegram-Bot-Api-Secret-Token" };
    }
    const update = parseUpdate(request.body);
    if (update === null) {
      options.onRejected?.("body");
      return { status: 400, body: "body must be a Telegram Update (a JSON object with an integer update_id)" };
    }
    if (!options.accept(update)) return { status: 503, body: "busy, deliver later" };
    return { status: 200, body: "" };
  };
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
 * handler reads the rest defensively (optional fields throughout).
 */
function isUpdate(value: unknown): value is Update {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const id = "update_id" in value ? value.update_id : undefined;
  return typeof id === "number" && Number.isSafeInteger(id) && id >= 0;
}
