import Fuse from "fuse.js";

/**
 * Corrects a misspelt search word to the closest catalog word with fuse.js. Running fuse over
 * the whole vocabulary for every unknown word cost a third of a millisecond a word and most of
 * the garbage a query made, so words that cannot be within fuse's threshold are set aside
 * first: a match with k errors keeps at least (length − k) of the word's letters, so a
 * vocabulary word sharing fewer letters than that can never be fuse's answer. Fuse then ranks
 * the few left in their vocabulary order, which gives the correction a full search would.
 */
const THRESHOLD = 0.34;
const FUSE_OPTIONS = { includeScore: true, threshold: THRESHOLD, ignoreLocation: true, minMatchCharLength: 2 } as const;
/** Fuse splits longer patterns into pieces, where the letter bound no longer holds as stated. */
const MAX_FILTERED_LENGTH = 32;
/** Letters are counted by character code; folded words are ASCII. */
const ALPHABET = 128;
const MIN_CORRECTABLE_LENGTH = 4;
const MAX_LENGTH_CHANGE = 2;
const CACHE_LIMIT = 5_000;

export class SpellingCorrector {
  private readonly words: readonly string[];
  /** The words as fuse compares them (case-insensitively). */
  private readonly lowered: readonly string[];
  /** Per vocabulary word, its letter counts (ALPHABET slots each). */
  private readonly letters: Uint8Array;
  /** 1 when the word is ASCII; other words are always left to fuse. */
  private readonly ascii: Uint8Array;
  private readonly patternCounts = new Uint8Array(ALPHABET);
  private readonly distanceRow = new Int32Array(MAX_FILTERED_LENGTH + 1);
  private readonly cache = new Map<string, string | null>();

  constructor(vocabulary: Iterable<string>) {
    this.words = [...vocabulary];
    this.lowered = this.words.map((word) => word.toLowerCase());
    this.letters = new Uint8Array(this.words.length * ALPHABET);
    this.ascii = new Uint8Array(this.words.length);
    this.words.forEach((word, index) => {
      this.ascii[index] = countLetters(word, this.letters.subarray(index * ALPHABET, (index + 1) * ALPHABET)) ? 1 : 0;
    });
  }

  /** The catalog word a misspelt word most likely meant, or null (numbers and short words are never corrected). */
  correct(token: string): string | null {
    if (token.length < MIN_CORRECTABLE_LENGTH || /^\d+$/.test(token)) return null;
    const cached = this.cache.get(token);
    if (cached !== undefined) return cached;
    const candidates = this.candidates(token);
    const best = candidates.length > 0 ? new Fuse(candidates, FUSE_OPTIONS).search(token, { limit: 1 })[0] : undefined;
    const correction = best && Math.abs(best.item.length - token.length) <= MAX_LENGTH_CHANGE ? best.item : null;
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(token, correction);
    return correction;
  }

  /** The vocabulary words (in vocabulary order) sharing enough letters with the token to be within fuse's threshold. */
  private candidates(token: string): readonly string[] {
    const counts = this.patternCounts;
    counts.fill(0);
    if (token.length > MAX_FILTERED_LENGTH || !countLetters(token, counts)) return this.words;
    const pattern = token.toLowerCase();
    const distinct: number[] = [];
    for (let code = 0; code < ALPHABET; code++) if (counts[code]! > 0) distinct.push(code);
    // Fuse accepts errors / length <= threshold; the epsilon keeps exact products (0.34 × 50) in.
    const maxErrors = Math.floor(THRESHOLD * token.length + 1e-9);
    const needed = token.length - maxErrors;
    const kept: string[] = [];
    for (let index = 0; index < this.words.length; index++) {
      if (this.ascii[index] === 0) {
        kept.push(this.words[index]!);
        continue;
      }
      const base = index * ALPHABET;
      let shared = 0;
      for (const code of distinct) shared += Math.min(counts[code]!, this.letters[base + code]!);
      if (shared >= needed && substringDistance(pattern, this.lowered[index]!, maxErrors, this.distanceRow) <= maxErrors) kept.push(this.words[index]!);
    }
    return kept;
  }
}

/**
 * The fewest edits turning the pattern into some part of the text (Sellers), stopping once it
 * is known to be at most maxErrors. `row` holds at least pattern.length + 1 numbers.
 */
function substringDistance(pattern: string, text: string, maxErrors: number, row: Int32Array): number {
  const length = pattern.length;
  for (let i = 0; i <= length; i++) row[i] = i;
  let best = length;
  for (let j = 0; j < text.length && best > maxErrors; j++) {
    const char = text.charCodeAt(j);
    let diagonal = 0; // a match may start anywhere in the text
    for (let i = 1; i <= length; i++) {
      const above = row[i]!;
      const substitution = diagonal + (pattern.charCodeAt(i - 1) === char ? 0 : 1);
      row[i] = Math.min(above + 1, row[i - 1]! + 1, substitution);
      diagonal = above;
    }
    if (row[length]! < best) best = row[length]!;
  }
  return best;
}

/** Adds the word's letters to `counts`; false when a character falls outside ASCII (then nothing is filtered). */
function countLetters(word: string, counts: Uint8Array): boolean {
  // fuse compares case-insensitively.
  const lower = word.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    if (code >= ALPHABET) return false;
    counts[code] = Math.min(255, counts[code]! + 1);
  }
  return true;
}
