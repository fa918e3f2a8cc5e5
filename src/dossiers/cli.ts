import { writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadWorkCalendar, parseLocalDate, vietnamInstant, addDays } from "../calendar/index.js";
import { ContentError, loadCatalog } from "../catalog/load.js";
import { loadConfig } from "../config.js";
import { createRecords, type Records } from "../records/index.js";
import { normalizeReceiptCode } from "./receipt-code.js";
import { RegisterError } from "./register/errors.js";
import { importRegister, type ImportReport } from "./register/import.js";
import { readMapping } from "./register/mapping.js";
import { ratingsCsv } from "./ratings-export.js";
import { createDossierServices, type DossierServices } from "./services.js";
import { parseStatus, statusLabel } from "./status.js";
import type { CliIo } from "../util/cli-io.js";

/**
 * The staff's command-line tools, run against the same records store as the bot (DATA_DIR or
 * DATABASE_URL), so notices they cause are sent by the running bot:
 *   npm run dossiers:import -- FILE [--mapping FILE] [--dry-run] [--json]
 *   npm run dossiers:status -- CODE STATUS [NOTE…]
 *   npm run ratings:export -- [--out FILE] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
 * Exit codes: 0 done (rows may have been rejected: see the report), 1 nothing changed because
 * of an error, 2 wrong usage.
 */
/** The dossier tools also read the environment they were started with. */
export interface DossierCliIo extends CliIo {
  env: NodeJS.ProcessEnv;
}

const USAGE = {
  import: "usage: npm run dossiers:import -- FILE.csv|FILE.xlsx [--mapping MAPPING.yaml] [--dry-run] [--json]",
  status: "usage: npm run dossiers:status -- CODE STATUS(1-10) [NOTE…]",
  ratings: "usage: npm run ratings:export -- [--out FILE.csv] [--from YYYY-MM-DD] [--to YYYY-MM-DD]",
};

export async function runDossierCli(command: string, argv: string[], io: DossierCliIo): Promise<number> {
  try {
    if (command === "import") return await importCommand(argv, io);
    if (command === "status") return await statusCommand(argv, io);
    if (command === "ratings") return await ratingsCommand(argv, io);
    io.err(`unknown command "${command}"\n`);
    return 2;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    if (error instanceof RegisterError || error instanceof ContentError || (error instanceof Error && error.name === "ConfigError")) {
      io.err(`${error.message}\nNothing was changed.\n`);
      return 1;
    }
    if (error instanceof Error && error.name === "RecordsError") {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

async function importCommand(argv: string[], io: DossierCliIo): Promise<number> {
  const { values, positionals } = parse(argv, { mapping: { type: "string" }, "dry-run": { type: "boolean" }, json: { type: "boolean" } });
  const file = positionals[0];
  if (!file || positionals.length > 1) return usage(io, USAGE.import);
  const mapping = typeof values.mapping === "string" ? await readMapping(values.mapping) : undefined;
  return withServices(io, async (services, records) => {
    const actor = `cli:${operator()}`;
    const report = await importRegister(resolve(file), services, { mapping, dryRun: values["dry-run"] === true, actor });
    if (!report.dryRun) {
      await records.audit.record({ channel: "cli", userId: operator(), action: "dossiers.import", detail: { ...report, rejected: report.rejected.length } });
    }
    io.out(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return 0;
  });
}

async function statusCommand(argv: string[], io: DossierCliIo): Promise<number> {
  const { positionals } = parse(argv, {});
  const [rawCode, rawStatus, ...noteWords] = positionals;
  const code = rawCode ? normalizeReceiptCode(rawCode) : undefined;
  const status = rawStatus ? parseStatus(rawStatus) : undefined;
  if (!code || !status) return usage(io, `${USAGE.status}\n${!code && rawCode ? `"${rawCode}" is not a receipt code\n` : ""}${rawStatus && !status ? `"${rawStatus}" is not a status 1-10\n` : ""}`);
  const note = noteWords.join(" ").trim() || null;
  return withServices(io, async (services, records) => {
    const result = await services.updates.setStatus(code, status, note, `cli:${operator()}`);
    if (!result) {
      io.err(`Dossier ${code} is not in the register; import the register first.\n`);
      return 1;
    }
    const { change, notices } = result;
    await records.audit.record({ channel: "cli", userId: operator(), action: "dossiers.status", detail: { code, from: change.previous, to: status, note } });
    io.out(
      change.previous === status
        ? `${code}: already "${statusLabel(status, "vi")}"; nothing changed.\n`
        : `${code}: ${statusLabel(change.previous ?? status, "vi")} → ${statusLabel(status, "vi")}. Notices queued: ${notices} (the running bot sends them).\n`,
    );
    return 0;
  });
}

async function ratingsCommand(argv: string[], io: DossierCliIo): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: "string" }, from: { type: "string" }, to: { type: "string" } });
  if (positionals.length > 0) return usage(io, USAGE.ratings);
  const from = typeof values.from === "string" ? parseLocalDate(values.from) : undefined;
  const to = typeof values.to === "string" ? parseLocalDate(values.to) : undefined;
  if ((values.from !== undefined && !from) || (values.to !== undefined && !to)) return usage(io, USAGE.ratings);
  return withServices(io, async (services) => {
    const rows = await services.ratings.export({
      ...(from ? { from: vietnamInstant(from) } : {}),
      // --to is inclusive: ratings up to the end of that day in Vietnam.
      ...(to ? { to: vietnamInstant(addDays(to, 1)) } : {}),
    });
    const csv = ratingsCsv(rows);
    if (typeof values.out === "string") {
      await writeFile(values.out, csv);
      io.err(`${rows.length} rating(s) written to ${values.out}\n`);
    } else {
      io.out(csv);
    }
    return 0;
  });
}

async function withServices(io: DossierCliIo, work: (services: DossierServices, records: Records) => Promise<number>): Promise<number> {
  const config = loadConfig(io.env);
  const [catalog, calendar] = await Promise.all([loadCatalog(resolve(config.CONTENT_DIR)), loadWorkCalendar(resolve(config.CONTENT_DIR))]);
  const records = await createRecords({ dataDir: config.DATA_DIR, databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA });
  try {
    const services = createDossierServices({ records, catalog, calendar, giveUpAfterMs: config.OUTBOX_GIVE_UP_HOURS * 3_600_000 });
    return await work(services, records);
  } finally {
    await records.close();
  }
}

export function formatReport(report: ImportReport): string {
  const lines = [
    `${report.dryRun ? "Checked (dry run, nothing changed)" : "Imported"}: ${report.file}${report.sheet ? ` (sheet "${report.sheet}")` : ""}`,
    `Columns: ${Object.entries(report.columns).map(([field, header]) => `"${header}" → ${field}`).join(", ")}`,
  ];
  if (report.ignoredColumns.length > 0) lines.push(`Not read: ${report.ignoredColumns.map((header) => `"${header}"`).join(", ")}`);
  lines.push(
    `Rows: ${report.rows} · accepted (new): ${report.accepted} · updated: ${report.updated} (status changed: ${report.statusChanges}) · unchanged: ${report.unchanged} · rejected: ${report.rejected.length}`,
    `Notices for followers: ${report.notices}`,
  );
  if (report.rejected.length > 0) {
    lines.push("Rejected rows (fix them in the file and import it again):");
    for (const row of report.rejected.slice(0, 200)) lines.push(`  line ${row.line}${row.code ? ` (${row.code})` : ""}: ${row.reason}`);
    if (report.rejected.length > 200) lines.push(`  … and ${report.rejected.length - 200} more (use --json for all)`);
  }
  return `${lines.join("\n")}\n`;
}

function parse(
  argv: string[],
  options: NonNullable<Parameters<typeof parseArgs>[0]>["options"],
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

class UsageError extends Error {}

function usage(io: DossierCliIo, text: string): number {
  io.err(`${text.trimEnd()}\n`);
  return 2;
}

function operator(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}
