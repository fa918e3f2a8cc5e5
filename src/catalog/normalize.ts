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

/**
 * Rewrites folded text with a fixed list of whole-word phrase replacements in one left-to-right
 * pass, longest phrase first at each word, so "giay chung nhan quyen su dung dat" wins over
 * "giay chung nhan". Phrases are indexed by their first word: a query costs a few map lookups
 * per word however many rules the synonyms file holds.
 */
export class PhraseRewriter {
  private readonly byFirstWord = new Map<string, Array<{ from: string[]; to: string[] }>>();

  constructor(pairs: Iterable<readonly [string, string]>) {
    for (const [from, to] of pairs) {
      const words = tokenize(from);
      if (words.length === 0) continue;
      const rules = this.byFirstWord.get(words[0]!) ?? [];
      rules.push({ from: words, to: tokenize(to) });
      rules.sort((a, b) => b.from.length - a.from.length);
      this.byFirstWord.set(words[0]!, rules);
    }
  }

  rewrite(folded: string): string {
    const words = folded.split(" ").filter(Boolean);
    const output: string[] = [];
    for (let position = 0; position < words.length; ) {
      const rule = this.byFirstWord
        .get(words[position]!)
        ?.find((candidate) => candidate.from.every((word, offset) => words[position + offset] === word));
      if (rule) {
        output.push(...rule.to);
        position += rule.from.length;
      } else {
        output.push(words[position]!);
        position += 1;
      }
    }
    return output.join(" ");
  }
}
