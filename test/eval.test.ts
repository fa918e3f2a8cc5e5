import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { DEV_SETS, EvalCaseError, HELD_OUT_SETS, evaluate, formatEvalReport, loadEvalCases, percentOf, type Metric } from "../scripts/evaluate.js";
import { tempDir, testApp } from "./helpers/app.js";

/**
 * The eval gate on the bundled content. The development sets must stay at these levels; the
 * held-out sets are scored and printed for the record, never asserted case by case, so that
 * nobody tunes the bot against them. Raise a floor when the bot gets better, never lower one to
 * let a change through. resident-dev.jsonl and the blind*-dev.jsonl sets were written later,
 * blind to the bot, by people imagining residents' situations; they are harder, hence their own floors.
 */
const DEV_FLOORS: Record<(typeof DEV_SETS)[number], Record<Metric, number>> = {
  "dev.jsonl": { top1: 97, top3: 99, section: 99, intent: 99, outOfScope: 97 },
  "resident-dev.jsonl": { top1: 91, top3: 98, section: 95, intent: 97, outOfScope: 97 },
  "blind-dev.jsonl": { top1: 93, top3: 98, section: 97, intent: 99, outOfScope: 95 },
  "blind2-dev.jsonl": { top1: 86, top3: 98, section: 94, intent: 97, outOfScope: 90 },
  "blind3-dev.jsonl": { top1: 92, top3: 98, section: 98, intent: 97, outOfScope: 80 },
  "blind4-dev.jsonl": { top1: 90, top3: 99, section: 99, intent: 96, outOfScope: 91 },
};

const REQUIRED_CODES = `1.001193 2.000986 1.000656 1.006714 1.000894 1.004873 2.000635 1.004884 1.004859 1.001022
 1.000689 1.004837 1.004746 1.005461 2.000528 2.000806 2.000815 2.000884 2.001035 2.000913 2.001406 2.001016 1.001612
 2.000720 1.001570 1.001266 1.001776 1.001731 1.001699 1.014027 1.011606 1.013978 1.012812`.split(/\s+/).filter(Boolean);

let app: App;
beforeAll(async () => {
  app = await testApp(undefined, "content");
});
afterAll(() => app.close());

describe("the eval gate", () => {
  it.each(Object.entries(DEV_FLOORS))("keeps %s at or above its floors", async (file, floors) => {
    const report = await evaluate(app, loadEvalCases(`test/eval/${file}`));
    const reached = Object.fromEntries(Object.keys(floors).map((metric) => [metric, percentOf(report.scores[metric as Metric]) ?? 0]));
    const below = Object.entries(floors).filter(([metric, floor]) => (reached[metric] ?? 0) < floor);
    expect(below, formatEvalReport(file, report)).toEqual([]);
  }, 60_000);

  it.each(HELD_OUT_SETS)("scores %s on every metric", async (file) => {
    const report = await evaluate(app, loadEvalCases(`test/eval/${file}`));
    console.info(formatEvalReport(file, report, false));
    expect(report.cases).toBeGreaterThan(50);
    for (const metric of Object.keys(DEV_FLOORS["dev.jsonl"]!) as Metric[]) expect(report.scores[metric].total).toBeGreaterThan(0);
  }, 60_000);

  it("counts a wrong expectation as a failure", async () => {
    const report = await evaluate(app, [{ q: "khai sinh", intent: "procedure", codes: ["no-such-code"] }]);
    expect(percentOf(report.scores.top1)).toBe(0);
    expect(report.failures).toHaveLength(1);
  });

  // The procedures the commune's desk must cover: a procedure dropped from content/ would cost
  // the gate only the few development questions that ask for it.
  it("runs on a catalog holding every required procedure", () => {
    const codes = app.catalog.procedures.map((procedure) => procedure.code);
    expect(codes).toEqual(expect.arrayContaining(REQUIRED_CODES));
  });

  it("names the line of a malformed case", () => {
    const dir = tempDir();
    const file = join(dir.path, "cases.jsonl");
    writeFileSync(file, `${JSON.stringify({ q: "khai sinh", intent: "procedure" })}\n{"q": "x", "intent": "maybe"}\n`);
    expect(() => loadEvalCases(file)).toThrow(EvalCaseError);
    expect(() => loadEvalCases(file)).toThrow(/cases\.jsonl:2:/);
    dir.remove();
  });
});
