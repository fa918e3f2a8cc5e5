import type { Analysis } from "../analysis/analyzer.js";
import { fold } from "../catalog/normalize.js";
import { findReceiptCode, type ReceiptCodeMatch } from "../dossiers/receipt-code.js";

/**
 * Pure matchers that decide what a text message is, before any search runs. Order matters
 * and is fixed in `detect`: commands, receipt codes, numbered choices, greetings,
 * subscriptions, status questions, then everything else is a procedure query. The phrases
 * (content/lexicon/intents.yaml) are tagged by the one analysis step with everything else,
 * so the longest phrase decides: "đăng ký nhận thông báo" subscribes, "đăng ký khai sinh" asks.
 */
export type Detected =
  | { type: "empty" }
  | { type: "command"; name: string; arg: string }
  | { type: "number"; value: number }
  | { type: "status"; receipt: ReceiptCodeMatch }
  | { type: "help" }
  | { type: "subscribe" }
  | { type: "unsubscribe" }
  /** `analysis`: the text already read, so the procedure handler does not read it again. */
  | { type: "query"; text: string; analysis?: Analysis };

/** What reads a message once: the app's search index (its analyzer knows the catalog's names). */
export interface MessageReader {
  analyze(text: string): Analysis;
}

/** Longest text the core reads; the rest of a pasted essay carries no extra meaning. */
export const MAX_QUERY_LENGTH = 500;
/**
 * Help is a message of help phrases and filler only ("bot này hỏi được những thủ tục gì vậy");
 * beyond this many words a message with "chào" in it is a question with manners. A long greeting
 * ("Dạ em chào anh chị, em mới dùng lần đầu, ở đây hỏi được những gì ạ") is still a greeting.
 */
const MAX_HELP_WORDS = 20;

const COMMAND = /^\/([a-z_]{1,32})(?:@[a-z0-9_]{1,64})?(?:\s+([\s\S]*))?$/i;
// "hồ sơ số 123", "mã số 2503-KH-118": a dossier number; "hồ sơ sổ đỏ" folds alike but has no digits.
const DOSSIER_NUMBER = /(?:^| )(?:ho so so|ma so) \d/;
const NUMBER = /^\s*(?:so\s*)?(\d{1,3})\s*[.)]?\s*$/i;

/**
 * Without a reader only the shapes are recognised (commands, receipt codes, numbers); the
 * phrases need the analysis.
 */
export function detect(raw: string, reader?: MessageReader): Detected {
  const text = raw.length > MAX_QUERY_LENGTH ? raw.slice(0, MAX_QUERY_LENGTH) : raw;
  const folded = fold(text);
  const trimmed = text.trim();
  const command = COMMAND.exec(trimmed);
  if (command) return { type: "command", name: (command[1] ?? "").toLowerCase(), arg: (command[2] ?? "").trim() };
  if (trimmed === "") return { type: "empty" };
  // Emoji-only or symbol-only text folds to nothing: an honest "not found", not a greeting.
  if (folded === "") return { type: "query", text };
  const receipt = findReceiptCode(text);
  if (receipt.kind !== "none") return { type: "status", receipt };
  const number = NUMBER.exec(folded);
  if (number) return { type: "number", value: Number(number[1]) };
  if (!reader) return { type: "query", text };
  const analysis = reader.analyze(text);
  if (analysis.helpOnly && analysis.tokens.length <= MAX_HELP_WORDS) return { type: "help" };
  const intents = new Set(analysis.intents);
  if (intents.has("unsubscribe")) return { type: "unsubscribe" };
  if (intents.has("subscribe")) return { type: "subscribe" };
  if (intents.has("status") || analysis.progressOfDossier || DOSSIER_NUMBER.test(folded)) return { type: "status", receipt };
  return { type: "query", text, analysis };
}
