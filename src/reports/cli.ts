import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { ContentError, formatIssues, loadCatalog } from "../catalog/load.js";
import type { Catalog } from "../catalog/schema.js";
import { loadConfig } from "../config.js";
import { replyToPlainText } from "../core/types.js";
import { createRecords } from "../records/index.js";
import { parsePeriod } from "./period.js";
import { reportCsv, reportReplies } from "./render.js";
import { namesOf, stopwordsOf } from "./catalog-terms.js";
import { buildReport } from "./report.js";
import type { CliIo } from "../util/cli-io.js";

/**
 * npm run report -- [--since 30d | --since 2026-11-01] [--until 2026-11-30] [--csv [--no-bom]] [--top 20] [--lang en]
 *
 * Reads the records store the bot uses (DATA_DIR/records.sqlite, or DATABASE_URL) while it
 * runs; writes the report to stdout.
 */
export const REPORT_USAGE = "usage: npm run report -- [--since 30d|YYYY-MM-DD] [--until YYYY-MM-DD] [--csv [--no-bom]] [--top N] [--lang vi|en]";

export async function runReportCli(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env, now = Date.now()): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        since: { type: "string" },
        until: { type: "string" },
        csv: { type: "boolean", default: false },
        "no-bom": { type: "boolean", default: false },
        top: { type: "string", default: "20" },
        lang: { type: "string" },
      },
    }));
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${REPORT_USAGE}\n`);
    return 2;
  }
  const period = parsePeriod(values.since, values.until, now);
  if ("error" in period) {
    io.err(`${period.error}\n${REPORT_USAGE}\n`);
    return 2;
  }
  const top = Number(values.top);
  if (!Number.isInteger(top) || top < 1) {
    io.err(`--top takes a whole number ≥ 1\n${REPORT_USAGE}\n`);
    return 2;
  }
  const config = loadConfig(env);
  const language = values.lang === "en" ? "en" : values.lang === undefined ? config.DEFAULT_LANGUAGE : "vi";
  let catalog: Catalog;
  try {
    catalog = await loadCatalog(resolve(config.CONTENT_DIR));
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    io.err(`content in ${config.CONTENT_DIR} is invalid:\n${formatIssues(error.issues)}\n`);
    return 1;
  }
  const records = await createRecords({ dataDir: config.DATA_DIR, databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA });
  try {
    const report = await buildReport(records.database, { period, stopwords: stopwordsOf(catalog), procedures: namesOf(catalog) });
    if (values.csv) io.out(reportCsv(report, !values["no-bom"]));
    else io.out(`${reportReplies(report, language, top).map((reply) => replyToPlainText(reply)).join("\n\n")}\n`);
    return 0;
  } finally {
    await records.close();
  }
}
