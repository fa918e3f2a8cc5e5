import { vietnamClock, vietnamInstantOf } from "../calendar/vietnam-time.js";

/**
 * Hours of the night when no announcement is sent (Vietnam time). A window may cross midnight
 * (21:00-07:00, the default). A campaign due inside it starts when it ends; one running when it
 * begins stops storing new messages until it ends (what is already queued, a few seconds' worth,
 * still goes).
 */
export interface QuietHours {
  /** Minutes after midnight. */
  start: number;
  end: number;
}

const WINDOW = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/;

/** "21:00-07:00" → the window; "off" or "" → null (no quiet hours); anything else → undefined. */
export function parseQuietHours(text: string): QuietHours | null | undefined {
  if (/^\s*(off|none|)\s*$/i.test(text)) return null;
  const match = WINDOW.exec(text);
  if (!match) return undefined;
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) return undefined;
  const window = { start: h1 * 60 + m1, end: h2 * 60 + m2 };
  return window.start === window.end ? null : window;
}

export function isQuiet(quiet: QuietHours | null, at: number): boolean {
  if (!quiet) return false;
  const minute = vietnamClock(at).minuteOfDay;
  return quiet.start < quiet.end ? minute >= quiet.start && minute < quiet.end : minute >= quiet.start || minute < quiet.end;
}

/** The first instant at or after `at` outside the quiet hours. */
export function outsideQuiet(quiet: QuietHours | null, at: number): number {
  if (!isQuiet(quiet, at) || !quiet) return at;
  const clock = vietnamClock(at);
  const untilEnd = (quiet.end - clock.minuteOfDay + 24 * 60) % (24 * 60);
  // Whole minutes from the start of the current minute.
  return at - clock.second * 1_000 - (at % 1_000) + untilEnd * 60_000;
}

const WHEN = /^\s*(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})\/(\d{1,2})\/(\d{4}))[ T]+(\d{1,2})[:h](\d{2})\s*$/i;

/** "2026-12-01 07:00" or "01/12/2026 07:00" (Vietnam time) → epoch ms; undefined when it is no real time. */
export function parseVietnamDateTime(text: string): number | undefined {
  const match = WHEN.exec(text);
  if (!match) return undefined;
  const [, y1, mo1, d1, d2, mo2, y2, hour, minute] = match;
  return vietnamInstantOf({
    year: Number(y1 ?? y2),
    month: Number(mo1 ?? mo2),
    day: Number(d1 ?? d2),
    hour: Number(hour),
    minute: Number(minute),
  });
}
