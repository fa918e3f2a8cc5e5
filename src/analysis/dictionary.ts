import type { Redirect } from "../catalog/schema.js";
import type { IntentName, SectionName } from "./names.js";
import { fits, tokenizeTyped, type Token } from "./tokens.js";

/**
 * What a span of a message is. Ties between entries of the same length go to the kind listed
 * first: a section cue beats a procedure keyword of the same length, a longer procedure name
 * beats a shorter cue ("chi phí mai táng" is a name, not a fee question).
 */
export const KINDS = ["section", "intent", "outOfScope", "synonym", "regional", "procedure", "discourse", "greeting", "politeness", "question", "stopword"] as const;
export type EntryKind = (typeof KINDS)[number];

export interface Entry {
  kind: EntryKind;
  words: Token[];
  /** The catalog words this span stands for in search (empty: it names nothing). */
  output: string[];
  section?: SectionName;
  intent?: IntentName;
  redirect?: Redirect;
  /** A regional or shorthand spelling: the standard words it is read as before phrases are matched. */
  standard?: Token[];
  /** A regional question word ("răng", "mô"): read as the standard word, never searched on its own. */
  question?: boolean;
  /** A generic question frame ("có cần"): its section counts only when no other cue names one. */
  generic?: boolean;
  /** A place that qualifies the topic before it ("du lịch Thái Lan"): a foreign country or people. */
  qualifier?: boolean;
  /** Matches only words typed with the entry's own marks ("chừ", never a bare "chu"). */
  marksRequired?: boolean;
}

export type EntryExtra = Pick<Entry, "section" | "intent" | "redirect" | "standard" | "question" | "generic" | "qualifier" | "marksRequired">;

interface Node {
  children: Map<string, Node>;
  entries: Entry[];
}

const RANK = new Map<EntryKind, number>(KINDS.map((kind, index) => [kind, index]));

/**
 * One longest-match dictionary over folded words (a trie), so a message costs one walk per
 * word however many procedures and phrases the catalog holds. Diacritics are checked on the
 * candidates found, so a typed "cười" never reads as "cưới" while a bare "cuoi" does.
 */
export class Dictionary {
  private readonly root: Node = { children: new Map(), entries: [] };
  private readonly words = new Set<string>();

  add(kind: EntryKind, phrase: string, output: string[], extra: EntryExtra = {}): void {
    const words = tokenizeTyped(phrase).map((token) => ({ ...token, clauseStart: false }));
    if (words.length === 0) return;
    let node = this.root;
    for (const word of words) {
      this.words.add(word.folded);
      let next = node.children.get(word.folded);
      if (!next) node.children.set(word.folded, (next = { children: new Map(), entries: [] }));
      node = next;
    }
    node.entries.push({ kind, words, output, ...extra });
  }

  /** Whether any entry holds this folded word. */
  knows(folded: string): boolean {
    return this.words.has(folded);
  }

  /** Per length, the best-ranked entry starting at `start` whose kind is allowed. */
  matchesAt(tokens: readonly Token[], start: number, allowed: (entry: Entry) => boolean): Entry[] {
    let node: Node | undefined = this.root;
    const found: Entry[] = [];
    for (let position = start; position < tokens.length; position++) {
      node = node.children.get(tokens[position]!.folded);
      if (!node) break;
      let best: Entry | null = null;
      let bestExact = false;
      for (const entry of node.entries) {
        if (!allowed(entry) || !entry.words.every((word, offset) => fits(tokens[start + offset]!, word, entry.marksRequired))) continue;
        // Of two spellings a bare word fits ("nhìu", "nhiu"), the one written as typed is meant.
        const exact = entry.words.every((word, offset) => tokens[start + offset]!.marks === word.marks);
        const rank = best ? RANK.get(entry.kind)! - RANK.get(best.kind)! : -1;
        if (rank < 0 || (rank === 0 && exact && !bestExact)) {
          best = entry;
          bestExact = exact;
        }
      }
      if (best) found.push(best);
    }
    return found;
  }

  /**
   * Splits the words into the fewest spans (a word nothing knows is a span of its own), so
   * "cần giấy tờ gì" reads as "cần" + "giấy tờ gì", not "cần giấy" + "tờ" + "gì". From each word
   * on, the rest is split once, right to left: among equally few spans, the split holding the
   * longest entry wins, as longest matches do everywhere ("cần" + "bản sao giấy khai sinh", not
   * "cần bản sao" + "giấy khai sinh"); then the one whose words weigh most by `preference` (per
   * word of an entry); then the one starting with the longer entry. Each word keeps only its best
   * split of the rest, so on rare ties a later criterion sees fewer splits than an exhaustive search would.
   */
  segment(tokens: readonly Token[], allowed: (entry: Entry, start: number) => boolean, preference: (entry: Entry) => number = () => 0): Array<Entry | null> {
    const cost = new Array<number>(tokens.length + 1).fill(0);
    // Among equally few spans, the most weight of words read by preferred entries ("xã mô" read as "xã nào" beats "lên xã" + "mô").
    const gain = new Array<number>(tokens.length + 1).fill(0);
    const choice = new Array<Entry | null>(tokens.length).fill(null);
    const longest = new Array<number>(tokens.length + 1).fill(0);
    for (let start = tokens.length - 1; start >= 0; start--) {
      cost[start] = 1 + cost[start + 1]!;
      gain[start] = gain[start + 1]!;
      longest[start] = Math.max(1, longest[start + 1]!);
      for (const entry of this.matchesAt(tokens, start, (candidate) => allowed(candidate, start))) {
        const end = start + entry.words.length;
        const total = 1 + cost[end]!;
        const weight = gain[end]! + preference(entry) * entry.words.length;
        const span = Math.max(entry.words.length, longest[end]!);
        const better =
          total < cost[start]! ||
          (total === cost[start]! &&
            (span > longest[start]! ||
              (span === longest[start]! && (weight > gain[start]! || (weight === gain[start]! && entry.words.length >= (choice[start]?.words.length ?? 1))))));
        if (better) {
          cost[start] = total;
          gain[start] = weight;
          longest[start] = span;
          choice[start] = entry;
        }
      }
    }
    return choice;
  }
}
