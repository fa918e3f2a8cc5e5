import { existsSync, readFileSync } from "node:fs";
import {
  auditCatalog,
  misleadingAliasFindings,
  reachFindings,
  type Answer,
  type Finding,
  type ReachCase,
} from "../src/catalog/audit.js";
import { loadWorkCalendar, type WorkCalendar } from "../src/calendar/index.js";
import { shortCodeProblems } from "../src/catalog/short-codes.js";
import { ContentError, formatIssues, loadCatalog } from "../src/catalog/load.js";
import type { Catalog } from "../src/catalog/schema.js";
import type { Outcome } from "../src/core/types.js";
import { ask, toolApp } from "./shared.js";

/**
 * `npm run content:check`: validates content/, then audits it: review dates, aliases two
 * procedures share or that lead elsewhere, fee amounts that disagree, and procedures no
 * development-set question reaches (asked through the real bot, as `npm run eval` does).
 */

export interface CheckOptions {
  dir: string;
  /** The day review dates are judged on (YYYY-MM-DD). */
  today: string;
  /** The development set; skipped with a note when the file does not exist. */
  devSet: string;
  /** Warnings fail the check too. */
  strict: boolean;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function checkContent(options: CheckOptions): Promise<CommandResult> {
  let catalog: Catalog;
  try {
    catalog = await loadCatalog(options.dir);
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    return { code: 1, stdout: "", stderr: `content in ${options.dir} is invalid (${error.issues.length} problems):\n${formatIssues(error.issues)}\n` };
  }
  const findings = auditCatalog(catalog, { today: options.today });
  const notes: string[] = [];
  // The office calendar counts working days for dossiers and opening hours for questions.
  try {
    notes.push(holidaysNote(await loadWorkCalendar(options.dir)));
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    findings.push(...error.issues.map((issue) => ({ ...issue, level: "error" as const, check: "holidays" as const, hint: issue.hint ?? "" })));
  }
  // Posters and chat short codes ("TT 12") must cover every procedure: an error, with its fix.
  findings.push(...shortCodeProblems(catalog.procedures, catalog.shortCodes).map((issue) => ({ ...issue, level: "error" as const, check: "short-code" as const, hint: issue.hint ?? "" })));
  const app = await toolApp(options.dir);
  try {
    const codes = new Map(catalog.procedures.map((procedure) => [procedure.id, procedure.code]));
    const answer = async (text: string) => answerOf(await ask(app, text), codes);
    const aliasAnswers = new Map<string, Answer>();
    for (const alias of catalog.procedures.flatMap((procedure) => procedure.aliases)) {
      if (!aliasAnswers.has(alias)) aliasAnswers.set(alias, await answer(alias));
    }
    findings.push(...misleadingAliasFindings(catalog.procedures, aliasAnswers));
    if (existsSync(options.devSet)) {
      const cases: ReachCase[] = [];
      for (const item of readDevSet(options.devSet)) cases.push({ ...item, answer: await answer(item.question) });
      const reach = reachFindings(catalog.procedures, cases);
      findings.push(...reach);
      notes.push(`development set ${options.devSet}: ${catalog.procedures.length - reach.length} of ${catalog.procedures.length} procedures reached by its ${cases.length} questions`);
    } else {
      notes.push(`development set ${options.devSet} not found: reach check skipped`);
    }
  } finally {
    await app.close();
  }
  return report(catalog, options, findings, notes);
}

/**
 * The procedure shown, or those offered as choices ("p:<id>" or "s:<id>:<section>" payloads).
 * Suggestions under a not-found answer do not count: the bot did not answer with them.
 */
function holidaysNote(calendar: WorkCalendar): string {
  const years = calendar.coveredYears();
  if (years.length === 0) return "no holidays.yaml: working days count weekends and fixed-date holidays only";
  const estimates = years.flatMap((year) => [...calendar.daysOffIn(year), ...calendar.makeupDaysIn(year)]).filter((day) => day.estimate).length;
  return `holidays: ${years.join(", ")} (${estimates} days marked estimate)`;
}

function answerOf(outcome: Outcome, codes: ReadonlyMap<string, string>): Answer {
  if (outcome.intent !== "procedure") return { shown: null, offered: [] };
  const offered = outcome.replies
    .flatMap((reply) => reply.choices ?? [])
    .map((choice) => /^[ps]:([a-z0-9-]+)/.exec(choice.payload)?.[1])
    .flatMap((id) => (id && codes.has(id) ? [codes.get(id)!] : []));
  return { shown: outcome.procedure?.code ?? null, offered };
}

function readDevSet(file: string): Array<{ question: string; expected: string[] }> {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { q: string; codes?: string[] })
    .filter((item) => (item.codes?.length ?? 0) > 0)
    .map((item) => ({ question: item.q, expected: item.codes ?? [] }));
}

function report(catalog: Catalog, options: CheckOptions, findings: Finding[], notes: string[]): CommandResult {
  const errors = findings.filter((finding) => finding.level === "error");
  const warnings = findings.filter((finding) => finding.level === "warning");
  const unverified = catalog.procedures.filter((procedure) => procedure.unverified.length > 0 || procedure.codeUnverified).length;
  const table = catalog.feeTable;
  const provincial = catalog.procedures.filter((procedure) => procedure.fee.setBy === "province");
  const withAmount = provincial.filter((procedure) => procedure.provincialFees?.fees.length || procedure.fee.byProvince?.[catalog.office.province] !== undefined);
  const lines = [
    `${catalog.procedures.length} procedures in ${options.dir} (${unverified} with facts marked unverified)`,
    table
      ? `fee table for ${table.province}: ${table.fees.length} amounts, ${table.resolutions.length} resolution(s), ${table.onlineFiling.length} online-filing reduction(s); ${withAmount.length} of ${provincial.length} procedures with provincial fees have an amount`
      : `no fee table for ${catalog.office.province} in ${options.dir}/fees: cards say the desk has the amount`,
    ...notes,
  ];
  const failed = errors.length > 0 || (options.strict && warnings.length > 0);
  const section = (title: string, items: Finding[]) =>
    items.length === 0 ? [] : [`${title} (${items.length}):`, formatIssues(items)];
  const stderr = [...section("errors", errors), ...section("warnings", warnings)].join("\n");
  const verdict = failed ? "content check FAILED" : warnings.length > 0 ? "content OK with warnings" : "content OK";
  return {
    code: failed ? 1 : 0,
    stdout: `${verdict}: ${lines.join("\n")}\n`,
    stderr: stderr ? `${stderr}\n` : "",
  };
}
