import { basename } from "node:path";
import type { DossierUpdates } from "../updates.js";
import type { DossierStore } from "../store.js";
import type { DossierData } from "../types.js";
import { headerScore, mapColumns, REGISTER_FIELDS, type ColumnMap, type RegisterField } from "./columns.js";
import { RegisterError } from "./errors.js";
import type { RegisterMapping } from "./mapping.js";
import { readTables, type Table, type TableRow } from "./read-table.js";
import { RowValidator } from "./rows.js";

export interface RejectedRow {
  line: number;
  code: string | null;
  reason: string;
}

export interface ImportReport {
  file: string;
  sheet?: string;
  /** Field → header used. */
  columns: Partial<Record<RegisterField, string>>;
  /** Headers not read (personal data such as phone or address columns is never read). */
  ignoredColumns: string[];
  rows: number;
  accepted: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
  statusChanges: number;
  notices: number;
  dryRun: boolean;
}

export interface ImportOptions {
  mapping?: RegisterMapping;
  /** Validate and count without changing anything. */
  dryRun?: boolean;
  /** Who ran it, for the import log. */
  actor?: string;
}

/** Rows above this before the header are taken for title lines ("SỔ THEO DÕI HỒ SƠ …"). */
const HEADER_SEARCH_ROWS = 30;

class DryRun extends Error {}

/**
 * `npm run dossiers:import -- FILE`: reads the desk's register (CSV or XLSX), validates every
 * row and applies the valid ones in one transaction: new dossiers, changed ones (a history row
 * and notices to followers when the status changed), the rest untouched. Idempotent: the same
 * file twice changes nothing the second time. A file that cannot be read as a whole, or lacks
 * the code or status column, throws RegisterError and changes nothing.
 */
export async function importRegister(
  path: string,
  services: { store: DossierStore; updates: DossierUpdates },
  options: ImportOptions = {},
): Promise<ImportReport> {
  const tables = await readTables(path, options.mapping?.sheet);
  const { table, headerIndex, map } = findHeader(tables, options.mapping, path);
  const validator = new RowValidator(map, options.mapping?.statuses);
  const valid: DossierData[] = [];
  const rejected: RejectedRow[] = [];
  const firstLine = new Map<string, number>();
  let rows = 0;
  for (const row of table.rows.slice(headerIndex + 1)) {
    const result = validator.validate(row.cells);
    if (!result) continue;
    rows++;
    if (!result.ok) {
      rejected.push({ line: row.line, code: result.code, reason: result.reason });
      continue;
    }
    const earlier = firstLine.get(result.data.code);
    if (earlier !== undefined) {
      rejected.push({ line: row.line, code: result.data.code, reason: `the same receipt code is on line ${earlier}; keep one line per dossier` });
      continue;
    }
    firstLine.set(result.data.code, row.line);
    valid.push(result.data);
  }
  const report: ImportReport = {
    file: basename(path),
    ...(table.sheet ? { sheet: table.sheet } : {}),
    columns: map.headers,
    ignoredColumns: map.ignored,
    rows,
    accepted: 0,
    updated: 0,
    unchanged: 0,
    rejected,
    statusChanges: 0,
    notices: 0,
    dryRun: options.dryRun ?? false,
  };
  try {
    await services.updates.apply(valid, { source: "import", actor: options.actor ?? basename(path) }, async (trx, counts) => {
      Object.assign(report, { accepted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged, statusChanges: counts.statusChanges, notices: counts.notices });
      if (options.dryRun) throw new DryRun();
      await services.store.recordImport(trx, {
        file: basename(path),
        actor: options.actor ?? null,
        accepted: counts.inserted,
        updated: counts.updated,
        unchanged: counts.unchanged,
        rejected: rejected.length,
      });
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  return report;
}

function findHeader(tables: readonly Table[], mapping: RegisterMapping | undefined, path: string): { table: Table; headerIndex: number; map: ColumnMap } {
  let best: { table: Table; headerIndex: number; score: number } | undefined;
  for (const table of tables) {
    const candidates = table.rows.slice(0, HEADER_SEARCH_ROWS);
    candidates.forEach((row: TableRow, index) => {
      const score = headerScore(row.cells, mapping?.columns);
      if (score >= 2 && (!best || score > best.score)) best = { table, headerIndex: index, score };
    });
    if (best) break;
  }
  if (!best) {
    const first = tables[0]?.rows.find((row) => row.cells.some((cell) => String(cell ?? "").trim() !== ""));
    const seen = first ? first.cells.map((cell) => String(cell ?? "").trim()).filter(Boolean).slice(0, 12).join(" | ") : "(empty file)";
    throw new RegisterError(
      `${basename(path)}: no header row with the register's columns was found in the first ${HEADER_SEARCH_ROWS} rows (first row: ${seen}). ` +
        `Expected headers such as "Mã hồ sơ" and "Trạng thái" (or MaHoSo, TrangThaiHoSo); for other names use --mapping FILE.`,
    );
  }
  const { table, headerIndex } = best;
  const map = mapColumns(table.rows[headerIndex]?.cells ?? [], mapping?.columns);
  if (map.missing.length > 0) {
    throw new RegisterError(
      `${basename(path)}: the header row (line ${table.rows[headerIndex]?.line}) has no column for ${map.missing.join(" and ")}. ` +
        `Found: ${Object.entries(map.headers).map(([field, header]) => `${field}="${header}"`).join(", ") || "nothing known"}; not used: ${map.ignored.join(", ") || "none"}. ` +
        `Fields: ${REGISTER_FIELDS.join(", ")}; name the columns in a mapping file (--mapping FILE).`,
    );
  }
  return { table, headerIndex, map };
}
