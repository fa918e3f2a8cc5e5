import type { Catalog } from "../catalog/schema.js";
import type { Language, Reply } from "../core/types.js";
import type { RecordsDatabase } from "../records/database.js";
import { namesOf, stopwordsOf } from "./catalog-terms.js";
import { parsePeriod } from "./period.js";
import { reportReplies } from "./render.js";
import { buildReport } from "./report.js";

/** Lines per section in the chat: the CLI and CSV have the whole list. */
const CHAT_TOP = 8;

/** The staff's `/baocao [30d | YYYY-MM-DD]`: the report for a period, as chat replies. */
export function staffReport(records: RecordsDatabase, catalog: Catalog, now: () => number = Date.now) {
  const stopwords = stopwordsOf(catalog);
  const procedures = namesOf(catalog);
  return async (language: Language, argument: string): Promise<Reply[]> => {
    const period = parsePeriod(argument === "" ? undefined : argument, undefined, now());
    if ("error" in period) {
      const usage = language === "en" ? "Usage: /baocao [30d | 2026-11-01]" : "Cách dùng: /baocao [30d | 2026-11-01] (mặc định 30 ngày qua)";
      return [{ blocks: [{ lines: [usage] }] }];
    }
    return reportReplies(await buildReport(records, { period, stopwords, procedures }), language, CHAT_TOP);
  };
}
