/**
 * Calendar dates without a time or a zone ("2026-02-16"), as the office and the holiday file
 * speak of them. Strings in ISO order sort and compare correctly as plain text, so a date is a
 * checked string rather than a Date (whose time zone would creep into every comparison).
 */
export type LocalDate = string & { readonly __localDate: unique symbol };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A valid ISO date ("2026-02-29" is not), else undefined. */
export function parseLocalDate(text: string): LocalDate | undefined {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return undefined;
  return localDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** The date of year, month (1-12), day, or undefined when no such day exists. */
export function localDate(year: number, month: number, day: number): LocalDate | undefined {
  if (![year, month, day].every(Number.isInteger) || year < 1000 || year > 9999) return undefined;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  return probe.toISOString().slice(0, 10) as LocalDate;
}

/** Like `parseLocalDate` for dates the program made itself: a bad one is a bug, so it throws. */
export function asLocalDate(text: string): LocalDate {
  const date = parseLocalDate(text);
  if (!date) throw new RangeError(`not a calendar date: ${text}`);
  return date;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10) as LocalDate;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: LocalDate): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** "16/02/2026", the way dates are written on Vietnamese forms. */
export function formatDate(date: LocalDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** Midnight UTC of the date: a neutral instant for day arithmetic, not a Vietnamese time. */
export function utcMidnight(date: LocalDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}
