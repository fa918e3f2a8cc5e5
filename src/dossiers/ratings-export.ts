import { stringify } from "csv-stringify/sync";
import { formatVietnamDateTime } from "../calendar/index.js";
import { dossierMessages } from "./messages.js";
import type { RatingExportRow } from "./ratings.js";

/**
 * The ratings as CSV for the office's reports: receipt code, procedure code, rating (the
 * national wording), reason, time (Vietnam). UTF-8 with a byte-order mark so Excel shows the
 * Vietnamese correctly; no chat or user ids (reports need none).
 */
export const RATINGS_CSV_HEADER = ["Mã hồ sơ", "Mã thủ tục", "Mức độ hài lòng", "Lý do", "Thời gian"];

export function ratingsCsv(rows: readonly RatingExportRow[]): string {
  const labels = dossierMessages("vi").ratingLabels;
  const records = rows.map((row) => [row.code, row.procedureCode ?? "", labels[row.rating], row.reason ?? "", formatVietnamDateTime(row.ratedAt)]);
  return `\ufeff${stringify([RATINGS_CSV_HEADER, ...records], { record_delimiter: "\r\n" })}`;
}
