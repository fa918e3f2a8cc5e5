import { vietnamInstantOf } from "../calendar/index.js";

/**
 * Dates as one-stop software exports them, read as Vietnam time unless the value carries its
 * own zone: dd/mm/yyyy (or with dots or dashes) with or without a time ("15/10/2025 14:30",
 * "14:30 15/10/2025"), ISO ("2025-10-15", "2025-10-15T14:30:00+07:00"), the national exchange's
 * yyyyMMddHHmmss ("20251015143000") or yyyyMMdd, and spreadsheet dates (a Date from an XLSX
 * cell, or an Excel serial day number).
 */
export type DateRead = { ok: true; value: number | null } | { ok: false; reason: string };

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/;
const TIME = /^(\d{1,2})[:hg](\d{2})(?:[:m](\d{2}))?(?:s)?$/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/;
/** Excel's day 0 is 30 December 1899 (with the 1900 leap-year bug folded in). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

export function readRegisterDate(value: unknown): DateRead {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (value instanceof Date) return fromSpreadsheetDate(value);
  if (typeof value === "number") return fromNumber(value);
  if (typeof value !== "string") return { ok: false, reason: "not a date" };
  const text = value.trim().replace(/\s+/g, " ");
  if (text === "") return { ok: true, value: null };
  return fromText(text);
}

function fromText(text: string): DateRead {
  const iso = ISO.exec(text);
  if (iso) {
    const [, year, month, day, hour, minute, second, zone] = iso;
    if (zone) {
      const parsed = Date.parse(text.replace(" ", "T"));
      return Number.isNaN(parsed) ? invalid(text) : { ok: true, value: parsed };
    }
    return parts(text, { year: Number(year), month: Number(month), day: Number(day), hour: num(hour), minute: num(minute), second: num(second) });
  }
  const compact = COMPACT.exec(text);
  if (compact) {
    const [, year, month, day, hour, minute, second] = compact;
    return parts(text, { year: Number(year), month: Number(month), day: Number(day), hour: num(hour), minute: num(minute), second: num(second) });
  }
  // "15/10/2025", "15/10/2025 14:30", "14:30 15/10/2025", "15/10/2025, 14h30".
  const tokens = text.replace(/,/g, " ").split(" ").filter(Boolean);
  const dateIndex = tokens.findIndex((token) => DMY.test(token));
  if (dateIndex === -1 || tokens.length > 2) return invalid(text);
  const [, day, month, rawYear] = DMY.exec(tokens[dateIndex] ?? "") ?? [];
  const timeToken = tokens.length === 2 ? tokens[1 - dateIndex] : undefined;
  const time = timeToken === undefined ? undefined : TIME.exec(timeToken);
  if (timeToken !== undefined && !time) return invalid(text);
  const year = rawYear && rawYear.length === 2 ? 2000 + Number(rawYear) : Number(rawYear);
  return parts(text, { year, month: Number(month), day: Number(day), hour: num(time?.[1]), minute: num(time?.[2]), second: num(time?.[3]) });
}

function fromNumber(value: number): DateRead {
  if (!Number.isFinite(value)) return invalid(String(value));
  // yyyyMMddHHmmss or yyyyMMdd stored as a number by a spreadsheet.
  if (Number.isInteger(value) && (String(value).length === 14 || String(value).length === 8)) return fromText(String(value));
  // An Excel serial day number (a date cell the reader did not recognise as one).
  if (value > 20_000 && value < 80_000) {
    const wall = new Date(EXCEL_EPOCH + Math.round(value * 86_400) * 1_000);
    return fromSpreadsheetDate(wall);
  }
  return invalid(String(value));
}

/** A spreadsheet date carries the wall-clock time as UTC fields; the wall clock is Vietnam's. */
function fromSpreadsheetDate(value: Date): DateRead {
  if (Number.isNaN(value.getTime())) return { ok: false, reason: "not a date" };
  // Spreadsheet times are fractions of a day: 09:05 may come back as 09:04:59.999.
  const date = new Date(Math.round(value.getTime() / 1_000) * 1_000);
  return parts(date.toISOString(), {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  });
}

function parts(text: string, value: Parameters<typeof vietnamInstantOf>[0]): DateRead {
  if (value.year < 2000 || value.year > 2100) return { ok: false, reason: `"${text.slice(0, 40)}" has an unlikely year` };
  const instant = vietnamInstantOf(value);
  return instant === undefined ? invalid(text) : { ok: true, value: instant };
}

function num(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

function invalid(text: string): DateRead {
  return { ok: false, reason: `"${text.slice(0, 40)}" is not a date (use dd/mm/yyyy, with or without a time)` };
}
