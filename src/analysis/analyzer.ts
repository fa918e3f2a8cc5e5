import type { Procedure, Redirect, Synonyms } from "../catalog/schema.js";
import { Dictionary, type Entry, type EntryExtra, type EntryKind } from "./dictionary.js";
import { cuePhrases } from "./cue-phrases.js";
import { foreignPhrases } from "./foreign-phrases.js";
import { emptyLexicon } from "./empty-lexicon.js";
import type { Lexicon } from "./lexicon.js";
import type { IntentName, SectionName } from "./names.js";
import { MarkerWords } from "./marker-words.js";
import { tokenizeTyped, type Token } from "./tokens.js";
import { withinOneEdit } from "./typos.js";

/** A run of words tagged by the dictionary; a word nothing knows is a span of kind "word". */
export interface Span {
  kind: EntryKind | "word";
  start: number;
  end: number;
  output: string[];
  section?: SectionName;
  intent?: IntentName;
  redirect?: Redirect;
  generic?: boolean;
  qualifier?: boolean;
}

/** What one message says, read once; intent, section and search all use this. */
export interface Analysis {
  tokens: Token[];
  spans: Span[];
  /** The section of the longest section cue (a generic frame only when no other cue), or null. */
  section: SectionName | null;
  /** Every section asked about, in the order asked: a second one is offered as a choice. */
  sections: SectionName[];
  /** The search words: procedure words, synonyms resolved, cues and courtesy removed. */
  terms: string[];
  /** The search words that came from a catalog phrase (a name, alias, keyword or synonym), not from loose words. */
  named: string[];

  /** The out-of-scope topic mentioned, if any, and the search words without its phrases. */
  redirect: Redirect | null;
  /** The spans naming an out-of-scope topic, denied ones left out ("không nhập khẩu"). */
  topics: Span[];
  remainder: string[];
  /**
   * Whether the out-of-scope topic is only told around the question ("ngân hàng đòi giấy độc
   * thân, e đi xin thì cần gì"): the clause that asks (its last section cue or question word,
   * else the last clause saying anything) mentions none.
   */
  redirectInStory: boolean;
  /** The search words of the question's own clause, out-of-scope phrases set aside (empty without a topic). */
  questionRemainder: string[];
  /** Nothing but greetings, politeness and filler ("dạ em chào anh ạ"). */
  courtesyOnly: boolean;
  /** Intent phrases found ("hủy nhận tin" → unsubscribe), in the order found. */
  intents: IntentName[];
  /**
   * A dossier word and a progress phrase ("hồ sơ của má tui nộp bữa thứ 5, giờ sao rồi"), the
   * latter not in a clause that asks about a section ("chuẩn bị hồ sơ khai sinh xong chưa biết nộp
   * đâu" asks where).
   */
  progressOfDossier: boolean;
  /** Every word is a help phrase, a help filler word or courtesy ("bot ơi giúp mình với"). */
  helpOnly: boolean;
  /** Per token: a number or a counting word ("2 bản", "cái"), which may stand between a verb and its paper. */
  counting: boolean[];
}

/** Kinds that rewrite catalog text too, so both sides of a search share one vocabulary. */
const REWRITES = new Set<EntryKind>(["synonym", "stopword"]);
const SILENT = new Set<Span["kind"]>(["section", "intent", "discourse", "greeting", "politeness", "question", "stopword"]);
/** Kinds whose output is already search words. */
const AS_SEARCHED = new Set<Span["kind"]>(["word", "procedure", "outOfScope"]);
/** Kinds that name a procedure or its words. */
const NAMING = new Set<Span["kind"]>(["procedure", "synonym"]);
const COURTESY = new Set<Span["kind"]>(["discourse", "greeting", "politeness", "question", "stopword"]);
/** How many of a clause's last words may hold its question ending ("… được không ạ chị"). */
const ENDING_REACH = 3;
/** Kinds whose phrases a typo may complete: the search's own spelling corrector never sees them. */
const CUE_KINDS = new Set<EntryKind>(["section", "intent"]);
/** Shorter words are too often other real words one letter away ("phía" is not "phí"). */
const MIN_TYPO_LENGTH = 4;
/** How far back a cue holding a misspelt word may start. */
const MAX_CUE_WORDS = 6;

/**
 * A word as phrases see it: a typed word, or one of the standard words a regional or shorthand
 * spelling stands for ("ko" → "không"), with the typed words [from, to) it comes from.
 */
interface Reading {
  token: Token;
  from: number;
  to: number;
  /** From a regional question word ("răng" → "sao"): a question marker unless a phrase takes it in. */
  question: boolean;
}

export interface AnalyzerSource {
  procedures: readonly Procedure[];
  synonyms: Synonyms;
  lexicon?: Lexicon;
}

export class Analyzer {
  private readonly dictionary = new Dictionary();
  private readonly stopwords: Set<string>;
  private readonly helpFiller: Set<string>;
  /** Words of section cues and intent phrases a misspelt word may be read as, by length. */
  private readonly cueWords = new Map<number, string[]>();
  /** The single-word lists: question words and endings (see askingClauses), denials, papers, counting words. */
  private readonly markers: MarkerWords;

  constructor({ procedures, synonyms, lexicon = emptyLexicon() }: AnalyzerSource) {
    const { dictionary } = this;

    this.markers = new MarkerWords(lexicon.markers);
    this.helpFiller = new Set(lexicon.intents.helpFiller.flatMap((phrase) => tokenizeTyped(phrase).map((token) => token.folded)));
    const single = synonyms.stopwords.map((word) => tokenizeTyped(word));
    this.stopwords = new Set(single.filter((words) => words.length === 1).map((words) => words[0]!.folded));
    // Entries, not a set of folded words, so typed diacritics count: "cái" is filler, "cải" is not.
    for (const words of single) dictionary.add("stopword", words.map((word) => word.typed).join(" "), []);
    // A place is filler too, on both sides, and wins over a foreign short name inside it ("ở lào cai").
    for (const place of lexicon.markers.places) dictionary.add("stopword", place, []);
    const rewrite = (kind: EntryKind, from: string, to: string, extra: EntryExtra = {}) =>
      dictionary.add(kind, from, tokenizeTyped(to).map((token) => token.folded), extra);
    for (const [from, to] of Object.entries(synonyms.abbreviations)) rewrite("synonym", from, to);
    for (const [from, to] of Object.entries(synonyms.phrases)) rewrite("synonym", from, to);
    for (const [from, to] of foreignPhrases(synonyms.foreign)) rewrite("synonym", from, to, { qualifier: true });
    const questions = new Set(lexicon.markers.questions.map(typedForm));
    for (const [from, reading] of Object.entries(lexicon.regional)) {
      const to = typeof reading === "string" ? reading : reading.as;
      const standard = tokenizeTyped(to).map((token) => ({ ...token, clauseStart: false }));
      const marksRequired = typeof reading !== "string";
      dictionary.add("regional", from, standard.map((token) => token.folded), { standard, question: questions.delete(typedForm(from)), marksRequired });
    }
    for (const phrase of questions) dictionary.add("question", phrase, []);
    // From here on entries are read against catalog text already rewritten above.
    const cues = cuePhrases(lexicon);
    for (const { text, section, generic, intent } of cues) dictionary.add(section ? "section" : "intent", text, [], { section, generic, intent });
    for (const phrase of lexicon.markers.discourse) dictionary.add("discourse", phrase, []);
    for (const phrase of lexicon.markers.greetings) dictionary.add("greeting", phrase, []);
    for (const phrase of lexicon.markers.politeness) dictionary.add("politeness", phrase, []);
    for (const redirect of synonyms.outOfScope) {
      for (const phrase of redirect.phrases) dictionary.add("outOfScope", phrase, this.catalogWords(phrase), { redirect });
    }
    // Large catalogs repeat keywords and aliases: one entry per phrase keeps each dictionary walk short.
    const names = new Set(procedures.flatMap((procedure) => [procedure.name, ...procedure.aliases, ...procedure.keywords]));
    for (const name of names) dictionary.add("procedure", name, this.catalogWords(name));
    for (const word of new Set(cues.flatMap((cue) => tokenizeTyped(cue.text).map((token) => token.folded)))) {
      if (word.length < MIN_TYPO_LENGTH) continue;
      const sameLength = this.cueWords.get(word.length);
      if (sameLength) sameLength.push(word);
      else this.cueWords.set(word.length, [word]);
    }
  }

  /** Catalog text (a name, an alias) in search words: rewritten, stopwords dropped. */
  catalogWords(text: string): string[] {
    const spans = this.spans(tokenizeTyped(text), (entry) => REWRITES.has(entry.kind));
    return this.searchWords(spans);
  }

  analyze(text: string): Analysis {
    const tokens = tokenizeTyped(text);
    const readings = this.resolve(this.cueTyposRead(tokens));
    const read = this.spans(
      readings.map((reading) => reading.token),
      (entry) => entry.kind !== "regional",
    ).map((span) => (span.kind === "word" && readings[span.start]!.question ? { ...span, kind: "question" as const, output: [] } : span));
    const spans = this.endingsSilenced(
      tokens,
      read.map((span) => ({ ...span, start: readings[span.start]!.from, end: readings[span.end - 1]!.to })),
    );
    const cues = spans.filter((span) => span.kind === "section");
    const specific = cues.filter((span) => !span.generic);
    // Generic frames decide only when no other cue does.
    const deciding = this.askedFirst(tokens, spans, specific.length > 0 ? specific : cues);
    const longest = deciding.reduce<Span | undefined>((best, span) => (!best || span.end - span.start > best.end - best.start ? span : best), undefined);
    // A whole procedure name or alias is longer than the out-of-scope phrase inside it ("ghi chú
    // ly hôn ở nước ngoài" holds "ly hôn"), so it wins like any longer match: only an
    // out-of-scope phrase standing on its own sends the resident elsewhere.
    const denied = spans.filter((span) => span.kind === "outOfScope" && this.markers.denied(tokens, span));
    const topics = spans.filter((span) => span.kind === "outOfScope" && !denied.includes(span));
    // A country right after the topic, in its clause, qualifies it ("du lịch Thái Lan", "visa đi Hàn Quốc"): it is not searched.
    // A denied topic is not searched either: "khai sinh kèm thẻ bhyt, không nhập khẩu" is the joint procedure without residence.
    const qualifiesTopic = (span: Span, index: number) => topics.length > 0 && span.qualifier === true && afterRedirect(tokens, spans, index, topics);
    // The papers a documents question asks about ("có cần giấy đăng ký kết hôn không") are not the
    // errand when the message names one elsewhere ("làm khai sinh cho con").
    const required = requiredObjects(tokens, spans, this.markers);
    // A country ("em ở bên nhật") qualifies; it names no errand.
    const errandNamed = spans.some((span) => NAMING.has(span.kind) && !span.qualifier && !required.has(span));
    const searched = spans.filter((span, index) => !denied.includes(span) && !qualifiesTopic(span, index) && !(errandNamed && required.has(span)));
    const terms = this.searchWords(searched);
    return {
      tokens,
      spans,
      section: longest?.section ?? null,
      sections: [...new Set(deciding.map((span) => span.section!))],
      terms,
      named: this.searchWords(spans.filter((span) => span.kind !== "word")),
      redirect: topics[0]?.redirect ?? null,
      topics,
      // Most messages name no out-of-scope topic: then there is nothing to set aside.
      ...(topics.length > 0 ? this.besideRedirect(tokens, searched, topics, required) : { remainder: terms, redirectInStory: false, questionRemainder: [] }),
      courtesyOnly: spans.length > 0 && spans.every((span) => COURTESY.has(span.kind) || span.output.every((word) => this.stopwords.has(word))),
      intents: [...new Set(spans.flatMap((span) => (span.intent ? [this.intentAsSaid(tokens, span)] : [])))],
      progressOfDossier: progressOfDossier(tokens, spans),
      counting: tokens.map((token) => this.markers.counts(token)),
      helpOnly:
        read.some((span) => span.intent === "help") &&
        read.every((span) => span.intent === "help" || COURTESY.has(span.kind) || readings.slice(span.start, span.end).every(({ token }) => this.helpFiller.has(token.folded))),
    };
  }

  /** The search words once the out-of-scope topic is set aside, and where the topic stands (see Analysis). */
  private besideRedirect(
    tokens: readonly Token[],
    spans: readonly Span[],
    topics: readonly Span[],
    required: ReadonlySet<Span>,
  ): Pick<Analysis, "remainder" | "redirectInStory" | "questionRemainder"> {
    const question = questionClause(tokens, spans);
    // What "có cần … không" asks about is a paper the topic needs ("làm hộ chiếu có cần giấy khai sinh không"), not another procedure.
    const beside = spans.filter((span) => !topics.includes(span) && !required.has(span));
    return {
      remainder: this.searchWords(beside),
      // A topic said as the purpose ("… để làm visa") or as a paper to bring ("quên mang căn cước") is the story even in the asking clause.
      redirectInStory: !topics.some((span) => span.start < question.end && span.end > question.start && !this.markers.purpose(tokens, span) && !required.has(span)),
      questionRemainder: this.searchWords(beside.filter((span) => span.start >= question.start && span.end <= question.end)),
    };
  }

  /** A subscribe phrase refused or denied ("đừng báo tin cho tôi", "không nhận tin nữa") asks to unsubscribe. */
  private intentAsSaid(tokens: readonly Token[], span: Span): IntentName {
    if (span.intent !== "subscribe") return span.intent!;
    return this.markers.refused(tokens, span) ? "unsubscribe" : "subscribe";
  }

  /**
   * A word no entry knows, one letter away from a word of a section cue or intent phrase, is
   * read as that word when it then completes a cue of two words or more ("bao nhiu tiền" asks
   * the fee). The cue around it is the evidence: a lone word is never corrected into a cue.
   */
  private cueTyposRead(tokens: Token[]): Token[] {
    let read = tokens;
    tokens.forEach((token, index) => {
      if (token.folded.length < MIN_TYPO_LENGTH || /\d/.test(token.folded) || this.dictionary.knows(token.folded)) return;
      const { length } = token.folded;
      const near = [length - 1, length, length + 1].flatMap((size) => this.cueWords.get(size) ?? []);
      for (const word of near) {
        if (!withinOneEdit(token.folded, word)) continue;
        const trial = read.slice();
        trial[index] = { typed: word, folded: word, marked: false, marks: word, clauseStart: token.clauseStart };
        if (this.completesCue(trial, index)) {
          read = trial;
          return;
        }
      }
    });
    return read;
  }

  private completesCue(tokens: readonly Token[], index: number): boolean {
    for (let start = Math.max(0, index - MAX_CUE_WORDS + 1); start <= index; start++) {
      const found = this.dictionary.matchesAt(tokens, start, (entry) => CUE_KINDS.has(entry.kind));
      if (found.some((entry) => entry.words.length >= 2 && start + entry.words.length > index)) return true;
    }
    return false;
  }

  /**
   * Reads regional and shorthand spellings as the standard words once, before any phrase is
   * matched, so every cue, marker, intent phrase and procedure name written in standard words
   * also matches "ko", "hông", "ck", "ở mô". A longer entry holding the word as typed wins
   * ("chi phí" stays a fee word; only a "chi" on its own is read as "gì").
   */
  private resolve(tokens: readonly Token[]): Reading[] {
    const choice = this.dictionary.segment(
      tokens,
      (entry, start) => entry.kind !== "discourse" || tokens[start]!.clauseStart,
      (entry) => (entry.standard !== undefined ? 1 : 0),
    );
    const readings: Reading[] = [];
    for (let start = 0; start < tokens.length; ) {
      const entry = choice[start];
      const end = start + (entry?.words.length ?? 1);
      if (entry?.standard) {
        const clauseStart = tokens[start]!.clauseStart;
        // Word for word when the lengths agree ("chi trả: chi trả"), else every word stands for the whole spelling ("ổng" → "ông ấy").
        const oneToOne = entry.standard.length === end - start;
        entry.standard.forEach((token, index) =>
          readings.push({
            token: { ...token, clauseStart: clauseStart && index === 0 },
            from: oneToOne ? start + index : start,
            to: oneToOne ? start + index + 1 : end,
            question: entry.question ?? false,
          }),
        );
      } else {
        for (let index = start; index < end; index++) readings.push({ token: tokens[index]!, from: index, to: index + 1, question: false });
      }
      start = end;
    }
    return readings;
  }

  private spans(tokens: readonly Token[], allowed: (entry: Entry) => boolean): Span[] {
    // On a tie in spans and in the longest one, words read as a section cue or an intent phrase beat
    // filler ("lên" + "xã nào" over "lên xã" + "nào"), and filler beats other words ("cần" + "những" +
    // "giấy tờ gì" over "cần những giấy" + "tờ" + "gì": "tờ" alone would be searched). Catalog phrases
    // weigh nothing here, so a cue keeps a word it shares with a keyword ("mất bao nhiêu" + "tiền").
    const choice = this.dictionary.segment(
      tokens,
      (entry, start) => allowed(entry) && (entry.kind !== "discourse" || tokens[start]!.clauseStart),
      (entry) => (CUE_KINDS.has(entry.kind) ? 2 : SILENT.has(entry.kind) ? 1 : 0),
    );
    const spans: Span[] = [];
    for (let start = 0; start < tokens.length; ) {
      const entry = choice[start];
      if (entry) {
        const { kind, output, section, intent, redirect, generic, qualifier } = entry;
        spans.push({ kind, start, end: start + entry.words.length, output, section, intent, redirect, generic, qualifier });
        start += entry.words.length;
      } else {
        spans.push({ kind: "word", start, end: start + 1, output: [tokens[start]!.folded] });
        start += 1;
      }
    }
    return spans;
  }

  /**
   * A question ending that closes a clause ("… được chưa", "… xong chưa ạ") asks; it is not a
   * search word. Elsewhere it may be ("chưa đăng ký kết hôn" names a situation).
   */
  private endingsSilenced(tokens: readonly Token[], spans: Span[]): Span[] {
    return spans.map((span, index) => {
      if (span.kind !== "word" || span.end - span.start !== 1 || !this.markers.endings.has(tokens[span.start]!)) return span;
      let next = index + 1;
      while (next < spans.length && !tokens[spans[next]!.start]!.clauseStart && COURTESY.has(spans[next]!.kind)) next++;
      const closes = next === spans.length || tokens[spans[next]!.start]!.clauseStart;
      return closes ? { ...span, kind: "question" as const, output: [] } : span;
    });
  }

  /**
   * Cues that ask, when there are any: a cue in a clause that asks beats one told in the story
   * ("con dâu tui về quê sanh em bé, làm khai sinh có tốn tiền hông" asks the fee).
   */
  private askedFirst(tokens: readonly Token[], spans: readonly Span[], cues: Span[]): Span[] {
    if (cues.length < 2) return cues;
    const clauses = clauseNumbers(tokens);
    const asking = this.askingClauses(tokens, spans, clauses);
    const asked = cues.filter((span) => asking.has(clauses[span.start]!));
    // In the asking clauses, a cue that is itself a question ("hết bao nhiêu") beats a plain one ("giấy ủy quyền").
    const questions = asked.filter((span) => tokens.slice(span.start, span.end + 1).some((token) => this.markers.asking.has(token)));
    return questions.length > 0 ? questions : asked.length > 0 ? asked : cues;
  }

  /**
   * The clauses that ask: one ending with a question mark, or with a question ending or word before
   * its courtesy ("… được không ạ chị", "… mang theo gì ạ"), or holding a question word in or right
   * before a section cue, or a regional question word ("mất mấy ngày", "hay về quê", "làm răng").
   * Other words do not count: a bare "dau" may be "dâu", "sao" is in "bản sao", "hay" may mean "often".
   */
  private askingClauses(tokens: readonly Token[], spans: readonly Span[], clauses: readonly number[]): Set<number> {
    const asking = new Set<number>();
    for (const span of spans) {
      // A question word in the cue or right before it ("hay về quê": or back home?).
      const words = tokens.slice(Math.max(0, span.start - 1), span.end);
      if (span.kind === "question" || (span.kind === "section" && words.some((token) => this.markers.asking.has(token)))) asking.add(clauses[span.start]!);
    }
    const courtesyAt = new Array<boolean>(tokens.length).fill(false);
    for (const span of spans) if (COURTESY.has(span.kind)) courtesyAt.fill(true, span.start, span.end);
    tokens.forEach((token, index) => {
      const last = index === tokens.length - 1 || tokens[index + 1]!.clauseStart;
      if (token.beforeQuestionMark === true) asking.add(clauses[index]!);
      if (!last) return;
      // From the clause's end back over courtesy, at most ENDING_REACH words, to a question ending or word ("… mang theo gì ạ").
      for (let back = index; back > index - ENDING_REACH && back >= 0 && clauses[back] === clauses[index]; back--) {
        if (this.markers.endings.has(tokens[back]!) || this.markers.asking.has(tokens[back]!)) asking.add(clauses[index]!);
        if (!courtesyAt[back]) break;
      }
    });
    return asking;
  }

  /**
   * A word nothing knows is kept as typed; rewrites are standard words, so their filler goes.
   * Catalog phrases (names, out-of-scope topics) are already search words, filler dropped as
   * typed: folding them again would drop "bản" of "bản sao" as if it were "bạn".
   */
  private searchWords(spans: readonly Span[]): string[] {
    return spans
      .filter((span) => !SILENT.has(span.kind))
      .flatMap((span) => (AS_SEARCHED.has(span.kind) ? span.output : span.output.filter((word) => !this.stopwords.has(word))));
  }
}

/** Each token's clause, counted from 0 (a clause starts at the message start or after punctuation). */
function clauseNumbers(tokens: readonly Token[]): number[] {
  const clauses: number[] = [];
  tokens.forEach((token, index) => clauses.push(index === 0 ? 0 : clauses[index - 1]! + (token.clauseStart ? 1 : 0)));
  return clauses;
}

function progressOfDossier(tokens: readonly Token[], spans: readonly Span[]): boolean {
  const clauses = clauseNumbers(tokens);
  const asking = new Set(spans.filter((span) => span.kind === "section").map((span) => clauses[span.start]));
  const plainProgress = spans.some((span) => span.intent === "progress" && !asking.has(clauses[span.start]));
  return plainProgress && spans.some((span) => span.intent === "dossier");
}

/**
 * The spans a documents question asks about, up to the end of its clause, when they name a paper:
 * "có cần [bản sao giấy khai sinh] không", "quên mang [căn cước]". An out-of-scope topic there is
 * a paper to bring, not the errand; after a specific cue a paper may be the request itself ("cần
 * bản sao giấy khai sinh"), so only a generic frame sets a paper aside. "có cần xác nhận tình
 * trạng hôn nhân không" names a procedure the commune does, so it is kept.
 */
function requiredObjects(tokens: readonly Token[], spans: readonly Span[], markers: MarkerWords): Set<Span> {
  const required = new Set<Span>();
  spans.forEach((span, index) => {
    if (span.kind !== "section" || span.section !== "documents") return;
    // A cue that is itself the question ("giấy tờ gì", "nộp gì") takes no object: "cần giấy tờ gì làm căn cước" asks about the card.
    if (markers.asking.has(tokens[span.end - 1]!)) return;
    const object: Span[] = [];
    for (let next = index + 1; next < spans.length && !tokens[spans[next]!.start]!.clauseStart; next++) object.push(spans[next]!);
    const first = object.find((part) => !COURTESY.has(part.kind));
    if (!first) return;
    // A generic frame ("có cần … không") or a cue that brings ("có cần mang …") sets a paper aside,
    // when nothing stands between: "có cần xin giấy phép xây dựng không" asks whether to apply for it.
    const bringsPaper = span.generic || tokens.slice(span.start, span.end).some((token) => markers.bringing.has(token));
    const direct = !object.slice(0, object.indexOf(first)).some((part) => part.kind === "stopword" && !markers.counts(tokens[part.start]!));
    if (first.kind === "outOfScope" || (bringsPaper && direct && markers.papers.has(tokens[first.start]!))) for (const part of object) required.add(part);
  });
  return required;
}

/** Whether the span follows an out-of-scope topic in the same clause, with only filler between ("visa đi Hàn Quốc"). */
function afterRedirect(tokens: readonly Token[], spans: readonly Span[], index: number, topics: readonly Span[]): boolean {
  for (let before = index - 1; before >= 0; before--) {
    if (tokens[spans[before + 1]!.start]!.clauseStart) return false;
    if (topics.includes(spans[before]!)) return true;
    if (spans[before]!.kind !== "stopword") return false;
  }
  return false;
}

/** Where the clause that asks starts and ends ("…, cần giấy tờ gì ạ, chị ơi" → "cần giấy tờ gì ạ"). */
function questionClause(tokens: readonly Token[], spans: readonly Span[]): { start: number; end: number } {
  // The clause that asks: its last section cue or question word, else the last one saying anything.
  const asking = spans.filter((span) => span.kind === "section" || span.kind === "question");
  const saying = spans.filter((span) => !COURTESY.has(span.kind));
  const last = asking[asking.length - 1] ?? saying[saying.length - 1];
  if (!last) return { start: 0, end: tokens.length };
  let start = last.start;
  while (start > 0 && !tokens[start]!.clauseStart) start--;
  let end = last.end;
  while (end < tokens.length && !tokens[end]!.clauseStart) end++;
  return { start, end };
}

/** A phrase as typed, so entries written in the same words compare equal. */
function typedForm(phrase: string): string {
  return tokenizeTyped(phrase)
    .map((token) => token.typed)
    .join(" ");
}
