import { Analyzer, type Analysis } from "../analysis/analyzer.js";
import type { Lexicon } from "../analysis/lexicon.js";
import type { Procedure, Redirect, Synonyms } from "./schema.js";
import { foreignVersions } from "./foreign-versions.js";
import { SpellingCorrector } from "./spelling-corrector.js";

/**
 * Procedure search. Queries and catalog phrases are read by one analyzer (src/analysis) into
 * one vocabulary; misspelt words are corrected against that vocabulary
 * with fuse.js (src/catalog/spelling-corrector.ts); procedures are then ranked from an inverted index held in typed arrays.
 * Fuzzy matching only the unknown words (instead of every field of every procedure) keeps a
 * query around a millisecond on thousands of procedures.
 *
 * Score = RECALL_SHARE × coverage + (1 − RECALL_SHARE) × fit, where coverage is the idf-weighted
 * share of the query's words the procedure contains (in any name, alias or keyword) and fit
 * is how much of the procedure's closest phrase the query covers, so "khai sinh" prefers
 * "Đăng ký khai sinh" over "Đăng ký lại khai sinh".
 */

export interface SearchHit {
  procedure: Procedure;
  /** 0..1: how much of the query the procedure explains and how closely one of its names fits. */
  score: number;
  /** The share of the query's meaningful words found in the procedure (0..1). */
  coverage: number;
  /** How fully the query covers the procedure's closest name or alias (0..1). */
  precision: number;
}

export interface PreparedQuery {
  terms: string[];
  /** Words that matched nothing in the catalog, even after spelling correction. */
  unknown: string[];
  /** Terms from loose words beside a catalog phrase the message named: the story around the question. Undefined when nothing is named. */
  context?: ReadonlySet<string>;
}

interface Ranked {
  index: number;
  score: number;
}

/** What the audience re-scoring needs of a query (see byAudience). */
interface AudienceQuery {
  lists: readonly Postings[];
  weights: Float64Array;
  unknown: readonly string[];
  unknownWeight: number;
  queryMass: number;
  limit: number;
}

interface Postings {
  /** Position in `byTermId`, indexing the per-term scratch arrays. */
  id: number;
  idf: number;
  term: string;
  procedures: Int32Array;
  weights: Float32Array;
  phrases: Int32Array;
}

const NAME_WEIGHT = 1;
const KEYWORD_WEIGHT = 0.8;
/**
 * A query word found only in who the procedure is for ("cha mẹ chưa đăng ký kết hôn, có con
 * chưa được khai sinh") adds this share of its weight to the procedure's recall. Only the best
 * RERANK_DEPTH procedures are looked at, so the words of every audience never enter the index.
 */
const AUDIENCE_WEIGHT = 0.2;
const RERANK_DEPTH = 8;
const RECALL_SHARE = 0.55;
const UNKNOWN_WEIGHT = 0.5;
/**
 * Loose words beside a named catalog phrase ("đăng ký kết hôn … trên quốc gia chưa") are
 * mostly the story around the question: they still rank, at this share of their weight.
 */
const CONTEXT_WEIGHT = 0.6;
const MAX_QUERY_TERMS = 48;
/** Query mass (sum of idf) of a short question; see toHits. */
const MASS_CAP = 20;
const MASS_BEYOND_CAP = 0.2;
/** A word in at most this share of procedures (and at most RARE_MIN of them) picks candidates. */
const RARE_SHARE = 0.05;
const RARE_MIN = 50;

export class SearchIndex {
  /** The one analysis step every message goes through; its dictionary includes this catalog's names. */
  readonly analyzer: Analyzer;
  private readonly postings = new Map<string, Postings>();
  private readonly phraseOwner: Int32Array;
  private readonly phraseWeight: Float32Array;
  private readonly phraseMass: Float64Array;
  // Compressed rows (start offsets, then ids): a phrase's term ids, a procedure's terms with
  // their weights; a procedure's phrases are the ids from procedurePhraseStart[p] to [p + 1].
  private readonly phraseTermStart: Int32Array;
  private readonly phraseTermIds: Int32Array;
  private readonly procedureTermStart: Int32Array;
  private readonly procedureTermIds: Int32Array;
  private readonly procedureTermWeights: Float64Array;
  private readonly procedurePhraseStart: Int32Array;
  private readonly rareLimit: number;
  private readonly unknownIdf: number;
  private readonly speller: SpellingCorrector;
  /** Neighbouring words of catalog phrases ("khai sinh", "hộ kinh"): a message holding one names part of a procedure. */
  private readonly pairs = new Set<string>();
  /** Per procedure, the search words of its audience (shared sets: large catalogs repeat them). */
  private readonly audienceWords: ReadonlySet<string>[];
  /** A domestic procedure's foreign-element version, by the domestic one's id. */
  private readonly foreign: Map<string, Procedure>;
  private readonly foreignIds: Set<string>;
  /** The search words of the foreign marker ("yếu tố nước ngoài"); empty without a `foreign` block. */
  readonly foreignMarker: readonly string[];
  /** The search words of each official name asked about so far, by id (see nameHolds). */
  private readonly nameWords = new Map<string, ReadonlySet<string>>();
  private readonly byCode = new Map<string, Procedure>();
  private readonly byId = new Map<string, Procedure>();
  /** A procedure's position in `procedures` (its row in the typed arrays), by id. */
  private readonly position = new Map<string, number>();
  // Scratch reused by every search (search is synchronous, so never shared): a query makes
  // almost no garbage, whose collection pauses would otherwise dominate the slowest queries.
  private readonly recall: Float64Array;
  private readonly fit: Float64Array;
  private readonly matched: Float64Array;
  /** Per term id: its idf while it is in the query, else 0. */
  private readonly queryIdf: Float64Array;
  /** Per term id: its weight in the candidate being scored, else 0. */
  private readonly candidateWeight: Float64Array;
  private readonly isCandidate: Uint8Array;
  private readonly touchedProcedures: Int32Array;
  private readonly touchedPhrases: Int32Array;

  constructor(
    readonly procedures: readonly Procedure[],
    synonyms: Synonyms,
    lexicon?: Lexicon,
  ) {
    this.analyzer = new Analyzer({ procedures, synonyms, lexicon });
    procedures.forEach((procedure, position) => {
      this.byCode.set(procedure.code, procedure);
      this.byId.set(procedure.id, procedure);
      this.position.set(procedure.id, position);
    });
    const audiences = new Map<string, ReadonlySet<string>>();
    this.audienceWords = procedures.map((procedure) => {
      let words = audiences.get(procedure.audience);
      if (!words) audiences.set(procedure.audience, (words = new Set(this.analyzer.catalogWords(procedure.audience))));
      return words;
    });
    this.foreignMarker = synonyms.foreign ? [...new Set(this.analyzer.catalogWords(synonyms.foreign.means))] : [];
    this.foreign = foreignVersions(procedures, (text) => this.analyzer.catalogWords(text), this.foreignMarker);
    this.foreignIds = new Set([...this.foreign.values()].map((procedure) => procedure.id));
    const built = this.buildPostings();
    for (const { terms } of built.phrases) for (let t = 1; t < terms.length; t++) this.pairs.add(`${terms[t - 1]} ${terms[t]}`);
    const termId = (term: string) => this.postings.get(term)!.id;
    this.phraseOwner = Int32Array.from(built.phrases.map((phrase) => phrase.owner));
    this.phraseWeight = Float32Array.from(built.phrases.map((phrase) => phrase.weight));
    this.phraseMass = Float64Array.from(
      built.phrases.map((phrase) => phrase.terms.reduce((sum, term) => sum + (this.postings.get(term)?.idf ?? 0), 0)),
    );
    [this.phraseTermStart, this.phraseTermIds] = rows(built.phrases.map((phrase) => phrase.terms.map(termId)));
    [this.procedureTermStart, this.procedureTermIds] = rows(built.procedureTerms.map((terms) => [...terms.keys()].map(termId)));
    this.procedureTermWeights = Float64Array.from(built.procedureTerms.flatMap((terms) => [...terms.values()]));
    // Phrases are numbered procedure by procedure, so each procedure's are one run of ids.
    this.procedurePhraseStart = new Int32Array(procedures.length + 1);
    for (const { owner } of built.phrases) this.procedurePhraseStart[owner + 1]!++;
    for (let owner = 0; owner < procedures.length; owner++) this.procedurePhraseStart[owner + 1]! += this.procedurePhraseStart[owner]!;
    this.rareLimit = Math.max(RARE_MIN, Math.floor(procedures.length * RARE_SHARE));
    this.unknownIdf = Math.log(1 + procedures.length);
    this.recall = new Float64Array(procedures.length);
    this.fit = new Float64Array(procedures.length);
    this.matched = new Float64Array(built.phrases.length);
    this.queryIdf = new Float64Array(this.postings.size);
    this.candidateWeight = new Float64Array(this.postings.size);
    this.isCandidate = new Uint8Array(procedures.length);
    this.touchedProcedures = new Int32Array(procedures.length);
    this.touchedPhrases = new Int32Array(built.phrases.length);
    this.speller = new SpellingCorrector([...this.postings.keys()].filter((term) => term.length >= 3));
  }

  /** Catalog wording in search words: folded, synonyms and regional spellings resolved, stopwords dropped. */
  canonical(text: string): string {
    return this.analyzer.catalogWords(text).join(" ");
  }

  /** Reads a message once: tokens, tagged spans, section asked, search words. */
  analyze(text: string): Analysis {
    return this.analyzer.analyze(text);
  }

  byProcedureCode(code: string): Procedure | undefined {
    return this.byCode.get(code);
  }

  byProcedureId(id: string): Procedure | undefined {
    return this.byId.get(id);
  }

  /** The foreign-element version of a domestic procedure, if the catalog has one. */
  foreignVersionOf(procedure: Procedure): Procedure | undefined {
    return this.foreign.get(procedure.id);
  }

  /** Whether the procedure is the foreign-element version of another. */
  isForeignVersion(procedure: Procedure): boolean {
    return this.foreignIds.has(procedure.id);
  }

  /** Whether every word is in one of the procedure's names or aliases (keywords do not count). */
  namesHold(procedure: Procedure, words: readonly string[]): boolean {
    const index = this.position.get(procedure.id) ?? -1;
    if (index < 0) return false;
    const start = this.procedureTermStart[index]!;
    const own = this.procedureTermIds.subarray(start, this.procedureTermStart[index + 1]!);
    return words.every((word) => {
      const list = this.postings.get(word);
      const at = list ? own.indexOf(list.id) : -1;
      return at >= 0 && this.procedureTermWeights[start + at]! >= NAME_WEIGHT;
    });
  }

  /** Whether the word is in any of the procedure's names, aliases or keywords. */
  mentions(procedure: Procedure, word: string): boolean {
    const index = this.position.get(procedure.id) ?? -1;
    const list = this.postings.get(word);
    if (index < 0 || !list) return false;
    return this.procedureTermIds.subarray(this.procedureTermStart[index]!, this.procedureTermStart[index + 1]!).includes(list.id);
  }

  /** Whether every word is in the procedure's official name. */
  nameHolds(procedure: Procedure, words: readonly string[]): boolean {
    let own = this.nameWords.get(procedure.id);
    if (!own) this.nameWords.set(procedure.id, (own = new Set(this.analyzer.catalogWords(procedure.name))));
    return words.every((word) => own.has(word));
  }

  /**
   * Whether one of the procedure's names, aliases or keywords holds every word: "đổi thiết kế" is
   * not held by a name with "đối với" and a keyword with "thiết kế" (folded, "đổi" and "đối" are one word).
   */
  holds(procedure: Procedure, words: readonly string[]): boolean {
    const index = this.position.get(procedure.id) ?? -1;
    const ids = words.map((word) => this.postings.get(word)?.id ?? -1);
    if (index < 0 || ids.includes(-1)) return false;
    const { phraseTermIds, phraseTermStart } = this;
    const inPhrase = (phrase: number, id: number) => {
      for (let t = phraseTermStart[phrase]!; t < phraseTermStart[phrase + 1]!; t++) if (phraseTermIds[t] === id) return true;
      return false;
    };
    for (let phrase = this.procedurePhraseStart[index]!; phrase < this.procedurePhraseStart[index + 1]!; phrase++) {
      if (ids.every((id) => inPhrase(phrase, id))) return true;
    }
    return false;
  }

  /**
   * The out-of-scope topic the text mentions, if any, and the text without that topic's
   * phrases: "photo công chứng căn cước" still asks for a certified copy once "căn cước" is
   * set aside, while "làm hộ chiếu" has nothing left.
   */
  redirectFor(text: string): { redirect: Redirect; remainder: string } | null {
    const { redirect, remainder } = this.analyze(text);
    return redirect ? { redirect, remainder: remainder.join(" ") } : null;
  }

  /** The query's catalog words (spelling corrected) and the words the catalog does not know. */
  prepare(text: string): PreparedQuery {
    return this.prepareTerms(this.analyze(text).terms);
  }

  /**
   * The same for search words an analysis already produced; `named` are those that came from
   * a catalog phrase. When they are given, two neighbouring search words (spelling corrected)
   * found side by side in a catalog phrase ("khai sinh") count as named too, and the other words
   * weigh as context.
   */
  prepareTerms(words: readonly string[], named?: readonly string[]): PreparedQuery {
    const corrected = words.slice(0, MAX_QUERY_TERMS * 2).map((word) => (word === "" ? null : this.postings.has(word) ? word : this.speller.correct(word)));
    const fromPhrase = new Set(named);
    if (named) {
      for (let w = 1; w < corrected.length; w++) {
        if (!this.pairs.has(`${corrected[w - 1]} ${corrected[w]}`)) continue;
        fromPhrase.add(words[w - 1]!);
        fromPhrase.add(words[w]!);
      }
    }
    const terms = new Set<string>();
    const unknown: string[] = [];
    const context = new Set<string>();
    const seen = new Set<string>();
    corrected.forEach((term, index) => {
      const token = words[index]!;
      if (token === "" || seen.has(token) || terms.size + unknown.length >= MAX_QUERY_TERMS) return;
      seen.add(token);
      if (!term) unknown.push(token);
      else if (!terms.has(term)) {
        terms.add(term);
        if (!fromPhrase.has(token)) context.add(term);
      } else if (fromPhrase.has(token)) context.delete(term);
    });
    // The rest is context only beside something named; a message naming nothing is searched as it stands.
    const namesSomething = fromPhrase.size > 0 && [...terms].some((term) => !context.has(term));
    return { terms: [...terms], unknown, context: namesSomething ? context : undefined };
  }


  search(text: string, limit = 5): SearchHit[] {
    return this.searchPrepared(this.prepare(text), limit);
  }

  /** Search for a query already prepared, for callers that also inspect its words. */
  searchPrepared({ terms, unknown, context }: PreparedQuery, limit = 5): SearchHit[] {
    const lists = terms.map((term) => this.postings.get(term)).filter((list): list is Postings => list !== undefined);
    if (lists.length === 0) return [];
    // Per query word, what it adds to a procedure's recall: its idf, less for context words.
    const weights = Float64Array.from(lists, (list) => list.idf * (context?.has(list.term) ? CONTEXT_WEIGHT : 1));
    // Unknown words count at half weight (they are as often typos and filler as real meaning),
    // less beside a named phrase, where they are context like the other loose words.
    const unknownWeight = UNKNOWN_WEIGHT * (context ? CONTEXT_WEIGHT : 1);
    const fullMass = weights.reduce((sum, weight) => sum + weight, 0) + unknown.length * this.unknownIdf * unknownWeight;
    const queryMass = fullMass;
    const reportMass = fullMass <= MASS_CAP ? fullMass : MASS_CAP + (fullMass - MASS_CAP) * MASS_BEYOND_CAP;
    const rare = lists.filter((list) => list.procedures.length <= this.rareLimit);
    const audience = { lists, weights, unknown, unknownWeight, queryMass, limit };
    const depth = Math.max(limit, RERANK_DEPTH);
    if (rare.length > 0 && rare.length < lists.length) {
      const pruned = this.rankCandidates(rare, lists, weights, queryMass, reportMass, depth, audience);
      if (pruned) return pruned;
    }
    const touched = this.accumulate(lists, weights);
    const hits = this.toHits(this.byAudience(this.rank(this.touchedProcedures, touched, queryMass, depth), audience), reportMass);
    this.clear(this.touchedProcedures, touched);
    return hits;
  }

  /**
   * The best procedures re-scored with the query words found in their audience and not in their
   * names, best first, `limit` of them.
   */
  private byAudience(ranked: Ranked[], query: AudienceQuery): Ranked[] {
    for (const hit of ranked) {
      const words = this.audienceWords[hit.index]!;
      let extra = 0;
      const own = this.procedureTermIds.subarray(this.procedureTermStart[hit.index]!, this.procedureTermStart[hit.index + 1]!);
      for (let l = 0; l < query.lists.length; l++) {
        const list = query.lists[l]!;
        if (words.has(list.term) && !own.includes(list.id)) extra += query.weights[l]!;
      }
      for (const word of query.unknown) if (words.has(word)) extra += this.unknownIdf * query.unknownWeight;
      this.recall[hit.index] = this.recall[hit.index]! + AUDIENCE_WEIGHT * extra;
      hit.score = this.scoreOf(hit.index, query.queryMass);
    }
    return ranked.sort((a, b) => b.score - a.score).slice(0, query.limit);
  }

  /**
   * In a large catalog most time goes to words shared by thousands of procedures ("cấp",
   * "giấy"). When the query also has a rarer word, only procedures containing a rare word are
   * scored, each exactly, from its own words and phrases. A procedure without any rare word
   * can at best cover the common words and fit one phrase fully; if the candidates already
   * beat that bound the result is exact, otherwise this gives up (null) for a full scan.
   */
  private rankCandidates(
    rare: Postings[],
    lists: Postings[],
    weights: Float64Array,
    queryMass: number,
    reportMass: number,
    depth: number,
    audience: AudienceQuery,
  ): SearchHit[] | null {
    const { queryIdf, candidateWeight, isCandidate, touchedProcedures: candidates } = this;
    for (const list of lists) queryIdf[list.id] = list.idf;
    let count = 0;
    for (const list of rare) {
      for (const procedure of list.procedures) {
        if (isCandidate[procedure] === 1) continue;
        isCandidate[procedure] = 1;
        candidates[count++] = procedure;
      }
    }
    for (let c = 0; c < count; c++) {
      const index = candidates[c]!;
      isCandidate[index] = 0;
      const termEnd = this.procedureTermStart[index + 1]!;
      for (let t = this.procedureTermStart[index]!; t < termEnd; t++) candidateWeight[this.procedureTermIds[t]!] = this.procedureTermWeights[t]!;
      // Summed in query order, as the full scan does, so both give the same figures.
      let recall = 0;
      for (let l = 0; l < lists.length; l++) recall += weights[l]! * candidateWeight[lists[l]!.id]!;
      for (let t = this.procedureTermStart[index]!; t < termEnd; t++) candidateWeight[this.procedureTermIds[t]!] = 0;
      let fit = 0;
      const phraseEnd = this.procedurePhraseStart[index + 1]!;
      for (let phrase = this.procedurePhraseStart[index]!; phrase < phraseEnd; phrase++) {
        let matched = 0;
        const end = this.phraseTermStart[phrase + 1]!;
        for (let t = this.phraseTermStart[phrase]!; t < end; t++) matched += queryIdf[this.phraseTermIds[t]!]!;
        const mass = this.phraseMass[phrase]!;
        const value = mass > 0 ? (matched / mass) * this.phraseWeight[phrase]! : 0;
        if (value > fit) fit = value;
      }
      this.recall[index] = recall;
      this.fit[index] = fit;
    }
    for (const list of lists) queryIdf[list.id] = 0;
    const hits = this.rank(candidates, count, queryMass, depth);
    const commonMass = lists.reduce((sum, list, l) => (rare.includes(list) ? sum : sum + weights[l]!), 0);
    const bound = RECALL_SHARE * Math.min(1, commonMass / queryMass) + (1 - RECALL_SHARE);
    // A procedure without a rare word scores at most `bound`, plus what its audience can add: the
    // best `audience.limit` after re-scoring are exact when the last of them beats that.
    const rescored = this.byAudience(hits, audience);
    const last = rescored[Math.min(audience.limit, rescored.length) - 1];
    const result = last !== undefined && round(last.score) >= round(bound + RECALL_SHARE * AUDIENCE_WEIGHT) ? this.toHits(rescored, reportMass) : null;
    this.clear(candidates, count);
    return result;
  }

  /**
   * Adds each query word's weight to the procedures and phrases containing it; returns how
   * many procedures it touched, listed in touchedProcedures in the order first touched.
   */
  private accumulate(lists: Postings[], weights: Float64Array): number {
    const { recall, matched, fit, touchedProcedures, touchedPhrases } = this;
    let procedures = 0;
    let phrases = 0;
    for (let l = 0; l < lists.length; l++) {
      const list = lists[l]!;
      for (let i = 0; i < list.procedures.length; i++) {
        const procedure = list.procedures[i]!;
        if (recall[procedure] === 0) touchedProcedures[procedures++] = procedure;
        recall[procedure] = recall[procedure]! + weights[l]! * list.weights[i]!;
      }
      for (let i = 0; i < list.phrases.length; i++) {
        const phrase = list.phrases[i]!;
        if (matched[phrase] === 0) touchedPhrases[phrases++] = phrase;
        matched[phrase] = matched[phrase]! + list.idf;
      }
    }
    for (let p = 0; p < phrases; p++) {
      const phrase = touchedPhrases[p]!;
      const mass = this.phraseMass[phrase]!;
      const value = mass > 0 ? (matched[phrase]! / mass) * this.phraseWeight[phrase]! : 0;
      const owner = this.phraseOwner[phrase]!;
      if (value > fit[owner]!) fit[owner] = value;
      matched[phrase] = 0;
    }
    return procedures;
  }

  /** Keeps the best `limit` procedures in one pass; sorting thousands of touched ones would dominate. */
  private rank(touched: Int32Array, count: number, queryMass: number, limit: number): Ranked[] {
    const best: Ranked[] = [];
    for (let t = 0; t < count; t++) {
      const index = touched[t]!;
      const score = this.scoreOf(index, queryMass);
      if (best.length === limit && score <= best[best.length - 1]!.score) continue;
      let position = best.length;
      while (position > 0 && best[position - 1]!.score < score) position--;
      best.splice(position, 0, { index, score });
      if (best.length > limit) best.pop();
    }
    return best;
  }

  /**
   * Hits as reported, ranked on the whole message but scored against a capped mass: a long
   * message carries family context around the question, and beyond a short question's worth
   * of words extra words dilute the confidence only partly (the order stays as ranked).
   */
  private toHits(ranked: Ranked[], reportMass: number): SearchHit[] {
    return ranked.map(({ index }) => ({
      procedure: this.procedures[index]!,
      score: round(this.scoreOf(index, reportMass)),
      coverage: round(this.coverageOf(index, reportMass)),
      precision: round(this.fit[index]!),
    }));
  }

  private clear(touched: Int32Array, count: number): void {
    for (let t = 0; t < count; t++) {
      this.recall[touched[t]!] = 0;
      this.fit[touched[t]!] = 0;
    }
  }

  private coverageOf(index: number, queryMass: number): number {
    return queryMass > 0 ? Math.min(1, this.recall[index]! / queryMass) : 0;
  }

  private scoreOf(index: number, queryMass: number): number {
    return RECALL_SHARE * this.coverageOf(index, queryMass) + (1 - RECALL_SHARE) * this.fit[index]!;
  }

  /** Builds the term → postings lists once, from names, aliases and keywords. */
  private buildPostings(): {
    phrases: Array<{ owner: number; weight: number; terms: string[] }>;
    procedureTerms: Array<Map<string, number>>;
  } {
    const phrases: Array<{ owner: number; weight: number; terms: string[] }> = [];
    const byTerm = new Map<string, { procedures: Map<number, number>; phrases: number[] }>();
    const procedureTerms = this.procedures.map(() => new Map<string, number>());
    // Large catalogs repeat their keywords and aliases ("hộ tịch" on dozens of procedures).
    const wordsOf = new Map<string, string[]>();
    const catalogWords = (text: string) => {
      let words = wordsOf.get(text);
      if (!words) wordsOf.set(text, (words = [...new Set(this.analyzer.catalogWords(text))]));
      return words;
    };
    this.procedures.forEach((procedure, owner) => {
      const named = [procedure.name, ...procedure.aliases].map((text) => [text, NAME_WEIGHT] as const);
      const hinted = procedure.keywords.map((text) => [text, KEYWORD_WEIGHT] as const);
      for (const [text, weight] of [...named, ...hinted]) {
        const terms = catalogWords(text);
        if (terms.length === 0) continue;
        const phraseId = phrases.push({ owner, weight, terms }) - 1;
        for (const term of terms) {
          let entry = byTerm.get(term);
          if (!entry) byTerm.set(term, (entry = { procedures: new Map(), phrases: [] }));
          entry.phrases.push(phraseId);
          entry.procedures.set(owner, Math.max(entry.procedures.get(owner) ?? 0, weight));
          procedureTerms[owner]!.set(term, entry.procedures.get(owner)!);
        }
      }
    });
    const total = this.procedures.length;
    for (const [term, entry] of byTerm) {
      const df = entry.procedures.size;
      this.postings.set(term, {
        id: this.postings.size,
        term,
        // BM25 idf: words found in most procedures ("đăng ký") weigh little next to distinctive ones.
        idf: Math.log(1 + (total - df + 0.5) / (df + 0.5)),
        procedures: Int32Array.from(entry.procedures.keys()),
        weights: Float32Array.from(entry.procedures.values()),
        phrases: Int32Array.from(entry.phrases),
      });
    }
    return { phrases, procedureTerms };
  }
}

/** Rows of ids as one array plus start offsets (row r is ids[start[r]] to ids[start[r + 1]]). */
function rows(lists: readonly number[][]): [Int32Array, Int32Array] {
  const start = new Int32Array(lists.length + 1);
  lists.forEach((list, index) => (start[index + 1] = start[index]! + list.length));
  return [start, Int32Array.from(lists.flat())];
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
