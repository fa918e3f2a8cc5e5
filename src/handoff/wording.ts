import { fold } from "../catalog/normalize.js";

/**
 * What a resident's words mean to this feature: a request to reach a person ("hỏi cán bộ"),
 * "I am done" in a thread, "never mind" while writing a question. Matched on folded text, so
 * with or without diacritics; a long message that merely contains the words is not taken for
 * them.
 */

/** Asking for a person, not for a procedure. */
const ASK_PHRASES = [
  "hoi can bo", "gap can bo", "lien he can bo", "ket noi can bo", "ket noi voi can bo", "noi chuyen voi can bo",
  "chuyen cho can bo", "hoi truc tiep can bo", "hoi nguoi that", "gap nguoi that", "noi chuyen voi nguoi that",
  "hoi nhan vien", "gap nhan vien", "hoi cb", "gap cb", "ask staff", "talk to staff", "ask a staff member",
  "talk to a person", "talk to a human",
];
const ASK_COMMANDS = new Set(["hoicanbo", "canbo", "ask", "staff"]);
/** Up to this many words, a message with an ask phrase only asks for staff; longer, it is the question. */
const BARE_ASK_WORDS = 9;

const DONE_ANCHORS = ["xong", "ket thuc", "thoat", "done", "finish", "finished", "end", "stop", "khong hoi nua", "het hoi"];
const CANCEL_ANCHORS = ["huy", "thoi", "cancel", "khong hoi nua", "bo qua", "khong can nua", "never mind", "nevermind"];
const FILLERS = new Set([
  "roi", "a", "ah", "nhe", "nha", "cam", "on", "ok", "oke", "okay", "vang", "da", "cau", "hoi", "em", "toi", "minh", "thanks",
  "thank", "you", "can", "bo", "cac", "anh", "chi", "bot", "ban", "vay", "nhieu", "ha", "duoc", "the", "la", "cho", "dc", "k",
  "ko", "khong", "e", "nua", "this", "question", "i", "am", "im", "all", "ad", "oi", "nhi", "xin", "cb",
]);

export type AskRequest = { kind: "bare" } | { kind: "with-question" };

/** "hỏi cán bộ" and the like, or /hoicanbo; null when the message is something else. */
export function askRequest(text: string): AskRequest | null {
  const command = /^\/([a-z_]+)(?:@\S+)?\s*$/i.exec(text.trim());
  if (command) return ASK_COMMANDS.has((command[1] ?? "").toLowerCase()) ? { kind: "bare" } : null;
  const folded = fold(text);
  if (!containsAny(folded, ASK_PHRASES)) return null;
  return folded.split(" ").length <= BARE_ASK_WORDS ? { kind: "bare" } : { kind: "with-question" };
}

/** "xong", "xong rồi cảm ơn ạ", "kết thúc", /xong without a number. */
export function isDone(text: string): boolean {
  return onlyAnchoredWords(text, DONE_ANCHORS, ["xong", "done", "end", "ketthuc"]);
}

/** "hủy", "thôi", "không hỏi nữa", /huy. */
export function isCancel(text: string): boolean {
  return onlyAnchoredWords(text, CANCEL_ANCHORS, ["huy", "cancel"]);
}

function onlyAnchoredWords(text: string, anchors: readonly string[], commands: readonly string[]): boolean {
  const command = /^\/([a-z_]+)(?:@\S+)?\s*$/i.exec(text.trim());
  if (command) return commands.includes((command[1] ?? "").toLowerCase());
  const folded = fold(text);
  if (folded === "" || folded.split(" ").length > 8 || !containsAny(folded, anchors)) return false;
  const anchorWords = new Set(anchors.flatMap((anchor) => anchor.split(" ")));
  return folded.split(" ").every((word) => anchorWords.has(word) || FILLERS.has(word));
}

function containsAny(folded: string, phrases: readonly string[]): boolean {
  const padded = ` ${folded} `;
  return phrases.some((phrase) => padded.includes(` ${phrase} `));
}
