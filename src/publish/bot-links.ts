import type { Procedure } from "../catalog/schema.js";
import type { ShortCodes } from "../catalog/short-codes.js";
import type { Config } from "../config.js";

/**
 * Links that open the bot, printed on posters and the website. Telegram carries a start
 * payload that opens one procedure's card (Core's `/start <payload>`); Zalo has none, so a
 * Zalo link opens the chat and the poster shows the short code to send.
 */
export type BotLinkConfig = Pick<Config, "TELEGRAM_BOT_USERNAME" | "ZALO_BOT_LINK">;

/** Telegram allows 1-64 characters from A-Z, a-z, 0-9, _ and - in a start payload. */
const START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

/** The procedure id when Telegram accepts it, else the national code with "_" for "." (both open the card). */
export function telegramStartPayload(procedure: Pick<Procedure, "id" | "code">): string {
  return START_PAYLOAD.test(procedure.id) ? procedure.id : procedure.code.replace(".", "_");
}

export function telegramBotLink(username: string): string {
  return `https://t.me/${username}`;
}

export function telegramProcedureLink(username: string, procedure: Pick<Procedure, "id" | "code">): string {
  return `${telegramBotLink(username)}?start=${telegramStartPayload(procedure)}`;
}

/** A link as printed for people to type: without "https://". */
export function printableLink(url: string): string {
  return url.replace(/^https?:\/\//, "");
}

/** Everything a poster or a page needs to send a citizen to the bot about one procedure. */
export interface ProcedureBotLinks {
  telegram?: string;
  zalo?: string;
  /** "TT 12"; undefined until content/short-codes.yaml has the procedure. */
  shortCode?: string;
}

export function procedureBotLinks(config: BotLinkConfig, shortCodes: ShortCodes, procedure: Procedure): ProcedureBotLinks {
  return {
    telegram: config.TELEGRAM_BOT_USERNAME ? telegramProcedureLink(config.TELEGRAM_BOT_USERNAME, procedure) : undefined,
    zalo: config.ZALO_BOT_LINK,
    shortCode: shortCodes.labelOf(procedure.id),
  };
}
