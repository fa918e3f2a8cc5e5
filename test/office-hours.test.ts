import { describe, expect, it } from "vitest";
import { asLocalDate, parseHolidaysText, vietnamClock, vietnamInstant, WorkCalendar } from "../src/calendar/index.js";
import { officeSchema, officeScheduleSchema } from "../src/catalog/schema.js";
import { OfficeHours } from "../src/handoff/office-hours.js";

const calendar = new WorkCalendar(
  parseHolidaysText(`years:
  "2026":
    source: "test"
    daysOff:
      - { date: "2026-02-16", name: "Tết Nguyên đán" }
      - { date: "2026-02-17", name: "Tết Nguyên đán" }
      - { date: "2026-02-18", name: "Tết Nguyên đán" }
      - { date: "2026-02-19", name: "Tết Nguyên đán" }
      - { date: "2026-02-20", name: "Tết Nguyên đán" }
      - { date: "2026-01-02", name: "Nghỉ hoán đổi", kind: swap }
    workingDays:
      - { date: "2026-01-10", name: "Làm bù cho 2/1" }
`),
);
const schedule = officeScheduleSchema.parse({ weekdays: ["13:30-17:00", "07:30-11:30"] });
const hours = new OfficeHours(schedule, calendar);
const at = (date: string, hour: number, minute = 0) => vietnamInstant(asLocalDate(date), hour, minute);
const clock = (instant: number | undefined) => {
  if (instant === undefined) return "never";
  const { date, hour, minute } = vietnamClock(instant);
  return `${date} ${hour}:${String(minute).padStart(2, "0")}`;
};

describe("office hours", () => {
  it("is open inside a period of a working day and closed at lunch, at night and at the weekend", () => {
    expect(hours.isOpen(at("2026-11-23", 7, 30))).toBe(true); // Monday, first minute
    expect(hours.isOpen(at("2026-11-23", 11, 30))).toBe(false); // closing time itself is closed
    expect(hours.closedReason(at("2026-11-23", 12, 0))).toEqual({ kind: "break" });
    expect(hours.closedReason(at("2026-11-23", 6, 0))).toEqual({ kind: "before-opening" });
    expect(hours.closedReason(at("2026-11-23", 17, 0))).toEqual({ kind: "after-closing" });
    expect(hours.closedReason(at("2026-11-22", 10, 0))).toEqual({ kind: "weekend" }); // Sunday
    expect(hours.closedReason(at("2026-11-23", 10, 0))).toBeUndefined();
  });

  it("does not depend on the server's time zone: Vietnam is UTC+7", () => {
    // 02:00 UTC is 09:00 in Vietnam on a Monday.
    expect(hours.isOpen(Date.UTC(2026, 10, 23, 2, 0))).toBe(true);
    expect(hours.isOpen(Date.UTC(2026, 10, 23, 0, 0))).toBe(false);
  });

  it("finds the next opening across lunch, nights, weekends and Tết", () => {
    expect(clock(hours.nextOpening(at("2026-11-23", 12, 5)))).toBe("2026-11-23 13:30");
    expect(clock(hours.nextOpening(at("2026-11-20", 17, 30)))).toBe("2026-11-23 7:30"); // Friday evening → Monday
    expect(clock(hours.nextOpening(at("2026-02-13", 18, 0)))).toBe("2026-02-23 7:30"); // the Friday before Tết
    expect(clock(hours.nextOpening(at("2026-11-23", 9, 0)))).toBe("2026-11-23 9:00"); // open: now
  });

  it("closes on a day off and opens with weekday hours on an official make-up Saturday", () => {
    expect(hours.closedReason(at("2026-02-17", 9, 0))).toMatchObject({ kind: "day-off", dayOff: { name: "Tết Nguyên đán" } });
    expect(hours.isOpen(at("2026-01-02", 9, 0))).toBe(false); // a swapped Friday
    expect(hours.isOpen(at("2026-01-10", 9, 0))).toBe(true); // the Saturday worked for it
    expect(clock(hours.nextOpening(at("2026-01-01", 20, 0)))).toBe("2026-01-05 7:30"); // 1/1 holiday, 2/1 swapped, weekend
  });

  it("counts only opening time for 'within four working hours'", () => {
    expect(clock(hours.afterOpenMinutes(at("2026-11-23", 9, 0), 4 * 60))).toBe("2026-11-23 15:00");
    expect(clock(hours.afterOpenMinutes(at("2026-11-20", 16, 0), 4 * 60))).toBe("2026-11-23 10:30");
    expect(clock(hours.afterOpenMinutes(at("2026-11-22", 10, 0), 30))).toBe("2026-11-23 8:00");
  });

  it("opens on Saturday mornings only when the office lists them, and merges overlapping periods", () => {
    const withSaturday = new OfficeHours(officeScheduleSchema.parse({ weekdays: ["07:30-12:00", "11:00-17:00"], saturday: ["07:30-11:30"] }), calendar);
    expect(withSaturday.isOpen(at("2026-11-21", 8, 0))).toBe(true);
    expect(withSaturday.isOpen(at("2026-11-21", 14, 0))).toBe(false);
    expect(withSaturday.isOpen(at("2026-11-23", 11, 45))).toBe(true); // no break between merged periods
    expect(hours.isOpen(at("2026-11-21", 8, 0))).toBe(false);
  });

  it("without a schedule knows nothing: always open, no reason to hold a question", () => {
    const unknown = new OfficeHours(undefined, calendar);
    expect(unknown.known).toBe(false);
    expect(unknown.isOpen(at("2026-11-22", 23, 0))).toBe(true);
    expect(unknown.closedReason(at("2026-11-22", 23, 0))).toBeUndefined();
  });

  it("rejects periods staff could get wrong, with a message saying how to write them", () => {
    const bad = officeScheduleSchema.safeParse({ weekdays: ["7:30-11:30", "17:00-13:30"] });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((issue) => issue.message) ?? [];
    expect(messages.some((message) => message.includes('"07:30-11:30"'))).toBe(true);
    expect(messages).toContain("a period must close after it opens");
    // The free-text lines stay for display; the schedule is optional.
    const office = { name: "x", commune: "x", province: "x", address: "x", hours: ["x"], phone: "x", onlinePortal: "https://x.vn" };
    expect(officeSchema.safeParse(office).success).toBe(true);
    expect(officeSchema.safeParse({ ...office, schedule: { weekdays: [] } }).success).toBe(false);
  });
});
