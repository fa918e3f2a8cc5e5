import { addDays, parseLocalDate, vietnamInstant } from "../calendar/index.js";
import type { ReportPeriod } from "./report.js";

const SPAN = /^(\d{1,4})\s*([hdw])$/i;
const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * A report period from what staff type: `--since 30d` (also 12h, 2w) or a date (YYYY-MM-DD,
 * from midnight in Vietnam), `--until` a date (inclusive) or now. A message when it makes no sense.
 */
export function parsePeriod(since: string | undefined, until: string | undefined, now: number): ReportPeriod | { error: string } {
  const end = until === undefined || until.trim() === "" ? now : dayStart(until, 1);
  if (end === undefined) return { error: `--until takes a date like 2026-11-30, not "${until}"` };
  const text = (since ?? "30d").trim();
  const span = SPAN.exec(text);
  const start = span ? end - Number(span[1]) * UNIT_MS[(span[2] ?? "d").toLowerCase()]! : dayStart(text, 0);
  if (start === undefined) return { error: `--since takes a span like 30d, 12h, 2w or a date like 2026-11-01, not "${text}"` };
  if (start >= end) return { error: "the period is empty: --since must be before --until" };
  return { since: start, until: end };
}

function dayStart(text: string, plusDays: number): number | undefined {
  const date = parseLocalDate(text);
  return date === undefined ? undefined : vietnamInstant(addDays(date, plusDays));
}
