import type { Analysis, Span } from "../../analysis/analyzer.js";
import type { Procedure } from "../../catalog/schema.js";
import type { PreparedQuery, SearchHit } from "../../catalog/search.js";
import { payload, procedureCard, sectionReply } from "../cards.js";
import { officeInfo } from "./help.js";
import { outcome, procedureRef, type Turn } from "../context.js";
import { sectionsAsked } from "../sections.js";
import type { Candidate, Outcome, Reply, Section } from "../types.js";

/**
 * Answers a free-text question about procedures. The rules, in order:
 * an out-of-scope topic (passport, residence…) gets a pointer elsewhere unless a procedure
 * fits strongly; a section question with little else refers to the procedure shown last;
 * a clear winner gets its card (or the asked section); close rivals get a numbered choice;
 * a weak best match is "not found" with suggestions, never a confident wrong card.
 */

/** Below this score nothing is shown as an answer. */
export const MIN_SCORE = 0.56;
/** Rivals within this distance of the best score make the question ambiguous. */
export const AMBIGUITY_MARGIN = 0.03;
/** A procedure named this clearly beats an out-of-scope phrase in the same question. */
const STRONG_SCORE = 0.7;
/** …and must match most of one of its names, not just a modifier such as "nước ngoài". */
const STRONG_PRECISION = 0.75;
/** Above a keyword's best fit (0.8): a name or alias of the procedure is in the message. */
const NAMED_PRECISION = 0.85;
/** From this many words a message is a story around a question (see fitsWithout). */
const LONG_MESSAGE_WORDS = 20;
const SUGGESTION_SCORE = 0.3;
/** Without any catalog phrase named, below this share of its best name matched nothing is shown. */
const LOOSE_PRECISION = 0.25;
/** Below MIN_SCORE but at least this: offered as a numbered choice instead of "not found". */
const CHOICE_SCORE = 0.5;
const MAX_CHOICES = 3;
/** Below this share of its best name matched, a question is too broad to pick one procedure. */
const BROAD_PRECISION = 0.6;
/** See namesPart. */
const NAMED_COVERAGE = 0.8;
const PART_PRECISION = 0.4;
const CODE_IN_TEXT = /\b(\d\.\d{6})\b/;
/** Sections answered besides the main one: two questions get two answers, more stay buttons. */
const MAX_EXTRA_SECTIONS = 1;

/** What else the message asked, answered or offered alongside the main answer. */
export interface AlsoAsked {
  /** Further sections asked in the same message, shown after the main one. */
  sections?: readonly Section[];
  /** Another procedure named in the same message, offered as the first choice. */
  procedure?: Procedure;
}

export function answerQuery(turn: Turn, text: string, analysis: Analysis = turn.index.analyze(text)): Outcome {
  const { section, others } = sectionsAsked(analysis);
  const also: AlsoAsked = { sections: others.slice(0, MAX_EXTRA_SECTIONS) };
  const byCode = CODE_IN_TEXT.exec(text);
  const coded = byCode ? turn.index.byProcedureCode(byCode[1] ?? "") : undefined;
  if (coded) return showProcedure(turn, coded, section, [toCandidate({ procedure: coded, score: 1, coverage: 1, precision: 1 })], also);

  const query = turn.index.prepareTerms(analysis.terms, analysis.named);
  const hits = turn.index.searchPrepared(query, 5);
  const candidates = hits.map(toCandidate);
  const top = hits[0];
  if (analysis.redirect && !actedOn(turn, analysis, top) && !namesTopic(turn, analysis, top) && !fitsWithout(turn, analysis)) {
    const { answer } = analysis.redirect;
    return outcome("unknown", [{ blocks: [{ title: turn.messages.redirectTitle, lines: [answer] }] }], { candidates });
  }

  const last = turn.session.lastProcedureId ? turn.index.byProcedureId(turn.session.lastProcedureId) : undefined;
  if (section && last && isFollowUp(query, top)) return showProcedure(turn, last, section, candidates, also);

  // "mấy giờ xã làm việc", "bộ phận một cửa ở đâu": about the desk itself, not a procedure.
  if (section === "where" && (!top || (top.precision < BROAD_PRECISION && !namesPart(query, top)))) return officeInfo(turn);
  // Loose words scattered over one long name ("bạn có người yêu chưa": "người", "yêu cầu") name
  // nothing; suggesting that name would only puzzle.
  if (top && analysis.named.length === 0 && top.precision < LOOSE_PRECISION) return notFound(turn, []);
  if (!top || top.score < MIN_SCORE) {
    if (section && query.terms.length === 0 && query.unknown.length === 0) return outcome("procedure", [{ blocks: [{ lines: [turn.messages.whichProcedure] }] }], { section, candidates });
    // Close but not sure: a short numbered choice beats an "unknown" when the answer is likely among them.
    const close = hits.filter((hit) => hit.score >= CHOICE_SCORE).slice(0, MAX_CHOICES);
    if (close.length > 0 && !analysis.redirect) return chooseAmong(turn, close, section, candidates);
    return notFound(turn, hits);
  }
  const version = foreignVersionAsked(turn, analysis, hits);
  if (version) return showChosen(turn, version, section, candidates, also);
  const sibling = siblingAsked(turn, analysis, hits);
  if (sibling) return showChosen(turn, sibling, section, candidates, also);
  const rivals = rivalsOf(top, hits);
  if (rivals.length > 1) return chooseAmong(turn, rivals, section, candidates);
  return showProcedure(turn, top.procedure, section, candidates, { ...also, procedure: secondProcedure(turn, analysis, top.procedure) });
}

/** Shows a hit chosen over the best one by a rule, listed first among the candidates. */
function showChosen(turn: Turn, chosen: SearchHit, section: Section | null, candidates: Candidate[], also: AlsoAsked): Outcome {
  const others = candidates.filter((candidate) => candidate.id !== chosen.procedure.id);
  return showProcedure(turn, chosen.procedure, section, [toCandidate(chosen), ...others], also);
}

/**
 * A second procedure named on its own in the same message ("khai sinh cho con rồi đăng ký
 * thường trú luôn"): a name or alias of two words or more, apart from other names, that searched
 * alone clearly finds another procedure. It is offered, never answered: the best match is the answer.
 */
function secondProcedure(turn: Turn, analysis: Analysis, first: Procedure): Procedure | undefined {
  const { spans } = analysis;
  // A name right next to another one qualifies it ("bản sao giấy khai sinh"), it asks nothing new.
  const nextToName = (index: number) => spans[index - 1]?.kind === "procedure" || spans[index + 1]?.kind === "procedure";
  for (const [index, span] of spans.entries()) {
    if (span.kind !== "procedure" || span.end - span.start < 2 || span.output.length === 0 || nextToName(index)) continue;
    const hit = turn.index.searchPrepared(turn.index.prepareTerms(span.output), 1)[0];
    if (hit && hit.procedure.id !== first.id && hit.score >= STRONG_SCORE && hit.precision >= STRONG_PRECISION) return hit.procedure;
  }
  return undefined;
}

/**
 * Procedures the question fits about as well as the best one. A broad question ("chứng thực")
 * names only part of the best procedure's name while fully fitting several others: all of
 * those are rivals, so the citizen picks instead of the bot guessing.
 */
function rivalsOf(top: SearchHit, hits: SearchHit[]): SearchHit[] {
  if (top.precision < BROAD_PRECISION) return hits.filter((hit) => hit.coverage >= top.coverage - 0.01);
  return hits.filter((hit) => hit.score >= top.score - AMBIGUITY_MARGIN);
}

/**
 * Whether the question still names a procedure once the out-of-scope words are set aside. A
 * message tells a story around its question ("ngân hàng đòi giấy độc thân, e đi xin thì cần
 * gì"; "ba em mất ở bệnh viện, hộ khẩu ở quê… giờ làm giấy khai tử ở xã được không"): when
 * the out-of-scope topic is only in the story, or the message is long and names a procedure in
 * full, a procedure that fits is the question even when the story dilutes its score. When the
 * clause that asks holds the topic, only that clause's words count: a procedure already done
 * in the story ("đăng ký kết hôn xong rồi, giờ làm hộ chiếu…") is not the question.
 */
function fitsWithout(turn: Turn, analysis: Analysis): boolean {
  // Asked in the question itself, the topic leaves only that clause's words to name a procedure.
  const words = analysis.redirectInStory ? analysis.remainder : analysis.questionRemainder;
  const best = turn.index.searchPrepared(turn.index.prepareTerms(words), 1)[0];
  if (!best || best.precision < STRONG_PRECISION) return false;
  // Beside the topic itself, one word left ("ly hôn thì nộp đơn ở đâu") names no procedure.
  if (!analysis.redirectInStory && new Set(words).size < 2) return false;
  if (best.score >= STRONG_SCORE) return true;
  if (best.score < MIN_SCORE) return false;
  return analysis.redirectInStory || (analysis.tokens.length >= LONG_MESSAGE_WORDS && best.precision === 1);
}

/**
 * Whether the best procedure, named by one of its names or aliases, holds the out-of-scope
 * topic in its names or aliases: "khai sinh, nhập hộ khẩu với thẻ bhyt cho bé chung 1 lần" asks the
 * joint procedure that registers residence, "photo công chứng căn cước" a certified copy.
 */
function namesTopic(turn: Turn, analysis: Analysis, top: SearchHit | undefined): boolean {
  if (!top || top.score < STRONG_SCORE || top.precision < NAMED_PRECISION) return false;
  const topicWords = analysis.spans.filter((span) => span.kind === "outOfScope").flatMap((span) => span.output);
  // The topic alone ("hộ chiếu", even as some procedure's alias) is still out of scope.
  const namedBeside = analysis.named.filter((word) => !topicWords.includes(word));
  return topicWords.length > 0 && namedBeside.length > 0 && turn.index.namesHold(top.procedure, topicWords);
}

/** How many words (a number, a classifier) may stand between a procedure's words and the paper it acts on. */
const OBJECT_GAP = 2;

/**
 * Whether the out-of-scope topics are papers the best procedure acts on, named right after
 * words of that procedure: "công chứng bằng lái xe", "công chứng cái căn cước", "công chứng 5
 * bản cccd". The best procedure holds both, so the paper is what it certifies, not an errand
 * for another office; any other topic must be told in the story. "làm bằng lái xe" names no
 * procedure before the topic and stays elsewhere.
 */
function actedOn(turn: Turn, analysis: Analysis, top: SearchHit | undefined): boolean {
  if (!top || top.score < MIN_SCORE) return false;
  const { spans, tokens, topics } = analysis;
  const objects = topics.filter((topic) => {
    const index = spans.indexOf(topic);
    let before = index - 1;
    while (before >= 0 && topic.start - spans[before]!.start <= OBJECT_GAP && countsOnly(analysis, spans[before]!)) before--;
    const verb = spans[before];
    if (!verb || (verb.kind !== "procedure" && verb.kind !== "synonym") || topic.start - verb.end > OBJECT_GAP) return false;
    if (tokens.slice(verb.end, topic.start + 1).some((token) => token.clauseStart)) return false;
    return turn.index.holds(top.procedure, verb.output) && turn.index.holds(top.procedure, topic.output);
  });
  // Other topics may stand in the story around the question ("xin vô công ty cần công chứng cái căn cước, …").
  return objects.length > 0 && (objects.length === topics.length || analysis.redirectInStory);
}

/** Only numbers and counting words (markers.yaml `counters`): "công chứng cái căn cước", "công chứng 2 bản căn cước"; never "xong", "làm". */
function countsOnly(analysis: Analysis, span: Span): boolean {
  return analysis.counting.slice(span.start, span.end).every(Boolean);
}

/**
 * The foreign-element procedure meant, when search found a foreign one: the message says "nước
 * ngoài" (or a country) and, without it, clearly names a domestic procedure whose foreign version
 * is among the hits. "định cư ở Mỹ … đăng ký lại khai sinh" is the foreign re-registration, not
 * the foreign birth registration that "khai sinh" and "Mỹ" alone would find; between two close
 * foreign versions it settles the choice.
 */
function foreignVersionAsked(turn: Turn, analysis: Analysis, hits: SearchHit[]): SearchHit | undefined {
  const { index } = turn;
  const top = hits[0];
  const marker = index.foreignMarker;
  if (!top || !index.isForeignVersion(top.procedure) || marker.length === 0 || !marker.every((word) => analysis.terms.includes(word))) return undefined;
  const [domestic, runnerUp] = index.searchPrepared(index.prepareTerms(analysis.terms.filter((word) => !marker.includes(word)), analysis.named), 2);
  if (!domestic || domestic.score < MIN_SCORE || domestic.precision < STRONG_PRECISION) return undefined;
  // Only a clear domestic answer says which foreign version is meant.
  if (runnerUp && runnerUp.score >= domestic.score - AMBIGUITY_MARGIN) return undefined;
  const version = index.foreignVersionOf(domestic.procedure);
  const hit = version ? hits.find((candidate) => candidate.procedure.id === version.id) : undefined;
  return hit && hit.score >= MIN_SCORE ? hit : undefined;
}

/** How far below the best score a sibling that explains more of what the message names may stand. */
const SIBLING_WINDOW = 0.1;

/**
 * The sibling procedure meant when the best one is only the family's plain member: the message
 * names the family ("giấy phép xây dựng", held in the sibling's official name too) and something
 * more that only the sibling holds ("… đổi thiết kế", "… chưa khởi công"). Naming what tells a
 * sibling apart outweighs the plain member's closer fit to the family's name. What tells it apart
 * is a phrase of two words or more held only by the sibling, or a loose word of the sibling's
 * official name that nothing of the plain member mentions ("tiệm tạp hóa dời qua đường khác … báo
 * thay đổi" asks "Đăng ký thay đổi nội dung…"). A loose word the sibling holds only in an alias or
 * keyword ("mất", which is also "died") is too often the story.
 */
function siblingAsked(turn: Turn, analysis: Analysis, hits: SearchHit[]): SearchHit | undefined {
  const { index } = turn;
  const [top, ...others] = hits;
  const named = analysis.spans.filter((span) => (span.kind === "procedure" || span.kind === "synonym") && span.output.length > 0).map((span) => span.output);
  if (!top || named.length < 2) return undefined;
  const topHolds = named.filter((words) => index.holds(top.procedure, words));
  if (topHolds.length === 0) return undefined;
  const namedWords = new Set(named.flat());
  const loose = analysis.terms.filter((word) => !namedWords.has(word) && !index.mentions(top.procedure, word));
  return others.find(
    (hit) =>
      hit.score >= top.score - SIBLING_WINDOW &&
      hit.score >= MIN_SCORE &&
      topHolds.every((words) => index.nameHolds(hit.procedure, words)) &&
      (named.some((words) => words.length >= 2 && !index.holds(top.procedure, words) && index.holds(hit.procedure, words)) ||
        loose.some((word) => index.nameHolds(hit.procedure, [word]))),
  );
}

/**
 * Whether the question names part of a procedure's long name ("cải chính hộ tịch" of "Thay đổi,
 * cải chính, bổ sung thông tin hộ tịch…"): two words or more, nearly all held by it. One word
 * ("xã" in "mấy giờ xã làm việc") names no procedure.
 */
function namesPart(query: PreparedQuery, top: SearchHit): boolean {
  return query.terms.length >= 2 && top.coverage >= NAMED_COVERAGE && top.precision >= PART_PRECISION;
}

/** "còn lệ phí?" after a card: the section words leave fewer than two searchable words. */
function isFollowUp(query: PreparedQuery, top: SearchHit | undefined): boolean {
  return query.terms.length < 2 || !top || top.score < MIN_SCORE;
}

export function showProcedure(
  turn: Turn,
  procedure: Procedure,
  section: Section | null,
  candidates: Candidate[] = [],
  also: AlsoAsked = {},
): Outcome {
  turn.session.lastProcedureId = procedure.id;
  const reply = section ? sectionReply(procedure, section, turn.cards, also.sections) : procedureCard(procedure, turn.cards);
  const offered = also.procedure ? offerProcedure(turn, reply, also.procedure) : reply;
  return outcome("procedure", [offered], { procedure: procedureRef(procedure), section, candidates });
}

/** The answer with another procedure the message named as its first choice (a button, or number 1). */
function offerProcedure(turn: Turn, reply: Reply, other: Procedure): Reply {
  return {
    ...reply,
    blocks: [...reply.blocks, { lines: [turn.messages.alsoAsked(other.name)] }],
    choices: [{ label: other.name, payload: payload.procedure(other.id) }, ...(reply.choices ?? [])],
  };
}

function chooseAmong(turn: Turn, rivals: SearchHit[], section: Section | null, candidates: Candidate[]): Outcome {
  const { messages } = turn;
  const choices = rivals.map((hit) => ({
    label: hit.procedure.name,
    payload: section ? payload.section(hit.procedure.id, section) : payload.procedure(hit.procedure.id),
  }));
  return outcome(
    "procedure",
    [{ blocks: [{ lines: [messages.choosePrompt] }], choices, choicesPrompt: messages.chooseByNumber(choices.length) }],
    { section, candidates },
  );
}

function notFound(turn: Turn, hits: SearchHit[]): Outcome {
  const { messages, catalog } = turn;
  const suggestions = hits.filter((hit) => hit.score >= SUGGESTION_SCORE).slice(0, 3);
  const office = catalog.office;
  return outcome(
    "unknown",
    [
      {
        blocks: [
          { title: messages.notFoundTitle, lines: [messages.askStaff(office.phone), ...office.hours.map((hours) => `• ${hours}`)] },
          { lines: [messages.mainTopics] },
        ],
        choices: suggestions.map((hit) => ({ label: hit.procedure.name, payload: payload.procedure(hit.procedure.id) })),
        choicesPrompt: suggestions.length > 0 ? messages.notFoundSuggestions : undefined,
      },
    ],
    { candidates: hits.map(toCandidate) },
  );
}

export function toCandidate(hit: SearchHit): Candidate {
  return { id: hit.procedure.id, code: hit.procedure.code, name: hit.procedure.name, score: hit.score };
}
