/**
 * Vietnamese-aware text folding. People type with or without diacritics, in NFC or NFD, with
 * stray zero-width or control characters; everything is compared in one folded ASCII form.
 */

// Combining marks (diacritics once NFD has split them off).
const COMBINING_MARKS = /[\u0300-\u036f]/g;
// Anything that is not a letter or digit becomes a word break (punctuation, emoji, controls).
const NON_WORD = /[^a-z0-9]+/g;
// Zero-width and bidi marks would otherwise glue or split words invisibly.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;

/** Lowercase ASCII with diacritics removed and đ → d; keeps only letters, digits and single spaces. */
export function fold(text: string): string {
  return text
    .replace(INVISIBLE, "")
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(NON_WORD, " ")
    .trim();
}

export function tokenize(text: string): string[] {
  const folded = fold(text);
  return folded === "" ? [] : folded.split(" ");
}

/** True when the text carries at least one Vietnamese diacritic (used by eval statistics). */
export function hasDiacritics(text: string): boolean {
  return text.normalize("NFD") !== text.normalize("NFD").replace(COMBINING_MARKS, "") || /[đĐ]/.test(text);
}
