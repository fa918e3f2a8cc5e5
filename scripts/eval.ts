import { basename } from "node:path";
import { DEV_SETS, EvalCaseError, HELD_OUT_SETS, evaluate, formatEvalReport, loadEvalCases } from "./evaluate.js";
import { toolApp } from "./shared.js";

/**
 * npm run eval                    scores the development sets, listing their failures
 * npm run eval -- --held-out      also prints the held-out sets' scores (never their questions)
 * npm run eval -- FILE.jsonl…     scores the given case files, listing their failures
 * The held-out set is for reporting: look at it after a change is done, never while tuning.
 */
const DEV = DEV_SETS.map((file) => `test/eval/${file}`);
const HELD_OUT = HELD_OUT_SETS.map((file) => `test/eval/${file}`);

const args = process.argv.slice(2);
const files = args.filter((arg) => !arg.startsWith("--"));
const withHeldOut = args.includes("--held-out");
const runs =
  files.length > 0
    ? files.map((file) => ({ file, failures: true }))
    : [...DEV.map((file) => ({ file, failures: true })), ...(withHeldOut ? HELD_OUT.map((file) => ({ file, failures: false })) : [])];

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
