import type { Span } from "./analyzer.js";
import type { Lexicon } from "./lexicon.js";
import type { Token } from "./tokens.js";
import { WordSet } from "./word-set.js";

/** How far back a denial may stand ("không muốn làm hộ chiếu"). */
const NEGATION_REACH = 3;
/** How far back a refusal may stand ("đừng báo tin"). */
const REFUSAL_REACH = 2;
/** How far back a purpose word may stand ("để nộp hồ sơ cho con đi học"). */
const PURPOSE_REACH = 6;
const NUMBER = /^\d+$/;

/** The single-word lists of content/lexicon/markers.yaml, and the readings built on them. */
export class MarkerWords {
  /** Words that make a cue a question ("đâu", "mấy"); see Analyzer.askingClauses. */
  readonly asking: WordSet;
  /** Question endings ("không", "chưa"). */
  readonly endings: WordSet;
  /** First words of a paper ("giấy", "bản"). */
  readonly papers: WordSet;
  /** Words that bring a paper along ("mang", "đem"). */
  readonly bringing: WordSet;
  private readonly negations: WordSet;
  private readonly unsure: WordSet;
  private readonly refusals: WordSet;
  private readonly purposes: WordSet;
  private readonly counters: WordSet;

  constructor(markers: Lexicon["markers"]) {
    this.asking = new WordSet(markers.asking);
    this.endings = new WordSet(markers.endings);
    this.papers = new WordSet(markers.papers);
    this.bringing = new WordSet(markers.bringing);
    this.negations = new WordSet(markers.negations);
    this.unsure = new WordSet(markers.unsure);
    this.refusals = new WordSet(markers.refusals);
    this.purposes = new WordSet(markers.purposes);
    this.counters = new WordSet(markers.counters);
  }

  /**
   * Whether an out-of-scope topic is denied, so it is the story's condition, not what is asked:
   * "không muốn ra tòa, đề nghị xã giải quyết", "chưa có căn cước thì khai sinh được không".
   * The denial must be in the topic's clause, and "không biết", "không rõ" ask ("không biết làm hộ chiếu ở đâu").
   */
  denied(tokens: readonly Token[], span: Span): boolean {
    const denial = wordBefore(tokens, span, NEGATION_REACH, (token) => this.negations.has(token));
    return denial >= 0 && !this.unsure.has(tokens[denial + 1]!);
  }

  /** Whether a refusal or denial stands right before the span: "đừng báo tin cho tôi", "không nhận tin nữa". */
  refused(tokens: readonly Token[], span: Span): boolean {
    return wordBefore(tokens, span, REFUSAL_REACH, (token) => this.refusals.has(token) || this.negations.has(token)) >= 0;
  }

  /** Whether the span is what something else is for: "chứng thực giấy khai sinh để nộp hồ sơ nhập học". */
  purpose(tokens: readonly Token[], span: Span): boolean {
    return wordBefore(tokens, span, PURPOSE_REACH, (token) => this.purposes.has(token)) >= 0;
  }

  /** A number or a counting word ("2", "bản", "cái"). */
  counts(token: Token): boolean {
    return NUMBER.test(token.folded) || this.counters.has(token);
  }
}

/** The nearest word before the span, in its clause and at most `reach` back, that passes `test` (its index, or -1). */
function wordBefore(tokens: readonly Token[], span: Span, reach: number, test: (token: Token) => boolean): number {
  for (let index = span.start - 1; index >= Math.max(0, span.start - reach); index--) {
    if (tokens[index + 1]!.clauseStart) return -1;
    if (test(tokens[index]!)) return index;
  }
  return -1;
}
