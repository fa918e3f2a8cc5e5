import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { z } from "zod";
import { ContentError, type ContentIssue } from "../catalog/load.js";
import { parseLocalDate, weekday, yearOf, type LocalDate } from "./local-date.js";

/**
 * content/holidays.yaml: the official days off and make-up working days, year by year. The
 * government fixes them each year (Tết, days in lieu, swapped days), so they are data that
 * commune staff keep up to date, not a formula.
 */
export const HOLIDAYS_FILE = "holidays.yaml";

const dateText = z
  .string({ error: "write the date as YYYY-MM-DD in quotes" })
  .refine((text) => parseLocalDate(text) !== undefined, "not a real date; write YYYY-MM-DD, e.g. \"2026-02-16\"")
  .transform((text) => parseLocalDate(text) as LocalDate);

const entryFields = {
  date: dateText,
  name: z.string().trim().min(1, "give the day a name, e.g. \"Tết Nguyên đán\""),
  /** Not yet decreed: the expected day, to be confirmed when the government announces it. */
  estimate: z.boolean().default(false),
  note: z.string().trim().optional(),
};

export const dayOffSchema = z.strictObject({
  ...entryFields,
  /** holiday: a public holiday itself; in-lieu: for a holiday on a weekend; swap: traded for a make-up day. */
  kind: z.enum(["holiday", "in-lieu", "swap"]).default("holiday"),
});

export const makeupDaySchema = z.strictObject(entryFields);

export const holidayYearSchema = z.strictObject({
  /** Where the year's days come from (the government's notices). */
  source: z.string().trim().min(1, "say where the year's days come from"),
  daysOff: z.array(dayOffSchema).default([]),
  /** Saturdays or Sundays officially worked to join days off (làm bù). */
  workingDays: z.array(makeupDaySchema).default([]),
});

export const holidaysFileSchema = z
  .strictObject({ years: z.record(z.string().regex(/^\d{4}$/, "years are keys like 2026"), holidayYearSchema) })
  .superRefine((file, context) => {
    for (const [year, entry] of Object.entries(file.years)) {
      const seen = new Set<string>();
      const check = (date: LocalDate, path: (string | number)[]) => {
        if (String(yearOf(date)) !== year) context.addIssue({ code: "custom", path: ["years", year, ...path], message: `${date} is not in ${year}` });
        if (seen.has(date)) context.addIssue({ code: "custom", path: ["years", year, ...path], message: `${date} is listed twice` });
        seen.add(date);
      };
      entry.daysOff.forEach((day, index) => check(day.date, ["daysOff", index, "date"]));
      entry.workingDays.forEach((day, index) => {
        check(day.date, ["workingDays", index, "date"]);
        if (weekday(day.date) !== 0 && weekday(day.date) !== 6) {
          context.addIssue({ code: "custom", path: ["years", year, "workingDays", index, "date"], message: `${day.date} is a weekday already; make-up working days are Saturdays or Sundays` });
        }
      });
    }
  });

export type DayOff = z.infer<typeof dayOffSchema>;
export type MakeupDay = z.infer<typeof makeupDaySchema>;
export type HolidaysFile = z.infer<typeof holidaysFileSchema>;

/**
 * Reads CONTENT_DIR/holidays.yaml. A missing file gives `undefined` (the calendar then knows
 * only weekends and fixed-date holidays); a broken one throws ContentError with every problem.
 */
export async function readHolidaysFile(contentDir: string): Promise<HolidaysFile | undefined> {
  const path = join(contentDir, HOLIDAYS_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ContentError([{ file: HOLIDAYS_FILE, field: "(file)", message: "cannot be read", hint: "check that the file is readable" }]);
  }
  return parseHolidaysText(text);
}

export function parseHolidaysText(text: string): HolidaysFile {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? `line ${error.linePos[0].line}` : "(file)";
    throw new ContentError([{ file: HOLIDAYS_FILE, field: where, message: "invalid YAML", hint: "check indentation and quote dates" }]);
  }
  const parsed = holidaysFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues: ContentIssue[] = parsed.error.issues.map((issue) => ({
      file: HOLIDAYS_FILE,
      field: issue.path.length > 0 ? issue.path.join(".") : "(top level)",
      message: issue.message,
      hint: "see the comments at the top of holidays.yaml",
    }));
    throw new ContentError(issues);
  }
  return parsed.data;
}
