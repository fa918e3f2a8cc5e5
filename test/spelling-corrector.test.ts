import Fuse from "fuse.js";
import { describe, expect, it } from "vitest";
import { SpellingCorrector } from "../src/catalog/spelling-corrector.js";

const VOCABULARY = ["khai", "sinh", "ket", "hon", "chung", "thuc", "giay", "phep", "xay", "dung", "thuong", "truong", "doanh", "nghiep", "nhien", "xac", "nhan", "thuoc", "photo", "tach", "thua"];

/** What a fuse search of the whole vocabulary picks, as search did before candidates were filtered. */
function wholeVocabulary(token: string): string | null {
  if (token.length < 4 || /^\d+$/.test(token)) return null;
  const fuse = new Fuse(VOCABULARY, { includeScore: true, threshold: 0.34, ignoreLocation: true, minMatchCharLength: 2 });
  const best = fuse.search(token, { limit: 1 })[0];
  return best && Math.abs(best.item.length - token.length) <= 2 ? best.item : null;
}

/** Every word with one letter dropped, doubled, swapped with the next or replaced by a neighbour's. */
function misspellings(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) {
    out.push(word.slice(0, i) + word.slice(i + 1), word.slice(0, i) + word[i] + word.slice(i));
    if (i + 1 < word.length) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    out.push(word.slice(0, i) + "aeiouhngt"[(word.charCodeAt(i) + i) % 9] + word.slice(i + 1));
  }
  return out;
}

describe("spelling correction", () => {
  it("corrects a misspelt catalog word and leaves numbers, short words and nonsense alone", () => {
    const speller = new SpellingCorrector(VOCABULARY);
    expect(speller.correct("sihn")).toBe("sinh");
    expect(speller.correct("thuongg")).toBe("thuong");
    expect(speller.correct("2024")).toBeNull();
    expect(speller.correct("hon")).toBeNull();
    expect(speller.correct("qwzvbk")).toBeNull();
  });

  it("picks what a fuse search of the whole vocabulary picks", () => {
    const speller = new SpellingCorrector(VOCABULARY);
    const tokens = [...VOCABULARY.flatMap(misspellings), ...VOCABULARY.flatMap((word) => misspellings(word).flatMap(misspellings)), "xongg", "tachthua", "a".repeat(40)];
    const differing = tokens.filter((token) => speller.correct(token) !== wholeVocabulary(token));
    expect(differing).toEqual([]);
    expect(tokens.filter((token) => speller.correct(token) !== null).length).toBeGreaterThan(tokens.length / 4);
  });
});
