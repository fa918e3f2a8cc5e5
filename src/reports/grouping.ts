/**
 * Near-identical wordings of one need, counted together: "xin giấy phép karaoke", "làm giấy
 * phép karaoke thế nào" and "giay phep karaok" are one line of the report. Texts arrive folded
 * (see scrub.ts). Two wordings belong together when their meaningful words mostly coincide
 * (word order and filler words aside), one says all the other says and more, or their letters
 * do (typos aside). Likeness is transitive here: wordings like one another end up in one group.
 */

export interface WordingCount {
  text: string;
  count: number;
}

export interface WordingGroup {
  /** The most frequent wording of the group. */
  label: string;
  count: number;
  wordings: WordingCount[];
}

/** Share of common meaningful words (Jaccard) from which two wordings are one group. */
const SAME_WORDS = 0.6;
/** A wording of at least this many meaningful words, all found in another, is a longer way of saying it. */
const CONTAINED_WORDS = 3;
/** Share of common letter triples (Dice) from which two wordings are one group. */
const SAME_LETTERS = 0.75;
/**
 * Filler words of questions (folded), besides the catalog's stopwords: how people ask, not
 * what they ask about. "sdt" stays behind where a phone number was removed.
 */
const FILLERS = [
  "hoi", "oi", "sao", "vay", "nhi", "day", "ha", "sdt", "the", "nao", "la", "xin", "a", "o", "dau", "gi", "khong", "ko", "k",
  "co", "duoc", "dc", "cho", "toi", "tui", "em", "minh", "anh", "chi", "lam", "muon", "can", "nhe", "nha", "voi", "thi", "ma",
  "de", "va", "cua", "ve", "ntn", "j", "nay", "do", "roi", "goi", "giup", "ad", "admin", "bot", "xa", "u", "ak", "ah", "vs",
];

export interface GroupingOptions {
  /** Folded single-word stopwords (the catalog's synonyms file). */
  stopwords?: Iterable<string>;
}

/** Distinct wordings compared pairwise at most; rarer ones beyond this stay as they are. */
const MAX_COMPARED = 3_000;

export function groupWordings(items: readonly WordingCount[], options: GroupingOptions = {}): WordingGroup[] {
  const stopwords = new Set([...(options.stopwords ?? []), ...FILLERS]);
  const merged = new Map<string, number>();
  for (const item of items) if (item.text.trim() !== "") merged.set(item.text, (merged.get(item.text) ?? 0) + item.count);
  const sorted = [...merged].map(([text, count]) => ({ text, count })).sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));
  const compared = sorted.slice(0, MAX_COMPARED);
  const shapes = compared.map((item) => shapeOf(item.text, stopwords));
  // Every pair, so the order wordings arrive in does not decide which end up together.
  const parent = compared.map((_, index) => index);
  const root = (index: number): number => (parent[index] === index ? index : (parent[index] = root(parent[index]!)));
  for (let a = 0; a < compared.length; a++) {
    for (let b = a + 1; b < compared.length; b++) {
      if (root(a) !== root(b) && similar(shapes[a]!, shapes[b]!)) parent[Math.max(root(a), root(b))] = Math.min(root(a), root(b));
    }
  }
  const members = new Map<number, number[]>();
  compared.forEach((_, index) => members.set(root(index), [...(members.get(root(index)) ?? []), index]));
  const groups = [...members.values()].map((indexes) => ({
    label: compared[labelOf(indexes, compared, shapes)]!.text,
    count: indexes.reduce((sum, index) => sum + compared[index]!.count, 0),
    wordings: indexes.map((index) => compared[index]!),
  }));
  const rest = sorted.slice(MAX_COMPARED).map((item) => ({ label: item.text, count: item.count, wordings: [item] }));
  return [...groups, ...rest].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** The most frequent wording; among equals, the one sharing most words with the others (not a typo). */
function labelOf(indexes: number[], items: readonly WordingCount[], shapes: readonly Shape[]): number {
  const top = Math.max(...indexes.map((index) => items[index]!.count));
  const tied = indexes.filter((index) => items[index]!.count === top);
  if (tied.length === 1) return tied[0]!;
  const centrality = (index: number) => indexes.reduce((sum, other) => sum + (other === index ? 0 : jaccard(shapes[index]!.words, shapes[other]!.words)), 0);
  return tied.reduce((best, index) => (centrality(index) > centrality(best) ? index : best));
}

interface Shape {
  words: ReadonlySet<string>;
  letters: ReadonlyMap<string, number>;
  size: number;
}

function shapeOf(text: string, stopwords: ReadonlySet<string>): Shape {
  const all = text.split(" ").filter((word) => word !== "" && !word.startsWith("<"));
  const meaningful = all.filter((word) => !stopwords.has(word));
  const words = meaningful.length > 0 ? meaningful : all;
  const letters = new Map<string, number>();
  const joined = ` ${words.join(" ")} `;
  for (let index = 0; index + 3 <= joined.length; index++) {
    const triple = joined.slice(index, index + 3);
    letters.set(triple, (letters.get(triple) ?? 0) + 1);
  }
  return { words: new Set(words), letters, size: Math.max(0, joined.length - 2) };
}

function similar(a: Shape, b: Shape): boolean {
  return jaccard(a.words, b.words) >= SAME_WORDS || contained(a.words, b.words) || dice(a, b) >= SAME_LETTERS;
}

function contained(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  return small.size >= CONTAINED_WORDS && [...small].every((word) => large.has(word));
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const word of a) if (b.has(word)) common++;
  return common / (a.size + b.size - common);
}

function dice(a: Shape, b: Shape): number {
  if (a.size + b.size === 0) return 1;
  let common = 0;
  for (const [triple, count] of a.letters) common += Math.min(count, b.letters.get(triple) ?? 0);
  return (2 * common) / (a.size + b.size);
}
