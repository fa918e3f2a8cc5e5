import { addDays, asLocalDate, localDate, weekday, yearOf, type LocalDate } from "./local-date.js";
import { readHolidaysFile, type DayOff, type HolidaysFile, type MakeupDay } from "./holidays.js";
import { vietnamClock } from "./vietnam-time.js";

/**
 * Working days of a Vietnamese public office: Monday to Friday, minus public holidays, days in
 * lieu and swapped days, plus the Saturdays officially worked in exchange (content/holidays.yaml).
 *
 * For a year the file does not list, only weekends and the fixed solar holidays (1/1, 30/4, 1/5,
 * 2/9) are known; those are reported as estimates, and `covers()` says so, so an answer built on
 * them can say it may be off.
 */
export class WorkCalendar {
  private readonly daysOff = new Map<LocalDate, DayOff>();
  private readonly makeup = new Map<LocalDate, MakeupDay>();
  private readonly years: ReadonlySet<number>;

  constructor(file?: HolidaysFile) {
    const years = new Set<number>();
    for (const [year, entry] of Object.entries(file?.years ?? {})) {
      years.add(Number(year));
      for (const day of entry.daysOff) this.daysOff.set(day.date, day);
      for (const day of entry.workingDays) this.makeup.set(day.date, day);
    }
    this.years = years;
  }

  /** Whether holidays.yaml lists the year of `date` (else only fixed-date holidays are known). */
  covers(date: LocalDate): boolean {
    return this.years.has(yearOf(date));
  }

  /** Years listed in holidays.yaml, ascending. */
  coveredYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  isWorkingDay(date: LocalDate): boolean {
    if (this.makeup.has(date)) return true;
    if (this.dayOff(date)) return false;
    const day = weekday(date);
    return day !== 0 && day !== 6;
  }

  /** The day off on `date` (a holiday, a day in lieu, a swapped day), if any. */
  dayOff(date: LocalDate): DayOff | undefined {
    return this.daysOff.get(date) ?? (this.covers(date) ? undefined : fixedHoliday(date));
  }

  /** The official make-up working day on `date` (a Saturday worked), if any. */
  makeupDay(date: LocalDate): MakeupDay | undefined {
    return this.makeup.get(date);
  }

  /** Days off of one year in date order (empty for a year the file does not list). */
  daysOffIn(year: number): DayOff[] {
    return [...this.daysOff.values()].filter((day) => yearOf(day.date) === year).sort((a, b) => a.date.localeCompare(b.date));
  }

  /** Make-up working days of one year in date order. */
  makeupDaysIn(year: number): MakeupDay[] {
    return [...this.makeup.values()].filter((day) => yearOf(day.date) === year).sort((a, b) => a.date.localeCompare(b.date));
  }

  /** The first working day after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate {
    return this.addWorkingDays(date, 1);
  }

  /** `date` itself when it is a working day, else the next one. */
  workingDayOnOrAfter(date: LocalDate): LocalDate {
    return this.isWorkingDay(date) ? date : this.nextWorkingDay(date);
  }

  /** The `count`-th working day after `date` (count ≥ 0; 0 gives `date` itself). */
  addWorkingDays(date: LocalDate, count: number): LocalDate {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number ≥ 0, got ${count}`);
    let day = date;
    for (let left = count; left > 0; ) {
      day = addDays(day, 1);
      if (this.isWorkingDay(day)) left--;
    }
    return day;
  }

  /**
   * Working days after `from` up to and including `to`: 0 on the same day, positive when `to`
   * is later, negative when it is earlier. "Late by N working days" is
   * `workingDaysBetween(due, finished)`.
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    if (from === to) return 0;
    const [start, end, sign] = from < to ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let day = addDays(start, 1); day <= end; day = addDays(day, 1)) if (this.isWorkingDay(day)) count++;
    return sign * count;
  }

  /**
   * Entries between two dates (inclusive) that are estimates, or years the file does not
   * list: a count over this range may change when the government decides.
   */
  uncertainBetween(from: LocalDate, to: LocalDate): Array<DayOff | MakeupDay> {
    const [start, end] = from <= to ? [from, to] : [to, from];
    const found: Array<DayOff | MakeupDay> = [];
    for (let day = start; day <= end; day = addDays(day, 1)) {
      const entry = this.makeup.get(day) ?? this.dayOff(day);
      if (entry?.estimate) found.push(entry);
    }
    return found;
  }

  /** Whether a count between the two dates relies on anything not yet decreed. */
  isCertainBetween(from: LocalDate, to: LocalDate): boolean {
    return this.covers(from) && this.covers(to) && this.uncertainBetween(from, to).length === 0;
  }

  /**
   * The first day a dossier's processing time counts from. Dossiers received after the cut-off
   * (15:00 by Circular 03/2025/TT-VPCP practice) or on a day off count as received on the next
   * working day.
   */
  countingStart(receivedAt: number, cutoffMinuteOfDay = 15 * 60): LocalDate {
    const clock = vietnamClock(receivedAt);
    if (this.isWorkingDay(clock.date) && clock.minuteOfDay < cutoffMinuteOfDay) return clock.date;
    return this.nextWorkingDay(clock.date);
  }

  /** The expected result date of a procedure taking `workingDays`, for a dossier received at `receivedAt`. */
  dueDate(receivedAt: number, workingDays: number, cutoffMinuteOfDay?: number): LocalDate {
    return this.addWorkingDays(this.countingStart(receivedAt, cutoffMinuteOfDay), workingDays);
  }
}

/** Loads the calendar from CONTENT_DIR/holidays.yaml (weekends and fixed holidays when absent). */
export async function loadWorkCalendar(contentDir: string): Promise<WorkCalendar> {
  return new WorkCalendar(await readHolidaysFile(contentDir));
}

/** Holidays on fixed solar dates (Labour Code 2019, Art. 112), for years the file does not list. */
const FIXED: ReadonlyArray<[month: number, day: number, name: string]> = [
  [1, 1, "Tết Dương lịch"],
  [4, 30, "Ngày Chiến thắng"],
  [5, 1, "Ngày Quốc tế lao động"],
  [9, 2, "Quốc khánh"],
];

function fixedHoliday(date: LocalDate): DayOff | undefined {
  const year = yearOf(date);
  for (const [month, day, name] of FIXED) {
    if (localDate(year, month, day) === date) {
      return { date: asLocalDate(date), name, kind: "holiday", estimate: true, note: "year not in holidays.yaml" };
    }
  }
  return undefined;
}
