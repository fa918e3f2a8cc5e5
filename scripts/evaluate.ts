import { readFileSync } from "node:fs";
import { z } from "zod";
import type { App } from "../src/app.js";
import { ask } from "./shared.js";

/**
 * Scores the bot on cases {q, intent, codes?, section?}. Top-1 takes the procedure shown, or the
 * first candidate when the bot offered a choice; top-3 the first three distinct codes.
 */
export const evalCaseSchema = z.object({
  q: z.string(),
  intent: z.enum(["help", "procedure", "status", "subscribe", "unsubscribe", "unknown"]),
  codes: z.array(z.string()).optional(),
  section: z.enum(["documents", "fees", "time", "steps", "where", "online", "legal"]).optional(),
});
export type EvalCase = z.infer<typeof evalCaseSchema>;

export const METRICS = ["top1", "top3", "section", "intent", "outOfScope"] as const;
export type Metric = (typeof METRICS)[number];
export interface Score {
  ok: number;
  total: number;
}
export interface EvalReport {
  cases: number;
  scores: Record<Metric, Score>;
  failures: string[];
}

const LABELS: Record<Metric, string> = {
  top1: "top-1 procedure",
  top3: "top-3 procedure",
  section: "section",
  intent: "intent",
  outOfScope: "out-of-scope without procedure",
};

export class EvalCaseError extends Error {}

/** The case files in test/eval/: development sets (tuned against, gated) and held-out sets (scored only). */
export const DEV_SETS = ["dev.jsonl", "resident-dev.jsonl", "blind-dev.jsonl", "blind2-dev.jsonl", "blind3-dev.jsonl", "blind4-dev.jsonl"] as const;
export const HELD_OUT_SETS = ["held-out.jsonl", "resident-held-out.jsonl", "blind-held-out.jsonl", "blind2-held-out.jsonl", "blind3-held-out.jsonl", "blind4-held-out.jsonl", "blind5-held-out.jsonl"] as const;

export function loadEvalCases(file: string): EvalCase[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== "")
    .map(({ line, number }) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new EvalCaseError(`${file}:${number}: not JSON`);
      }
      const parsed = evalCaseSchema.safeParse(json);
      if (!parsed.success) throw new EvalCaseError(`${file}:${number}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

/** Each case is asked in a fresh chat, so no case depends on the one before it. */
export async function evaluate(app: App, cases: readonly EvalCase[]): Promise<EvalReport> {
  const scores = Object.fromEntries(METRICS.map((metric) => [metric, { ok: 0, total: 0 }])) as Record<Metric, Score>;
  const failures: string[] = [];
  const score = (metric: Metric, ok: boolean) => {
    scores[metric].ok += ok ? 1 : 0;
    scores[metric].total += 1;
  };
  for (const item of cases) {
    const outcome = await ask(app, item.q);
    const problems: string[] = [];
    score("intent", outcome.intent === item.intent);
    if (outcome.intent !== item.intent) problems.push(`intent ${outcome.intent} ≠ ${item.intent}`);
    if (item.codes && item.codes.length > 0) {
      const ranked = [outcome.procedure?.code, ...outcome.candidates.map((candidate) => candidate.code)].filter(
        (code, index, all): code is string => Boolean(code) && all.indexOf(code) === index,
      );
      const top1 = item.codes.includes(ranked[0] ?? "");
      score("top1", top1);
      score("top3", ranked.slice(0, 3).some((code) => item.codes?.includes(code)));
      if (!top1) problems.push(`top1 ${ranked[0] ?? "none"} ∉ ${item.codes.join("|")} (${ranked.slice(0, 3).join(", ")})`);
    }
    if (item.section) {
      score("section", outcome.section === item.section);
      if (outcome.section !== item.section) problems.push(`section ${outcome.section ?? "none"} ≠ ${item.section}`);
    }
    if (item.intent === "unknown") {
      score("outOfScope", outcome.procedure === null);
      if (outcome.procedure !== null) problems.push(`gave ${outcome.procedure.code} to an out-of-scope question`);
    }
    if (problems.length > 0) failures.push(`- ${JSON.stringify(item.q)}: ${problems.join("; ")}`);
  }
  return { cases: cases.length, scores, failures };
}

/** Percent with one decimal; null when no case measured it. */
export function percentOf({ ok, total }: Score): number | null {
  return total === 0 ? null : Math.round((1000 * ok) / total) / 10;
}

export function formatEvalReport(name: string, report: EvalReport, withFailures = true): string {
  const line = (metric: Metric) => {
    const { ok, total } = report.scores[metric];
    const percent = percentOf(report.scores[metric]);
    return `${LABELS[metric]}: ${percent === null ? "n/a" : `${percent.toFixed(1)}% (${ok}/${total})`}`;
  };
  return [
    `${name}: ${report.cases} cases`,
    ...METRICS.map(line),
    `failures: ${report.failures.length}`,
    ...(withFailures ? report.failures : []),
  ].join("\n");
}
