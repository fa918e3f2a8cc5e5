import { feesOn } from "../src/catalog/fees.js";
import { isLocalCode, type Catalog, type Procedure, type Topic } from "../src/catalog/schema.js";
import { formatVnd } from "../src/core/cards.js";

/**
 * `npm run -s content -- list`: the catalog as a table for the office's notice board, or as
 * CSV (`--csv`) for a spreadsheet. Written in Vietnamese, like the notice board itself.
 */

const FIELDS: Record<Topic, string> = {
  "civil-status": "Hộ tịch",
  certification: "Chứng thực",
  business: "Hộ kinh doanh",
  social: "Bảo trợ xã hội",
  merit: "Người có công",
  land: "Đất đai",
  construction: "Xây dựng, nhà ở",
};

const ONLINE: Record<Procedure["online"]["level"], string> = {
  full: "Toàn trình",
  partial: "Một phần",
  none: "Không",
};

const HEADERS = ["Mã", "Tên thủ tục", "Lĩnh vực", "Lệ phí", "Thời hạn", "Trực tuyến", "Rà soát"] as const;
const CSV_EXTRA = ["Chi tiết lệ phí", "Chi tiết thời hạn", "Chưa xác minh"] as const;

export interface ListRow {
  code: string;
  name: string;
  field: string;
  fee: string;
  time: string;
  online: string;
  reviewed: string;
  feeDetails: string;
  timeDetails: string;
  unverified: string;
}

export function listRows(catalog: Catalog, today: string, topic?: Topic): ListRow[] {
  const order = Object.keys(FIELDS);
  return catalog.procedures
    .filter((procedure) => !topic || procedure.topic === topic)
    .sort((a, b) => order.indexOf(a.topic) - order.indexOf(b.topic) || a.code.localeCompare(b.code))
    .map((procedure) => ({
      code: isLocalCode(procedure.code) ? "(chưa có mã)" : procedure.codeUnverified ? `${procedure.code}*` : procedure.code,
      name: procedure.name,
      field: FIELDS[procedure.topic],
      fee: feeSummary(procedure, catalog.office.province, today),
      time: timeSummary(procedure),
      online: ONLINE[procedure.online.level],
      reviewed: procedure.reviewed.split("-").reverse().join("/"),
      feeDetails: procedure.fee.text,
      timeDetails: procedure.time.text,
      unverified: [...(procedure.codeUnverified ? [`Mã: ${procedure.codeUnverified}`] : []), ...procedure.unverified.map((item) => item.text)].join(" | "),
    }));
}

/** The fee in a few words; * marks an amount whose resolution is not confirmed. */
export function feeSummary(procedure: Procedure, province: string, today: string): string {
  const { fee } = procedure;
  if (fee.setBy === "none") return "Không";
  if (fee.setBy === "unknown") return "Chưa rõ (hỏi cán bộ)";
  if (fee.setBy === "national") return fee.amount === 0 ? "Miễn" : formatVnd(fee.amount ?? 0);
  const current = procedure.provincialFees ? feesOn(procedure.provincialFees, today).current : [];
  if (current.length > 0) {
    return current
      .map((item) => `${item.label ? `${item.label}: ` : ""}${item.amount === 0 ? "miễn" : formatVnd(item.amount)}${item.per ? `/${item.per}` : ""}${item.resolution.unverified ? "*" : ""}`)
      .join("; ");
  }
  const legacy = fee.byProvince?.[province];
  return legacy !== undefined ? `${formatVnd(legacy)}*` : "Theo mức của tỉnh (hỏi cán bộ)";
}

function timeSummary(procedure: Procedure): string {
  const days = procedure.time.workingDays;
  if (days === undefined) return "Xem chi tiết";
  return days === 0 ? "Trong ngày" : `${days} ngày làm việc`;
}

/** A plain-text table; long names are cut to keep it printable. */
export function formatTable(rows: ListRow[], nameWidth = 60): string {
  const cells = rows.map((row) => [row.code, cut(row.name, nameWidth), row.field, row.fee, row.time, row.online, row.reviewed]);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...cells.map((cell) => cell[column]!.length)));
  const line = (values: readonly string[]) => values.map((value, column) => value.padEnd(widths[column]!)).join(" | ").trimEnd();
  return [
    line(HEADERS),
    widths.map((width) => "-".repeat(width)).join("-|-"),
    ...cells.map(line),
    "",
    `${rows.length} thủ tục. * mã hoặc mức thu chưa được đối chiếu với văn bản gốc; hỏi cán bộ trước khi dùng.`,
  ].join("\n");
}

/** RFC 4180 CSV; with a byte-order mark by default so spreadsheet programs read the diacritics. */
export function formatCsv(rows: ListRow[], bom = true): string {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const records = [
    [...HEADERS, ...CSV_EXTRA],
    ...rows.map((row) => [row.code, row.name, row.field, row.fee, row.time, row.online, row.reviewed, row.feeDetails, row.timeDetails, row.unverified]),
  ];
  return `${bom ? "\uFEFF" : ""}${records.map((record) => record.map(quote).join(",")).join("\r\n")}\r\n`;
}

function cut(text: string, width: number): string {
  const chars = [...text.normalize("NFC")];
  return chars.length <= width ? chars.join("") : `${chars.slice(0, width - 1).join("")}…`;
}
