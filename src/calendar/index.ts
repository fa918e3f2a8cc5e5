/**
 * The office calendar: dates in Vietnam time and working days (weekends, public holidays and
 * official make-up working days from content/holidays.yaml).
 *
 *   const calendar = await loadWorkCalendar(config.CONTENT_DIR);
 *   const today = vietnamDate(Date.now());
 *   calendar.isWorkingDay(today);                 // false on Tết, true on a make-up Saturday
 *   calendar.addWorkingDays(today, 3);            // three working days later
 *   calendar.workingDaysBetween(due, finished);   // > 0: late by that many working days
 *   calendar.dayOff(today)?.name;                 // "Tết Nguyên đán", "Nghỉ bù Giỗ Tổ Hùng Vương"…
 *   calendar.covers(today);                       // false: the year is not in holidays.yaml
 */
export { addDays, asLocalDate, daysBetween, formatDate, localDate, parseLocalDate, weekday, yearOf, type LocalDate } from "./local-date.js";
export {
  formatVietnamDate,
  formatVietnamDateTime,
  VIETNAM_OFFSET_MS,
  vietnamClock,
  vietnamDate,
  vietnamInstant,
  vietnamInstantOf,
  type VietnamClock,
} from "./vietnam-time.js";
export { HOLIDAYS_FILE, parseHolidaysText, readHolidaysFile, type DayOff, type HolidaysFile, type MakeupDay } from "./holidays.js";
export { loadWorkCalendar, WorkCalendar } from "./work-calendar.js";
