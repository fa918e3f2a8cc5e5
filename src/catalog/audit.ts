import { tableFor } from "./fees.js";
import { fold } from "./normalize.js";
import type { Lexicon } from "../analysis/lexicon.js";
import { cuePhrases } from "../analysis/cue-phrases.js";
import { tokenizeTyped } from "../analysis/tokens.js";
import { withinOneEdit } from "../analysis/typos.js";
import type { Catalog, Procedure } from "./schema.js";

/**
 * Checks on a valid catalog that help staff keep it trustworthy and findable: facts not
 * reviewed for a year or since a law changed, names and aliases two procedures share, fee
 * amounts that disagree, and (given the bot's answers) aliases and development-set questions
 * that do not reach their procedure. Errors make `content:check` fail; warnings are printed
 * and fail it only with --strict.
 */

export interface Finding {
  level: "error" | "warning";
  /** Which check found it, for grouping: "review", "alias", "fee", "reach", "short-code". */
  check: "review" | "alias" | "fee" | "reach" | "short-code" | "holidays";
  file: string;
  field: string;
  message: string;
  hint: string;
}

export interface AuditOptions {
  /** The day to judge review dates on (YYYY-MM-DD). */
  today: string;
  /** Facts older than this many days are flagged; a year by default. */
  maxReviewAgeDays?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function procedureLabel(procedure: Procedure): string {
  return `procedures/${procedure.code} (${procedure.id})`;
}

/** Every check that needs only the catalog itself. */
export function auditCatalog(catalog: Catalog, options: AuditOptions): Finding[] {
  return [
    ...reviewFindings(catalog.procedures, options),
    ...aliasFindings(catalog.procedures, catalog.synonyms.stopwords),
    ...cueTailFindings(catalog.procedures, catalog.lexicon),
    ...legacyFeeFindings(catalog),
  ];
}

/** A review older than the limit, or older than a dated note's law change that has taken effect. */
export function reviewFindings(procedures: readonly Procedure[], { today, maxReviewAgeDays = 365 }: AuditOptions): Finding[] {
  const findings: Finding[] = [];
  for (const procedure of procedures) {
    const age = Math.floor((Date.parse(today) - Date.parse(procedure.reviewed)) / DAY_MS);
    if (age > maxReviewAgeDays) {
      findings.push({
        level: "warning",
        check: "review",
        file: procedureLabel(procedure),
        field: "reviewed",
        message: `last reviewed ${procedure.reviewed}, ${age} days ago (more than ${maxReviewAgeDays})`,
        hint: "check every fact against the current law and the national database, then set reviewed to today's date",
      });
    }
    const changed = procedure.notes.filter((note) => note.from && note.from <= today && procedure.reviewed < note.from);
    for (const note of changed) {
      findings.push({
        level: "warning",
        check: "review",
        file: procedureLabel(procedure),
        field: "reviewed",
        message: `a note says the rules change on ${note.from}, after the last review (${procedure.reviewed}): "${shorten(note.text)}"`,
        hint: "review the procedure under the new rules, update it and set reviewed to today's date",
      });
    }
  }
  return findings;
}

/** Words at the end of a name that may also open a question about a section. */
const MIN_CUE_OVERLAP = 2;

/**
 * A name, alias or keyword ending with the first words of a longer section cue ("khai tử ở xã"
 * against "ở xã nào"): the longer name wins those words, so "khai tử ở xã nào" no longer reads
 * as a where question. The words add nothing for search either.
 */
export function cueTailFindings(procedures: readonly Procedure[], lexicon: Lexicon | undefined): Finding[] {
  if (!lexicon) return [];
  const cues = cuePhrases(lexicon).map((cue) => ({ ...cue, words: typedWords(cue.text) }));
  const findings: Finding[] = [];
  for (const procedure of procedures) {
    for (const [field, texts] of [["name", [procedure.name]], ["aliases", procedure.aliases], ["keywords", procedure.keywords]] as const) {
      for (const text of texts) {
        const words = typedWords(text);
        const cue = cues.find((candidate) => overlapsTail(words, candidate.words));
        if (!cue) continue;
        const asks = cue.section ? `${cue.section} question` : `${cue.intent} phrase`;
        findings.push({
          level: "warning",
          check: "alias",
          file: procedureLabel(procedure),
          field,
          message: `"${text}" ends with the start of the ${asks} "${cue.text}", so a message asking with it is not read as one`,
          hint: "drop the trailing words when they add nothing for search (\"ở xã\"); keep them only when they tell this procedure apart",
        });
      }
    }
  }
  return findings;
}

/** Words as typed (lowercase, NFC, tone mark set apart), so "có sổ" is not "cơ sở". */
function typedWords(text: string): string[] {
  return tokenizeTyped(text).map((token) => token.marks);
}

/** Whether the text's last words (at least MIN_CUE_OVERLAP, not all of it) are the cue's first words, and the cue is longer. */
function overlapsTail(words: readonly string[], cue: readonly string[]): boolean {
  for (let size = MIN_CUE_OVERLAP; size < words.length && size < cue.length; size++) {
    if (words.slice(words.length - size).every((word, index) => word === cue[index])) return true;
  }
  return false;
}

/**
 * Names and aliases of different procedures that search cannot tell apart: the same words in
 * any order, with or without diacritics (an error), or the same once filler words are dropped,
 * or one typo apart (a warning). Keywords are hints and may be shared.
 */
export function aliasFindings(procedures: readonly Procedure[], stopwords: readonly string[]): Finding[] {
  const filler = new Set(stopwords.map(fold).filter((word) => !word.includes(" ")));
  const entries = procedures.flatMap((procedure) =>
    [procedure.name, ...procedure.aliases].map((text) => {
      const words = fold(text).split(" ").filter(Boolean);
      return {
        procedure,
        text,
        folded: words.join(" "),
        exact: [...new Set(words)].sort().join(" "),
        meaningful: [...new Set(words.filter((word) => !filler.has(word)))].sort().join(" "),
      };
    }),
  );
  const findings: Finding[] = [];
  for (let i = 0; i < entries.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = entries[j]!;
      const b = entries[i]!;
      if (a.procedure === b.procedure) continue;
      const kind =
        a.exact === b.exact
          ? "duplicate"
          : (a.meaningful !== "" && a.meaningful === b.meaningful) || (Math.min(a.folded.length, b.folded.length) >= 8 && withinOneEdit(a.folded, b.folded))
            ? "near-duplicate"
            : null;
      if (!kind) continue;
      findings.push({
        level: kind === "duplicate" ? "error" : "warning",
        check: "alias",
        file: procedureLabel(b.procedure),
        field: "aliases",
        message: `"${b.text}" is a ${kind} of "${a.text}" in ${procedureLabel(a.procedure)}`,
        hint: "keep the wording in the procedure it belongs to and make the other more specific",
      });
    }
  }
  return findings;
}

/** An amount written in a procedure file (the older way) that the province's fee table contradicts. */
export function legacyFeeFindings(catalog: Catalog): Finding[] {
  const findings: Finding[] = [];
  for (const procedure of catalog.procedures) {
    for (const [province, amount] of Object.entries(procedure.fee.byProvince ?? {})) {
      const table = tableFor(catalog.feeTables, province);
      const amounts = table?.fees.filter((row) => row.code === procedure.code && row.label === undefined).map((row) => row.amount) ?? [];
      if (amounts.length > 0 && !amounts.includes(amount)) {
        findings.push({
          level: "warning",
          check: "fee",
          file: procedureLabel(procedure),
          field: `fee.byProvince.${province}`,
          message: `says ${amount} đồng but the fee table for ${table!.province} says ${amounts.join(" / ")}; the table is shown`,
          hint: "keep provincial amounts only in content/fees/ and remove byProvince from the procedure file",
        });
      }
    }
  }
  return findings;
}

/**
 * What the bot did with one question: the procedure it showed, or the procedures it offered
 * to choose from. A question reaches a procedure when the bot shows it or offers it.
 */
export interface Answer {
  shown: string | null;
  offered: readonly string[];
}

export function reaches(answer: Answer | undefined, code: string): boolean {
  return answer !== undefined && (answer.shown === code || (answer.shown === null && answer.offered.includes(code)));
}

function describe(answer: Answer | undefined): string {
  if (!answer || (answer.shown === null && answer.offered.length === 0)) return "no procedure";
  return answer.shown ?? `a choice of ${answer.offered.join(", ")}`;
}

/** Aliases that, asked as a question, lead elsewhere (`answers` maps each alias to the bot's answer). */
export function misleadingAliasFindings(procedures: readonly Procedure[], answers: ReadonlyMap<string, Answer>): Finding[] {
  const findings: Finding[] = [];
  for (const procedure of procedures) {
    for (const alias of procedure.aliases) {
      const answer = answers.get(alias);
      if (reaches(answer, procedure.code)) continue;
      findings.push({
        level: "warning",
        check: "alias",
        file: procedureLabel(procedure),
        field: "aliases",
        message: `asking "${alias}" leads to ${describe(answer)}, not to this procedure`,
        hint: "make the alias more specific, or move it to the procedure it leads to",
      });
    }
  }
  return findings;
}

/** One development-set case with the codes it expects and the bot's answer. */
export interface ReachCase {
  question: string;
  expected: readonly string[];
  answer: Answer;
}

/**
 * Procedures that no development-set question reaches: none expects them, or every question
 * that expects them is answered with something else.
 */
export function reachFindings(procedures: readonly Procedure[], cases: readonly ReachCase[]): Finding[] {
  const findings: Finding[] = [];
  for (const procedure of procedures) {
    const expecting = cases.filter((item) => item.expected.includes(procedure.code));
    if (expecting.some((item) => reaches(item.answer, procedure.code))) continue;
    const missed = expecting.slice(0, 3).map((item) => `"${shorten(item.question)}" → ${describe(item.answer)}`);
    findings.push({
      level: "warning",
      check: "reach",
      file: procedureLabel(procedure),
      field: "(development set)",
      message:
        expecting.length === 0
          ? "no development-set question expects this procedure"
          : `none of the ${expecting.length} questions that expect it reaches it (${missed.join("; ")})`,
      hint: "add everyday questions for it to the development set and names people use to its aliases",
    });
  }
  return findings;
}

function shorten(text: string, limit = 60): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
