import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import readXlsxFile from "read-excel-file/node";
import { RegisterError } from "./errors.js";

/** One row of a register file: its line (CSV) or row number (XLSX), as people see it. */
export interface TableRow {
  line: number;
  cells: unknown[];
}

/** Largest register file read (a commune's register for years is a few MB). */
const MAX_BYTES = 100 * 1024 * 1024;

/** A sheet of rows (a CSV file is one sheet without a name). */
export interface Table {
  sheet?: string;
  rows: TableRow[];
}

/**
 * Reads a CSV or XLSX file: every sheet of a workbook (or only `sheet`), in order. A file that
 * cannot be read as a whole throws RegisterError.
 */
export async function readTables(path: string, sheet?: string): Promise<Table[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new RegisterError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
  if (bytes.length > MAX_BYTES) throw new RegisterError(`${path} is larger than ${MAX_BYTES / 1024 / 1024} MB; split it by year`);
  const extension = extname(path).toLowerCase();
  if (isZip(bytes) || extension === ".xlsx") return readXlsx(bytes, path, sheet);
  if (extension === ".xls" || isOldExcel(bytes)) {
    throw new RegisterError(`${path} is an old Excel (.xls) file: open it in Excel or LibreOffice and save it as .xlsx or "CSV UTF-8"`);
  }
  return [{ rows: readCsv(decodeText(bytes, path), path) }];
}

function readCsv(text: string, path: string): TableRow[] {
  const delimiter = sniffDelimiter(text);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: false, info: true, trim: false }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new RegisterError(`${path} is not a readable CSV file${line ? ` (near line ${line})` : ""}: ${(error as Error).message.split("\n")[0]}`);
  }
  return records.map(({ record, info }) => ({ line: info.lines, cells: record }));
}

async function readXlsx(bytes: Buffer, path: string, wanted?: string): Promise<Table[]> {
  let sheets: Array<{ sheet: string; data: unknown[][] }>;
  try {
    sheets = (await readXlsxFile(bytes)) as Array<{ sheet: string; data: unknown[][] }>;
  } catch (error) {
    throw new RegisterError(`${path} is not a readable XLSX file: ${(error as Error).message.split("\n")[0]}`);
  }
  const chosen = wanted === undefined ? sheets : sheets.filter((entry) => entry.sheet === wanted);
  if (chosen.length === 0) throw new RegisterError(`${path} has no sheet named "${wanted}" (sheets: ${sheets.map((entry) => entry.sheet).join(", ")})`);
  return chosen.map((entry) => ({ sheet: entry.sheet, rows: entry.data.map((cells, index) => ({ line: index + 1, cells })) }));
}

/** UTF-8 (with or without BOM) or UTF-16 (Excel's "Unicode text"); anything else is refused, not guessed. */
function decodeText(bytes: Buffer, path: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\ufeff/, "");
  } catch {
    throw new RegisterError(`${path} is not UTF-8 text: in Excel use "Save as" → "CSV UTF-8 (Comma delimited)", or export as .xlsx`);
  }
}

/** Comma, semicolon (Excel with a Vietnamese locale) or tab: the one most used on the first lines. */
function sniffDelimiter(text: string): string {
  const sample = text.slice(0, 10_000).split(/\r?\n/).slice(0, 20).join("\n").replace(/"[^"]*"/g, "");
  const counts = [",", ";", "\t"].map((delimiter) => [delimiter, sample.split(delimiter).length - 1] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]?.[1] ? counts[0]![0] : ",";
}

function isZip(bytes: Buffer): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function isOldExcel(bytes: Buffer): boolean {
  return bytes.length > 8 && bytes.readUInt32BE(0) === 0xd0cf11e0;
}
