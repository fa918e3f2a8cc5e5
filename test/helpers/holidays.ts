import { readFileSync } from "node:fs";
import { parseHolidaysText, WorkCalendar } from "../../src/calendar/index.js";

/** The holidays fixture (test/fixtures/holidays.yaml): 2025 with the 30/4 swap, 2026 with Tết, a day in lieu and an estimate. */
export const FIXTURE_HOLIDAYS_TEXT = readFileSync("test/fixtures/holidays.yaml", "utf8");

/** The working calendar of the holidays fixture. */
export const FIXTURE_CALENDAR = new WorkCalendar(parseHolidaysText(FIXTURE_HOLIDAYS_TEXT));
