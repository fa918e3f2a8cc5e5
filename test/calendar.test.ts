import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ContentError } from "../src/catalog/load.js";
import {
  asLocalDate as d,
  formatVietnamDateTime,
  loadWorkCalendar,
  parseHolidaysText,
  vietnamClock,
  vietnamDate,
  vietnamInstant,
  vietnamInstantOf,
} from "../src/calendar/index.js";
import { tempDir } from "./helpers/app.js";
import { FIXTURE_CALENDAR, FIXTURE_HOLIDAYS_TEXT } from "./helpers/holidays.js";

// The holidays fixture; the bundled file is for content:check to judge.
const calendar = FIXTURE_CALENDAR;

describe("working days", () => {
  it("skips Tết and the weekends around it", () => {
    expect(calendar.isWorkingDay(d("2026-02-18"))).toBe(false);
    expect(calendar.nextWorkingDay(d("2026-02-13"))).toBe("2026-02-23");
    expect(calendar.addWorkingDays(d("2026-02-12"), 3)).toBe("2026-02-24");
    expect(calendar.workingDaysBetween(d("2026-02-13"), d("2026-02-23"))).toBe(1);
  });

  it("counts an official make-up Saturday and skips the swapped weekday", () => {
    expect(calendar.isWorkingDay(d("2025-04-26"))).toBe(true);
    expect(calendar.isWorkingDay(d("2025-05-02"))).toBe(false);
    expect(calendar.nextWorkingDay(d("2025-04-25"))).toBe("2025-04-26");
    // Due Tuesday 29/4, finished Monday 5/5: only Monday is a working day in between.
    expect(calendar.workingDaysBetween(d("2025-04-29"), d("2025-05-05"))).toBe(1);
    expect(calendar.workingDaysBetween(d("2025-05-05"), d("2025-04-29"))).toBe(-1);
  });

  it("treats a day in lieu as a day off and names it", () => {
    expect(calendar.isWorkingDay(d("2026-04-27"))).toBe(false);
    expect(calendar.dayOff(d("2026-04-27"))).toMatchObject({ kind: "in-lieu", name: "Nghỉ bù" });
    expect(calendar.dayOff(d("2026-04-28"))).toBeUndefined();
  });

  it("is zero on the same day and counts ordinary weeks as five days", () => {
    expect(calendar.workingDaysBetween(d("2026-03-02"), d("2026-03-02"))).toBe(0);
    expect(calendar.workingDaysBetween(d("2026-03-02"), d("2026-03-09"))).toBe(5);
    expect(calendar.addWorkingDays(d("2026-03-06"), 0)).toBe("2026-03-06");
    expect(() => calendar.addWorkingDays(d("2026-03-06"), -1)).toThrow(RangeError);
  });

  it("counts from the next working day when a dossier arrives after 15:00 or on a day off", () => {
    const friday = (hour: number, minute = 0) => vietnamInstant(d("2026-02-13"), hour, minute);
    expect(calendar.countingStart(friday(14, 59))).toBe("2026-02-13");
    expect(calendar.countingStart(friday(15, 0))).toBe("2026-02-23");
    expect(calendar.countingStart(vietnamInstant(d("2026-02-17"), 9))).toBe("2026-02-23");
    expect(calendar.dueDate(friday(9), 3)).toBe("2026-02-25");
  });

  it("knows only weekends and fixed-date holidays for a year the file does not list, as estimates", () => {
    expect(calendar.covers(d("2031-09-02"))).toBe(false);
    expect(calendar.isWorkingDay(d("2031-09-02"))).toBe(false);
    expect(calendar.dayOff(d("2031-09-02"))).toMatchObject({ estimate: true });
    expect(calendar.isCertainBetween(d("2031-09-01"), d("2031-09-05"))).toBe(false);
  });

  it("reports estimated days inside a range", () => {
    expect(calendar.uncertainBetween(d("2026-11-20"), d("2026-11-30")).map((day) => day.date)).toEqual(["2026-11-24"]);
    expect(calendar.isCertainBetween(d("2026-11-20"), d("2026-11-23"))).toBe(true);
    expect(calendar.isCertainBetween(d("2026-11-20"), d("2026-11-30"))).toBe(false);
  });
});

describe("holidays file", () => {
  it("lists every problem of a broken file with its place", () => {
    const broken = `
years:
  "2026":
    source: test
    daysOff:
      - { date: "2026-02-30", name: "Bad" }
      - { date: "2025-01-01", name: "Wrong year" }
      - { date: "2026-05-01", name: "Twice" }
      - { date: "2026-05-01", name: "Twice" }
    workingDays:
      - { date: "2026-05-04", name: "A Monday" }
`;
    try {
      parseHolidaysText(broken);
      expect.unreachable("a broken file must throw");
    } catch (error) {
      expect(error).toBeInstanceOf(ContentError);
      const fields = (error as ContentError).issues.map((issue) => issue.field);
      expect(fields).toEqual(
        expect.arrayContaining(["years.2026.daysOff.0.date", "years.2026.daysOff.1.date", "years.2026.daysOff.3.date", "years.2026.workingDays.0.date"]),
      );
    }
  });

  it("rejects YAML that does not parse", () => {
    expect(() => parseHolidaysText("years: [")).toThrow(ContentError);
  });

  it("reads holidays.yaml from a content folder, and a folder without one knows no year", async () => {
    const dir = tempDir();
    try {
      expect((await loadWorkCalendar(dir.path)).coveredYears()).toEqual([]);
      writeFileSync(join(dir.path, "holidays.yaml"), FIXTURE_HOLIDAYS_TEXT);
      const loaded = await loadWorkCalendar(dir.path);
      expect(loaded.coveredYears()).toEqual([2025, 2026]);
      expect(loaded.dayOff(d("2026-11-24"))?.estimate).toBe(true);
      expect(loaded.dayOff(d("2026-02-16"))?.estimate).toBe(false);
    } finally {
      dir.remove();
    }
  });

});

describe("Vietnam time", () => {
  it("converts instants to Vietnamese dates whatever the server's zone", () => {
    expect(vietnamDate(Date.UTC(2026, 1, 16, 16, 59))).toBe("2026-02-16");
    expect(vietnamDate(Date.UTC(2026, 1, 16, 17, 0))).toBe("2026-02-17");
    expect(vietnamClock(Date.UTC(2026, 1, 16, 8, 5))).toMatchObject({ hour: 15, minute: 5, weekday: 1, minuteOfDay: 905 });
    expect(formatVietnamDateTime(vietnamInstant(d("2026-02-16"), 7, 30))).toBe("16/02/2026 07:30");
  });

  it("refuses parts that name no real date or time", () => {
    expect(vietnamInstantOf({ year: 2026, month: 2, day: 31 })).toBeUndefined();
    expect(vietnamInstantOf({ year: 2026, month: 2, day: 3, hour: 24 })).toBeUndefined();
    expect(vietnamInstantOf({ year: 2026, month: 2, day: 3, hour: 8 })).toBe(Date.UTC(2026, 1, 3, 1));
  });
});
