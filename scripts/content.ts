import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { vietnamToday } from "../src/catalog/fees.js";
import { ContentError, formatIssues, loadCatalog } from "../src/catalog/load.js";
import { topicSchema } from "../src/catalog/schema.js";
import { checkContent } from "./content-check.js";
import { formatCsv, formatTable, listRows } from "./content-list.js";
import { shortCodesCommand } from "./content-short-codes.js";
import "./shared.js";

/**
 * npm run content:check [-- --strict] [-- --today YYYY-MM-DD] [-- --dev FILE]
 *     validates content/ (or CONTENT_DIR) and audits it; exit 1 on errors (on warnings too with --strict)
 * npm run -s content -- list [--csv] [--no-bom] [--topic land]
 *     the catalog as a notice-board table, or CSV
 * npm run -s content -- export
 *     the validated catalog as JSON for other systems
 * npm run content -- short-codes
 *     gives new procedures the next poster short codes ("TT 34"); existing ones never change
 */
const USAGE = "usage: content check [--strict] [--today YYYY-MM-DD] [--dev FILE] | list [--csv] [--no-bom] [--topic TOPIC] | export | short-codes";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    strict: { type: "boolean", default: false },
    today: { type: "string" },
    dev: { type: "string", default: "test/eval/dev.jsonl" },
    csv: { type: "boolean", default: false },
    "no-bom": { type: "boolean", default: false },
    topic: { type: "string" },
  },
});
const command = positionals[0] ?? "check";
const dir = resolve(process.env.CONTENT_DIR ?? "content");
const today = values.today ?? vietnamToday();

if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) exit(2, `--today takes a date like 2026-11-28\n${USAGE}`);
if (command === "check") {
  const result = await checkContent({ dir, today, devSet: resolve(values.dev), strict: values.strict });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
} else if (command === "list" || command === "export" || command === "short-codes") {
  const catalog = await loadCatalog(dir).catch((error: unknown) => {
    if (!(error instanceof ContentError)) throw error;
    return exit(1, `content in ${dir} is invalid (${error.issues.length} problems):\n${formatIssues(error.issues)}\nrun npm run content:check`);
  });
  if (command === "short-codes") {
    await shortCodesCommand(dir, catalog);
  } else if (command === "export") {
    process.stdout.write(`${JSON.stringify({ office: catalog.office, feeTable: catalog.feeTable, procedures: catalog.procedures }, null, 2)}\n`);
  } else {
    const topic = values.topic === undefined ? undefined : topicSchema.safeParse(values.topic);
    if (topic && !topic.success) exit(2, `unknown topic "${values.topic}": use one of ${topicSchema.options.join(", ")}`);
    const rows = listRows(catalog, today, topic?.data);
    process.stdout.write(values.csv ? formatCsv(rows, !values["no-bom"]) : `${formatTable(rows)}\n`);
  }
} else {
  exit(2, `unknown command "${command}"\n${USAGE}`);
}

function exit(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}
