import { fold } from "../catalog/normalize.js";

/** One word of a message as typed (lowercase, NFC) and folded (no diacritics). */
export interface Token {
  typed: string;
  folded: string;
  /** Whether the typed word carries a diacritic: only then can it rule a reading out. */
  marked: boolean;
  /** The typed word with its tone mark set apart, so "hoà" and "hòa" (the mark on another letter) compare equal. */
  marks: string;
  /** First word of a clause (message start, or after , . ? ! ; : or a line break). */
  clauseStart: boolean;
  /** Last word before a question mark. */
  beforeQuestionMark?: boolean;
}

const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;
const PIECE = /[\p{L}\p{M}\p{N}]+|[.,;:!?\n]+/gu;
const BREAK = /^[.,;:!?\n]+$/;

/** Splits text into words keeping both forms; punctuation only marks where clauses start. */
export function tokenizeTyped(text: string): Token[] {
  const tokens: Token[] = [];
  let clauseStart = true;
  for (const [piece] of text.replace(INVISIBLE, "").normalize("NFC").toLowerCase().matchAll(PIECE)) {
    if (BREAK.test(piece)) {
      clauseStart = true;
      const last = tokens[tokens.length - 1];
      if (last && piece.includes("?")) last.beforeQuestionMark = true;
      continue;
    }
    // A typed word may fold into several (letters outside Vietnamese become breaks).
    const parts = fold(piece).split(" ").filter(Boolean);
    for (const folded of parts) {
      const typed = parts.length === 1 ? piece.normalize("NFC") : folded;
      tokens.push({ typed, folded, marked: typed !== folded, marks: marksOf(typed), clauseStart });
      clauseStart = false;
    }
  }
  return tokens;
}

/**
 * A typed word fits a dictionary word when both fold alike and every diacritic typed agrees:
 * missing marks never hurt ("cuoi" fits "cưới"), marks typed count ("cười" does not fit
 * "cưới", and "chị" does not fit the bare shorthand "chi"). A word whose marks are required
 * ("chừ", "chả") fits only as typed with them: a bare "chu" is as often "chữ".
 */
export function fits(token: Token, word: Token, marksRequired = false): boolean {
  return token.folded === word.folded && (!(token.marked || marksRequired) || token.marks === word.marks);
}

/** Grave, acute, tilde, hook above, dot below: the five tone marks, as combining characters. */
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * A typed word's marks, wherever its tone mark sits: the word without its tone, then the tone.
 * Keyboards differ on the letter that carries the tone ("hoà", "hòa"); the word is the same.
 */
export function marksOf(typed: string): string {
  const decomposed = typed.normalize("NFD");
  const tone = decomposed.match(TONES)?.[0] ?? "";
  return `${decomposed.replace(TONES, "").normalize("NFC")}${tone}`;
}
