import { resolve } from "node:path";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { vietnamToday } from "../src/catalog/fees.js";
import { ContentError, formatIssues, loadCatalog } from "../src/catalog/load.js";
import { topicSchema, type Catalog } from "../src/catalog/schema.js";
import type { CliIo } from "../src/util/cli-io.js";
import { checkContent } from "./content-check.js";
import { formatCsv, formatTable, listRows } from "./content-list.js";
import { shortCodesCommand } from "./content-short-codes.js";

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
export const CONTENT_USAGE =
  "usage: content check [--strict] [--today YYYY-MM-DD] [--dev FILE] | list [--csv] [--no-bom] [--topic TOPIC] | export | short-codes";

/** `npm run content` (scripts/content.ts), callable in-process; returns the exit code. */
export async function runContentCli(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
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
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${CONTENT_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0] ?? "check";
  const dir = resolve(env.CONTENT_DIR ?? "content");
  const today = values.today ?? vietnamToday();

  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) return fail(io, 2, `--today takes a date like 2026-11-28\n${CONTENT_USAGE}`);
  if (command === "check") {
    const result = await checkContent({ dir, today, devSet: resolve(values.dev), strict: values.strict });
    io.out(result.stdout);
    io.err(result.stderr);
    return result.code;
  }
  if (command !== "list" && command !== "export" && command !== "short-codes") return fail(io, 2, `unknown command "${command}"\n${CONTENT_USAGE}`);
  let catalog: Catalog;
  try {
    catalog = await loadCatalog(dir);
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    return fail(io, 1, `content in ${dir} is invalid (${error.issues.length} problems):\n${formatIssues(error.issues)}\nrun npm run content:check`);
  }
  if (command === "short-codes") {
    await shortCodesCommand(dir, catalog, new Writable({ write: (chunk, _encoding, done) => (io.out(String(chunk)), done()) }));
  } else if (command === "export") {
    io.out(`${JSON.stringify({ office: catalog.office, feeTable: catalog.feeTable, procedures: catalog.procedures }, null, 2)}\n`);
  } else {
    const topic = values.topic === undefined ? undefined : topicSchema.safeParse(values.topic);
    if (topic && !topic.success) return fail(io, 2, `unknown topic "${values.topic}": use one of ${topicSchema.options.join(", ")}`);
    const rows = listRows(catalog, today, topic?.data);
    io.out(values.csv ? formatCsv(rows, !values["no-bom"]) : `${formatTable(rows)}\n`);
  }
  return 0;
}

function fail(io: CliIo, code: number, message: string): number {
  io.err(`${message}\n`);
  return code;
}
