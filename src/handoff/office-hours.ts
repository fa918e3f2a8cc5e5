import { addDays, vietnamClock, vietnamInstant, weekday, type DayOff, type LocalDate, type WorkCalendar } from "../calendar/index.js";
import type { OfficeSchedule } from "../catalog/schema.js";

/**
 * When the one-stop desk is open, from the office profile's structured `schedule` and the
 * work calendar (public holidays, days in lieu, official make-up working days). Everything is
 * Vietnam time whatever zone the server runs in. Without a schedule the desk's hours are not
 * known: `known` is false and the desk counts as open, so nothing is held back on a guess.
 */

/** An opening period in minutes since midnight, [open, close). */
interface Period {
  open: number;
  close: number;
}

/** Why the desk is closed at a moment, for the resident's message. */
export type ClosedReason =
  | { kind: "day-off"; dayOff: DayOff }
  | { kind: "weekend" }
  | { kind: "before-opening" }
  | { kind: "after-closing" }
  | { kind: "break" };

/** Days looked ahead for the next opening; a schedule with no period at all never opens. */
const HORIZON_DAYS = 60;

export class OfficeHours {
  private readonly weekdays: Period[];
  private readonly saturday: Period[];
  private readonly sunday: Period[];

  constructor(
    private readonly schedule: OfficeSchedule | undefined,
    private readonly calendar: WorkCalendar,
  ) {
    this.weekdays = periodsOf(schedule?.weekdays ?? []);
    this.saturday = periodsOf(schedule?.saturday ?? []);
    this.sunday = periodsOf(schedule?.sunday ?? []);
  }

  /** Whether the office profile gives structured hours. */
  get known(): boolean {
    return this.schedule !== undefined;
  }

  isOpen(at: number): boolean {
    if (!this.known) return true;
    const clock = vietnamClock(at);
    return this.periodsOn(clock.date).some((period) => clock.minuteOfDay >= period.open && clock.minuteOfDay < period.close);
  }

  /** `at` itself when open, else the start of the next opening period (undefined: never opens). */
  nextOpening(at: number): number | undefined {
    if (this.isOpen(at)) return at;
    const clock = vietnamClock(at);
    for (let offset = 0; offset <= HORIZON_DAYS; offset++) {
      const date = addDays(clock.date, offset);
      const period = this.periodsOn(date).find((candidate) => offset > 0 || candidate.open > clock.minuteOfDay);
      if (period) return instantOf(date, period.open);
    }
    return undefined;
  }

  /**
   * The moment `minutes` of opening time have passed after `from` (time outside opening hours
   * does not count): "an answer within 4 working hours" as a clock time.
   */
  afterOpenMinutes(from: number, minutes: number): number | undefined {
    if (!this.known) return from + minutes * 60_000;
    let left = minutes;
    let cursor = this.nextOpening(from);
    while (cursor !== undefined) {
      const clock = vietnamClock(cursor);
      const period = this.periodsOn(clock.date).find((candidate) => clock.minuteOfDay >= candidate.open && clock.minuteOfDay < candidate.close);
      if (!period) return undefined;
      const available = period.close - clock.minuteOfDay;
      if (left <= available) return cursor + left * 60_000;
      left -= available;
      cursor = this.nextOpening(instantOf(clock.date, period.close));
    }
    return undefined;
  }

  /** Why the desk is closed at `at` (undefined when it is open or the hours are unknown). */
  closedReason(at: number): ClosedReason | undefined {
    if (this.isOpen(at)) return undefined;
    const clock = vietnamClock(at);
    const dayOff = this.calendar.isWorkingDay(clock.date) ? undefined : this.calendar.dayOff(clock.date);
    if (dayOff) return { kind: "day-off", dayOff };
    const periods = this.periodsOn(clock.date);
    if (periods.length === 0) return { kind: "weekend" };
    if (clock.minuteOfDay < periods[0]!.open) return { kind: "before-opening" };
    if (clock.minuteOfDay >= periods.at(-1)!.close) return { kind: "after-closing" };
    return { kind: "break" };
  }

  /** The opening periods of one date: none on a day off, weekday hours on a make-up day. */
  private periodsOn(date: LocalDate): Period[] {
    const day = weekday(date);
    if (day === 0 || day === 6) {
      if (this.calendar.makeupDay(date)) return this.weekdays;
      if (this.calendar.dayOff(date)) return [];
      return day === 6 ? this.saturday : this.sunday;
    }
    return this.calendar.isWorkingDay(date) ? this.weekdays : [];
  }
}

function periodsOf(texts: readonly string[]): Period[] {
  const periods = texts.map((text) => ({ open: minutesOf(text.slice(0, 5)), close: minutesOf(text.slice(6, 11)) }));
  periods.sort((a, b) => a.open - b.open);
  // Overlapping or touching periods are one period, so "open until" never stops in the middle.
  const merged: Period[] = [];
  for (const period of periods) {
    const last = merged.at(-1);
    if (last && period.open <= last.close) last.close = Math.max(last.close, period.close);
    else merged.push({ ...period });
  }
  return merged;
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function instantOf(date: LocalDate, minuteOfDay: number): number {
  return vietnamInstant(date, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
}
