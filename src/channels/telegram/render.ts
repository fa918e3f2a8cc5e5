import { createHash } from "node:crypto";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { Block, Choice, Reply } from "../../core/types.js";
import { splitHtml, TELEGRAM_TEXT_LIMIT } from "./split.js";

/**
 * Renders the core's channel-neutral replies for Telegram: HTML text (bold block titles,
 * everything else escaped) split under the message limit, and choices as an inline keyboard
 * whose callback data carries the choice payload back.
 */

/** Telegram rejects callback data longer than this many bytes. */
export const CALLBACK_DATA_LIMIT = 64;

/** One reply ready to send: the texts in order, the keyboard goes on the last one. */
export interface RenderedReply {
  texts: string[];
  keyboard?: InlineKeyboardMarkup;
}

/**
 * Maps choice payloads to callback data of at most 64 bytes and back. Payloads the core
 * produces today fit; the codec makes a longer one (a long procedure id) fit deterministically
 * instead of letting Telegram reject the whole message.
 */
export interface PayloadCodec {
  encode(payload: string): string;
  decode(data: string): string;
}

/** Lookups the codec needs; the search index provides both. */
export interface ProcedureLookup {
  byProcedureId(id: string): { code: string } | undefined;
  byProcedureCode(code: string): { id: string } | undefined;
}

/** Marks a procedure code standing in for a procedure id; ids are [a-z0-9-], so never clashes. */
const CODE_MARK = "~";

/**
 * Payloads look like "p:<id>", "s:<id>:<section>", "t:<topic>". One that is too long gets its
 * procedure id replaced by the much shorter code ("s:~1.001193:fees"), which `decode` turns
 * back into the id. If even that is too long, a hash stands in: the core does not know it and
 * answers "this list has expired", which is honest, where a cut payload could pick the wrong
 * procedure.
 */
export function createPayloadCodec(lookup: ProcedureLookup): PayloadCodec {
  return {
    encode(payload) {
      if (fits(payload)) return payload;
      const parts = payload.split(":");
      const code = parts[1] === undefined ? undefined : lookup.byProcedureId(parts[1])?.code;
      if (code !== undefined) {
        const shorter = [parts[0], `${CODE_MARK}${code}`, ...parts.slice(2)].join(":");
        if (fits(shorter)) return shorter;
      }
      return `x:${createHash("sha256").update(payload).digest("base64url").slice(0, 22)}`;
    },
    decode(data) {
      const parts = data.split(":");
      const second = parts[1];
      if (second === undefined || !second.startsWith(CODE_MARK)) return data;
      const id = lookup.byProcedureCode(second.slice(CODE_MARK.length))?.id;
      return id === undefined ? data : [parts[0], id, ...parts.slice(2)].join(":");
    },
  };
}

/** A codec that passes payloads through, for callers without a catalog (tests, tools). */
export const identityCodec: PayloadCodec = { encode: (payload) => payload, decode: (data) => data };

function fits(data: string): boolean {
  const bytes = Buffer.byteLength(data, "utf8");
  return bytes >= 1 && bytes <= CALLBACK_DATA_LIMIT;
}

/** Escapes text for Telegram's HTML parse mode (the three characters it requires). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Renders one reply. `choicesPrompt` is left out on purpose: it tells users of button-less
 * channels to type a number, while here the buttons speak for themselves.
 */
export function renderReply(reply: Reply, codec: PayloadCodec = identityCodec, limit = TELEGRAM_TEXT_LIMIT): RenderedReply {
  const html = reply.blocks.map(renderBlock).filter((block) => block !== "").join("\n\n");
  const choices = reply.choices ?? [];
  let texts = splitHtml(html, limit);
  // A reply made only of buttons still needs some text to carry them.
  if (texts.length === 0 && choices.length > 0) texts = [escapeHtml(reply.choicesPrompt ?? "…")];
  if (choices.length === 0) return { texts };
  return { texts, keyboard: { inline_keyboard: keyboardRows(choices, codec) } };
}

function renderBlock(block: Block): string {
  const lines = block.lines.filter((line) => line !== "").map(escapeHtml);
  if (block.title) lines.unshift(`<b>${escapeHtml(block.title)}</b>`);
  return lines.join("\n");
}

/**
 * Short labels (section names) share rows so a card's navigation stays compact; long ones
 * (procedure names) get a row each so they remain readable on a phone.
 */
function keyboardRows(choices: Choice[], codec: PayloadCodec): InlineKeyboardButton[][] {
  const longest = Math.max(...choices.map((choice) => choice.label.length));
  const perRow = longest <= 10 ? 3 : longest <= 20 ? 2 : 1;
  const rows: InlineKeyboardButton[][] = [];
  choices.forEach((choice, index) => {
    const button: InlineKeyboardButton = { text: choice.label, callback_data: codec.encode(choice.payload) };
    if (index % perRow === 0) rows.push([button]);
    else rows.at(-1)?.push(button);
  });
  return rows;
}
