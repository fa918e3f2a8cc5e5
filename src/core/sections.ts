import { fold } from "../catalog/normalize.js";
import type { Section } from "./types.js";

/**
 * Which part of a procedure a question asks about ("cần giấy tờ gì" → documents). Phrases are
 * folded (no diacritics); the longest phrase found wins, so "bao nhiêu ngày" is time even
 * though "bao nhiêu" alone would be a fee question.
 */
const SECTION_PHRASES: Record<Section, string[]> = {
  documents: [
    "giay to", "giay to gi", "can giay gi", "thanh phan ho so", "thanh phan", "ho so gom", "ho so can",
    "can gi", "can nhung gi", "can nhung giay", "mang gi", "mang theo", "chuan bi gi", "chuan bi", "can mang",
    "nop gi", "gom nhung gi", "gom gi", "nhung giay nao", "giay nao", "can nhung loai giay", "loai giay", "documents",
    "giay gi", "ho so gi", "ho so nhu the nao", "can co gi",
  ],
  fees: [
    "le phi", "phi", "bao nhieu tien", "mat bao nhieu", "ton bao nhieu", "het bao nhieu", "chi phi", "mat tien", "nop tien", "mien phi", "mat phi", "fee", "fees", "cost", "ton tien", "dong tien",
    "phai tra", "tra tien", "het tien", "tien le phi", "tien phi",
  ],
  time: [
    "may ngay", "bao lau", "bao nhieu ngay", "thoi gian", "thoi han", "bao gio co", "khi nao co", "bao gio xong",
    "khi nao xong", "lau khong", "nhanh khong", "trong ngay", "may hom", "bao nhieu lau", "how long", "lau qua",
    "ngay lam viec", "bao gio lay", "khi nao lay", "khi nao nhan", "bao gio nhan", "mat bao lau", "lay ngay",
  ],
  steps: [
    "cac buoc", "trinh tu", "quy trinh", "lam the nao", "lam nhu the nao", "lam sao", "cach lam", "lam ntn",
    "lam nhu nao", "the nao", "tien hanh", "steps", "buoc", "how to", "huong dan cach",
  ],
  where: [
    "o dau", "noi nao", "cho nao", "dia chi", "nop o dau", "nop dau", "lam o dau", "gio lam viec", "may gio",
    "noi nop", "co quan nao", "nop tai dau", "o cho nao", "lam viec gio", "xa nao", "cho nop",
    "nop o xa", "di dau",
  ],
  online: [
    "truc tuyen", "online", "qua mang", "dich vu cong", "vneid", "nop mang", "tren mang", "qua dien thoai",
    "tu nha", "dvc", "internet", "qua app", "tren app", "nop qua mang",
  ],
  legal: [
    "can cu", "phap ly", "luat", "nghi dinh", "thong tu", "van ban phap luat", "quy dinh", "co so phap ly", "theo luat nao",
    "legal", "law", "dieu luat", "can cu phap ly",
  ],
};

// Procedure names that contain fee words ("mai táng phí", "hỗ trợ chi phí mai táng").
const PROTECTED = ["mai tang phi", "chi phi mai tang", "tien mai tang", "ho tro chi phi", "tien tro cap"];

interface Entry {
  section: Section;
  words: string[];
}

/** Phrases indexed by their first word, longest first: a question costs a lookup per word. */
const BY_FIRST_WORD = new Map<string, Entry[]>();
for (const [section, phrases] of Object.entries(SECTION_PHRASES)) {
  for (const phrase of phrases) {
    const words = phrase.split(" ");
    const entries = BY_FIRST_WORD.get(words[0]!) ?? [];
    entries.push({ section: section as Section, words });
    BY_FIRST_WORD.set(words[0]!, entries);
  }
}
for (const entries of BY_FIRST_WORD.values()) entries.sort((a, b) => b.words.join(" ").length - a.words.join(" ").length);

export interface SectionMatch {
  section: Section | null;
  /** The folded text with every section phrase removed, left for procedure search. */
  rest: string;
}

/**
 * Every occurrence of every phrase is marked on the original words, so overlapping phrases
 * ("cần những giấy tờ gì") are all removed, not just the first one found. The section is the
 * one of the longest phrase found.
 */
export function detectSection(text: string): SectionMatch {
  const words = fold(text).split(" ").filter(Boolean);
  const protectedWords = markProtected(words);
  const removed = new Array<boolean>(words.length).fill(false);
  let found: Entry | null = null;
  words.forEach((word, start) => {
    for (const entry of BY_FIRST_WORD.get(word) ?? []) {
      const span = entry.words.map((_, offset) => start + offset);
      if (!entry.words.every((part, offset) => words[start + offset] === part)) continue;
      if (span.some((index) => protectedWords[index])) continue;
      if (!found || entry.words.join(" ").length > found.words.join(" ").length) found = entry;
      for (const index of span) removed[index] = true;
    }
  });
  const section = (found as Entry | null)?.section ?? null;
  // "còn lệ phí?" — a leading "còn" ("and what about") folds to "con" (child); drop it.
  if (section && words[0] === "con") removed[0] = true;
  return { section, rest: words.filter((_, index) => !removed[index]).join(" ") };
}

function markProtected(words: string[]): boolean[] {
  const marked = new Array<boolean>(words.length).fill(false);
  for (const phrase of PROTECTED.map((text) => text.split(" "))) {
    for (let start = 0; start + phrase.length <= words.length; start++) {
      if (phrase.every((word, offset) => words[start + offset] === word)) {
        phrase.forEach((_, offset) => (marked[start + offset] = true));
      }
    }
  }
  return marked;
}
