import { fold } from "../catalog/normalize.js";
import { findReceiptCode, type ReceiptCodeMatch } from "../dossiers/receipt-code.js";

/**
 * Pure matchers that decide what a text message is, before any search runs. Order matters
 * and is fixed in `detect`: commands, receipt codes, numbered choices, greetings,
 * subscriptions, status questions, then everything else is a procedure query.
 */
export type Detected =
  | { type: "empty" }
  | { type: "command"; name: string; arg: string }
  | { type: "number"; value: number }
  | { type: "status"; receipt: ReceiptCodeMatch }
  | { type: "help" }
  | { type: "subscribe" }
  | { type: "unsubscribe" }
  | { type: "query"; text: string };

/** Longest text the core reads; the rest of a pasted essay carries no extra meaning. */
export const MAX_QUERY_LENGTH = 500;

const COMMAND = /^\/([a-z_]{1,32})(?:@[a-z0-9_]{1,64})?(?:\s+([\s\S]*))?$/i;
// "hồ sơ số 123": a dossier number; "hồ sơ sổ đỏ" folds alike but has no digits.
const DOSSIER_NUMBER = /(?:^| )ho so so \d/;
const NUMBER = /^\s*(?:so\s*)?(\d{1,3})\s*[.)]?\s*$/i;

// Words that, when a message has nothing else, make it a greeting or a request for help.
const HELP_WORDS = new Set(
  [
    "xin", "chao", "hi", "hello", "alo", "a", "lo", "hey", "menu", "huong", "dan", "help", "giup", "toi", "minh",
    "voi", "ban", "bot", "oi", "ad", "admin", "start", "bat", "dau", "lam", "duoc", "gi", "co", "the", "em", "anh",
    "chi", "nhe", "ah", "ak", "e", "chu", "cac", "ho", "tro", "can", "hoi", "ko", "khong", "k", "tro", "ly", "ao",
    "good", "morning", "buoi", "sang", "chieu", "toi", "danh", "sach", "chuc", "nang", "nhung", "gio", "viec",
    "cho", "hey", "yo", "ok", "oke", "okay", "thanks", "cam", "on", "nha", "chuc", "vay", "ne", "day", "la",
    "su", "dung", "nhung", "chut", "do", "ai", "hoi", "tu", "van", "info", "thong", "tin", "gioi", "thieu",
    "muon", "ve", "thu", "tuc", "hanh", "chinh", "truc", "tks", "thank", "you", "thankyou", "ty", "nhieu",
  ],
);
const HELP_ANCHORS = [
  "chao", "hi", "hello", "alo", "hey", "menu", "huong dan", "help", "giup", "start", "bat dau", "lam duoc",
  "danh sach", "chuc nang", "tro ly", "cam on", "thanks", "ok", "tu van", "gioi thieu", "co ai",
  "bot oi", "ad oi", "ai truc", "cho hoi", "muon hoi", "thu tuc hanh chinh", "tks", "thank",
];

const UNSUBSCRIBE = [
  "huy nhan tin", "huy dang ky nhan tin", "dung nhan tin", "ngung nhan tin", "khong nhan tin", "khong nhan thong bao",
  "thoi nhan tin", "bo theo doi", "huy theo doi", "ngung theo doi", "dung theo doi", "huy nhan thong bao",
  "dung nhan thong bao", "ngung nhan thong bao", "unsubscribe", "khong muon nhan tin", "khong muon nhan thong bao",
  "dung gui tin", "huy dang ky tin", "ngung gui", "thoi gui", "huy thong bao", "dung gui thong bao",
  "huy dang ky nhan thong bao", "bo dang ky nhan tin", "bo dang ky nhan thong bao", "thoi dang ky nhan tin",
  "thoi nhan thong bao", "huy dk nhan tin", "huy dk nhan thong bao", "bo nhan tin", "bo nhan thong bao",
];
const SUBSCRIBE = [
  "nhan thong bao", "dang ky nhan tin", "muon nhan tin", "cho nhan tin", "toi nhan tin moi", "dang ky nhan thong bao", "theo doi tin", "theo doi thong bao", "theo doi thu tuc", "thong bao thu tuc moi",
  "nhan ban tin", "subscribe", "dang ky theo doi", "bao cho toi khi co", "nhan tin moi", "nhan tin tuc", "cap nhat thu tuc moi",
  "nhan tin cua xa", "nhan tin xa", "nhan thong tin cua xa", "xem dang ky nhan tin", "doi dang ky nhan tin",
  "dk nhan tin", "dk nhan thong bao", "nhan thong tin tu xa", "thon nhan tin", "to dan pho nhan tin",
];
const STATUS = [
  "ho so cua toi", "ho so cua minh", "ho so den dau", "ho so toi", "tinh trang ho so", "tra cuu ho so",
  "kiem tra ho so", "ket qua ho so", "ho so da xong", "ho so xong chua", "so bien nhan", "ma ho so", "giay hen",
  "bien nhan", "tien do ho so", "ho so dang o dau", "xem ho so", "ho so minh", "trang thai ho so",
  "ho so den buoc nao", "da co ket qua chua", "co ket qua chua", "tra cuu tinh trang", "dossier",
];

export function detect(raw: string): Detected {
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
  if (isHelp(folded)) return { type: "help" };
  if (containsAny(folded, UNSUBSCRIBE)) return { type: "unsubscribe" };
  if (containsAny(folded, SUBSCRIBE)) return { type: "subscribe" };
  if (containsAny(folded, STATUS) || DOSSIER_NUMBER.test(folded)) return { type: "status", receipt };
  return { type: "query", text };
}

function isHelp(folded: string): boolean {
  const words = folded.split(" ");
  return words.length <= 8 && words.every((word) => HELP_WORDS.has(word)) && containsAny(folded, HELP_ANCHORS);
}

export function containsAny(folded: string, phrases: readonly string[]): boolean {
  const padded = ` ${folded} `;
  return phrases.some((phrase) => padded.includes(` ${phrase} `));
}
