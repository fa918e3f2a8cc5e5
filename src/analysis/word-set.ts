import { fits, tokenizeTyped, type Token } from "./tokens.js";

/** A word of a marker list: as written, or one that counts only when typed with its marks ("chả", not a bare "cha"). */
export type ListedWord = string | { word: string; withMarks: true };

/**
 * Single words, matched as dictionary words are (`fits`): a word typed without marks matches any
 * that folds alike, unless the list says it counts only with its marks.
 */
export class WordSet {
  private readonly byFolded = new Map<string, { word: Token; withMarks: boolean }[]>();

  constructor(words: readonly ListedWord[]) {
    for (const listed of words) {
      const [text, withMarks] = typeof listed === "string" ? [listed, false] : [listed.word, true];
      for (const word of tokenizeTyped(text)) {
        const same = this.byFolded.get(word.folded);
        if (same) same.push({ word, withMarks });
        else this.byFolded.set(word.folded, [{ word, withMarks }]);
      }
    }
  }

  has(token: Token): boolean {
    return this.byFolded.get(token.folded)?.some(({ word, withMarks }) => fits(token, word, withMarks)) ?? false;
  }
}
