import { basename } from "node:path";
import { EvalCaseError, evaluate, formatEvalReport, loadEvalCases } from "./evaluate.js";
import { toolApp } from "./shared.js";

/**
 * npm run eval                 scores the development set and the held-out set
 * npm run eval -- FILE.jsonl…  scores the given case files
 * Failures are listed for the development set and for given files; the held-out set prints its
 * scores only, so that nobody tunes the bot against its questions.
 */
const DEV = "test/eval/dev.jsonl";
const HELD_OUT = "test/eval/held-out.jsonl";

const files = process.argv.slice(2);
const runs = files.length > 0 ? files.map((file) => ({ file, failures: true })) : [{ file: DEV, failures: true }, { file: HELD_OUT, failures: false }];

const app = await toolApp();
try {
  for (const run of runs) {
    const report = await evaluate(app, loadEvalCases(run.file));
    process.stdout.write(`${formatEvalReport(basename(run.file), report, run.failures)}\n\n`);
  }
} catch (error) {
  if (!(error instanceof EvalCaseError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
} finally {
  await app.close();
}
