import { addDays, formatDate, formatVietnamDateTime, vietnamClock } from "../calendar/index.js";
import type { HandoffMessages } from "./messages.js";

/** "15:30 hôm nay", "7:30 thứ Hai 05/01/2026": a moment as a resident reads it, in Vietnam time. */
export function describeWhen(at: number, now: number, messages: HandoffMessages): string {
  const clock = vietnamClock(at);
  const today = vietnamClock(now).date;
  return messages.when({
    time: `${clock.hour}:${String(clock.minute).padStart(2, "0")}`,
    today: clock.date === today,
    tomorrow: clock.date === addDays(today, 1),
    weekday: clock.weekday,
    date: formatDate(clock.date),
  });
}

/** "05/01/2026 14:05", for the staff. */
export function stamp(at: number): string {
  return formatVietnamDateTime(at);
}

/** Whole minutes between two moments (for ages shown to staff). */
export function minutesBetween(from: number, to: number): number {
  return Math.max(0, Math.floor((to - from) / 60_000));
}
