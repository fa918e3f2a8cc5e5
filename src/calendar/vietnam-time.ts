import { formatDate, localDate, utcMidnight, weekday, type LocalDate } from "./local-date.js";

/**
 * Vietnam time (ICT, UTC+7, no daylight saving). The office's dates and hours are Vietnamese
 * whatever zone the server runs in, so every conversion between an instant (epoch ms) and a
 * date or clock time goes through here, never through the process's local zone.
 */
export const VIETNAM_OFFSET_MS = 7 * 3_600_000;

export interface VietnamClock {
  date: LocalDate;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Minutes since midnight, handy for comparing with opening hours. */
  minuteOfDay: number;
}

/** The Vietnamese calendar date of an instant. */
export function vietnamDate(epochMs: number): LocalDate {
  return new Date(epochMs + VIETNAM_OFFSET_MS).toISOString().slice(0, 10) as LocalDate;
}

/** Date and clock time in Vietnam of an instant. */
export function vietnamClock(epochMs: number): VietnamClock {
  const shifted = new Date(epochMs + VIETNAM_OFFSET_MS);
  const date = shifted.toISOString().slice(0, 10) as LocalDate;
  const hour = shifted.getUTCHours();
  const minute = shifted.getUTCMinutes();
  return { date, hour, minute, second: shifted.getUTCSeconds(), weekday: weekday(date), minuteOfDay: hour * 60 + minute };
}

/** The instant of a date and clock time in Vietnam. */
export function vietnamInstant(date: LocalDate, hour = 0, minute = 0, second = 0): number {
  return utcMidnight(date) + ((hour * 60 + minute) * 60 + second) * 1_000 - VIETNAM_OFFSET_MS;
}

/**
 * The instant of numeric parts read from a form or a file, or undefined when they name no real
 * date or time (31/02, 25:00).
 */
export function vietnamInstantOf(parts: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number }): number | undefined {
  const date = localDate(parts.year, parts.month, parts.day);
  const { hour = 0, minute = 0, second = 0 } = parts;
  if (!date || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  return vietnamInstant(date, hour, minute, second);
}

/** "16/02/2026" in Vietnam. */
export function formatVietnamDate(epochMs: number): string {
  return formatDate(vietnamDate(epochMs));
}

/** "16/02/2026 14:05" in Vietnam. */
export function formatVietnamDateTime(epochMs: number): string {
  const clock = vietnamClock(epochMs);
  return `${formatDate(clock.date)} ${pad(clock.hour)}:${pad(clock.minute)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}
