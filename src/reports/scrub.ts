import { fold } from "../catalog/normalize.js";
import { findReceiptCode } from "../dossiers/receipt-code.js";

/**
 * Personal data out of logged texts. What residents could not find is worth keeping for the
 * catalog's editors; who they are is not. Phone numbers, ID numbers, receipt codes, dates,
 * e-mail addresses and names after "tôi là / tên …" become placeholders, then the text is
 * folded like the catalog's search text, so "Tôi là Nguyễn Văn An, sđt 0912 345 678" is kept as
 * "toi la <ten> sdt <sdt>".
 */

/** Placeholders in the folded log text. */
export const PLACEHOLDERS = {
  phone: "<sdt>",
  id: "<so-giay-to>",
  number: "<so>",
  code: "<ma-ho-so>",
  date: "<ngay>",
  email: "<email>",
  name: "<ten>",
} as const;
type Kind = keyof typeof PLACEHOLDERS;

/** Longest text kept in the log; the start of a long message says what it is about. */
export const MAX_LOGGED_LENGTH = 300;
const MAX_SCANNED_LENGTH = 2_000;

// Placeholders travel through the raw text between two private-use characters, which neither
// the patterns below nor people's messages contain.
const OPEN = "\uE000";
const CLOSE = "\uE001";
const mark = (kind: Kind) => `${OPEN}${kind}${CLOSE}`;
const MARKED = new RegExp(`${OPEN}([a-z]+)${CLOSE}`, "g");

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/g;
// Receipt-code-like spans (see src/dossiers/receipt-code.ts), looser than the matcher so that a
// mistyped code goes too: an agency part with dots, then a date-like and a sequence-like number.
const CODE = /[a-z0-9]{1,4}(?:\s*\.\s*[a-z0-9]{1,4}){1,4}\s*[-–—_\s]\s*\d{6,8}(?:\s*[-–—_\s]\s*\d{3,7})?/gi;
const DATE = /(?<!\d)\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}(?!\d)/g;
// Seven digits or more, possibly grouped by single spaces, dots or dashes: phones, ID numbers, accounts.
const LONG_NUMBER = /\+?(?<!\d)\d(?:[\s.-]?\d){6,}(?!\d)/g;
const PROCEDURE_CODE = /^\d\.\d{6}$/;
const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
const BREAK = /[,.;:!?()\n\r"“”]/;

/** The raw text with personal data replaced by placeholders (still marked, see `normalizeForLog`). */
function scrubMarked(raw: string): string {
  let text = raw.slice(0, MAX_SCANNED_LENGTH).replace(/[\uE000\uE001]/g, " ");
  text = text.replace(EMAIL, mark("email"));
  text = text.replace(CODE, mark("code"));
  text = text.replace(DATE, mark("date"));
  // A national procedure code ("1.001193") is about the catalog, not a person: it stays.
  text = text.replace(LONG_NUMBER, (match) => (PROCEDURE_CODE.test(match) ? match : mark(numberKind(match))));
  text = scrubNames(text);
  // The receipt-code matcher has the last word: if it still sees anything code-like, no digit stays.
  if (findReceiptCode(text.replace(MARKED, " ")).kind !== "none") text = text.replace(/\d+/g, mark("number"));
  return text;
}

function numberKind(match: string): Kind {
  const digits = match.replace(/\D/g, "");
  if (/^(?:0|84)\d{9,10}$/.test(digits)) return "phone";
  if (digits.length === 9 || digits.length === 12) return "id";
  return "number";
}

/** Text for people (a report, a log line): placeholders as readable labels. */
export function scrubPersonalData(raw: string): string {
  return scrubMarked(raw).replace(MARKED, (_, kind: Kind) => PLACEHOLDERS[kind] ?? "<?>");
}

/**
 * The form stored in the usage log: scrubbed, folded (lowercase ASCII, no diacritics or
 * punctuation), placeholders kept, at most MAX_LOGGED_LENGTH characters.
 */
export function normalizeForLog(raw: string): string {
  const parts = scrubMarked(raw).split(MARKED);
  // split() with a capture group alternates text and placeholder kinds.
  const words = parts.flatMap((part, index) => (index % 2 === 1 ? [PLACEHOLDERS[part as Kind] ?? "<?>"] : fold(part).split(" ").filter(Boolean)));
  const collapsed = words.filter((word, index) => !(word.startsWith("<") && words[index - 1] === word));
  let text = collapsed.join(" ");
  if (text.length > MAX_LOGGED_LENGTH) text = text.slice(0, MAX_LOGGED_LENGTH).replace(/\s+\S*$/, "");
  return text;
}

// --- names after "tôi là", "tên …", "họ tên" -----------------------------------------------

/** Words that introduce a name (folded). "ten" may be followed by "con tôi là", "bé là"…. */
const INTRODUCERS: readonly string[][] = [
  ["ho", "va", "ten"],
  ["ho", "ten"],
  ["toi", "la"],
  ["tui", "la"],
  ["em", "la"],
  ["minh", "la"],
  ["chau", "la"],
  ["toi", "ten"],
  ["tui", "ten"],
  ["em", "ten"],
  ["minh", "ten"],
  ["con", "ten"],
  ["chau", "ten"],
  ["be", "ten"],
  ["ten"],
];

/**
 * Words that do not start or continue a name when written in lowercase (folded). "thi" is not
 * among them although "thì" is common: it is also the middle name "Thị"; cutting too much is
 * the safe side.
 */
const NOT_NAME = new Set(
  [
    "nguoi", "dan", "cong", "chu", "vo", "chong", "me", "bo", "cha", "con", "chau", "anh", "chi", "em", "ong", "ba",
    "co", "bac", "di", "duong", "sinh", "vien", "giao", "hoc", "o", "tai", "muon", "can", "hoi", "xin", "lam", "dang",
    "da", "se", "khong", "ko", "k", "va", "voi", "de", "nhe", "a", "ah", "oi", "nha", "cho", "ve", "cua", "nam",
    "tuoi", "hien", "nay", "que", "song", "thuong", "tru", "xa", "thon", "to", "phuong", "huyen", "tinh", "la", "minh",
    "toi", "tui", "doi", "cai", "chinh", "sai", "moi", "cu", "trong", "tren", "giay", "khai", "ho", "so", "thu", "tuc",
    "the", "nao", "gi", "dau", "bao", "nhieu", "duoc", "roi", "vua", "mot", "hai", "ten", "day", "nhu", "bi", "phai",
    "ai", "gia", "dinh", "ca", "nhan", "chuyen", "viec", "ban", "nguoi", "dai", "dien", "chu", "hang", "xom", "vay",
    "nhung", "ma", "neu", "khi", "luc", "tu", "den", "trai", "gai", "nho", "lon", "ben", "ngoai", "noi", "dung",
    "sdt", "dt", "dien", "thoai", "zalo", "email", "mail", "cccd", "cmnd", "dia", "chi", "sinh", "ngay",
  ],
);
const MAX_NAME_WORDS = 4;

function scrubNames(text: string): string {
  const words = [...text.matchAll(WORD)].map((match) => ({ raw: match[0], start: match.index, end: match.index + match[0].length, folded: fold(match[0]) }));
  const spans: Array<[number, number]> = [];
  for (let index = 0; index < words.length; index++) {
    const after = introducerEnd(words, index);
    if (after === undefined) continue;
    const name = nameAt(text, words, after);
    if (name) {
      spans.push([words[name.first]!.start, words[name.last]!.end]);
      index = name.last;
    }
  }
  let result = text;
  for (const [start, end] of spans.reverse()) result = `${result.slice(0, start)}${mark("name")}${result.slice(end)}`;
  return result;
}

/** The index of the word after an introducer starting at `index`, if one starts there. */
function introducerEnd(words: ReadonlyArray<{ folded: string }>, index: number): number | undefined {
  const found = INTRODUCERS.find((phrase) => phrase.every((word, offset) => words[index + offset]?.folded === word));
  if (!found) return undefined;
  let after = index + found.length;
  // "tên con tôi là Minh", "tên bé là Na": the name follows the "là".
  if (found.at(-1) === "ten") {
    for (let skip = 0; skip <= 2; skip++) {
      if (words[after + skip]?.folded === "la") return after + skip + 1;
    }
  }
  return after;
}

function nameAt(text: string, words: ReadonlyArray<{ raw: string; start: number; end: number; folded: string }>, first: number): { first: number; last: number } | undefined {
  let last: number | undefined;
  for (let index = first; index < words.length && index < first + MAX_NAME_WORDS; index++) {
    const word = words[index]!;
    if (index > first && BREAK.test(text.slice(words[index - 1]!.end, word.start))) break;
    // A placeholder already stands there ("\uE000phone\uE001"), or a number: no name goes on.
    if (/\d/.test(word.raw) || text.slice(word.start - 1, word.start) === OPEN) break;
    if (!isCapitalised(word.raw) && NOT_NAME.has(word.folded)) break;
    last = index;
  }
  return last === undefined ? undefined : { first, last };
}

function isCapitalised(word: string): boolean {
  const first = word.charAt(0);
  return first !== first.toLowerCase() && first === first.toUpperCase();
}
