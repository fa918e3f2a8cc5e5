import { fold } from "../../catalog/normalize.js";

/**
 * The register's columns, found by header: Vietnamese wording with or without diacritics, in
 * any order, or the national exchange names (MaHoSo, NgayHenTra…). Headers are compared in a
 * compact folded form, so "Mã hồ sơ", "MA HO SO" and "MaHoSo" are the same column.
 */
export const REGISTER_FIELDS = [
  "code",
  "procedureCode",
  "procedureName",
  "applicant",
  "receivedAt",
  "dueAt",
  "status",
  "resultAt",
  "returnedAt",
  "note",
] as const;
export type RegisterField = (typeof REGISTER_FIELDS)[number];

/** Header wordings per field, most specific first (the first one present wins). */
export const HEADER_ALIASES: Record<RegisterField, readonly string[]> = {
  code: ["Mã hồ sơ", "MaHoSo", "Mã số hồ sơ", "Số hồ sơ", "Số biên nhận", "SoBienNhan", "Mã biên nhận", "Receipt code", "Dossier code"],
  procedureCode: ["Mã thủ tục", "MaTTHC", "Mã TTHC", "MaThuTuc", "Procedure code"],
  procedureName: ["Tên thủ tục", "TenTTHC", "Tên TTHC", "Thủ tục", "Thủ tục hành chính", "TenThuTuc", "Procedure"],
  applicant: ["Chủ hồ sơ", "ChuHoSo", "Người nộp", "Người nộp hồ sơ", "Tên người nộp", "NguoiNop", "Họ tên người nộp", "Họ và tên", "Họ tên", "Applicant"],
  receivedAt: ["Ngày tiếp nhận", "NgayTiepNhan", "Ngày nhận", "Ngày nhận hồ sơ", "Ngày nộp", "Received"],
  dueAt: ["Ngày hẹn trả", "NgayHenTra", "Ngày hẹn trả kết quả", "Hẹn trả", "Hẹn trả kết quả", "Due"],
  status: ["Trạng thái", "TrangThaiHoSo", "Trạng thái hồ sơ", "TrangThai", "Tình trạng", "Tình trạng hồ sơ", "Status"],
  resultAt: ["Ngày có kết quả", "NgayCoKetQua", "Ngày kết thúc xử lý", "NgayKetThucXuLy", "Ngày hoàn thành", "Ngày xử lý xong", "Result date"],
  returnedAt: ["Ngày trả", "NgayTra", "Ngày trả kết quả", "Ngày trả KQ", "Returned"],
  note: ["Ghi chú", "GhiChu", "Nội dung bổ sung", "Nội dung yêu cầu bổ sung", "Lý do", "Note"],
};

/** Fields a register must have; the rest are shown when present. */
export const REQUIRED_FIELDS: readonly RegisterField[] = ["code", "status"];

export function headerKey(header: unknown): string {
  return fold(String(header ?? "")).replace(/ /g, "");
}

export interface ColumnMap {
  /** Field → column index. */
  columns: Partial<Record<RegisterField, number>>;
  /** Field → header text as written in the file. */
  headers: Partial<Record<RegisterField, string>>;
  /** Headers of columns that were not used (phone, address… are never read). */
  ignored: string[];
  missing: RegisterField[];
}

/**
 * Matches a header row to the fields. `overrides` (from a mapping file) name the header to use
 * for some fields and win over the built-in wordings.
 */
export function mapColumns(header: readonly unknown[], overrides: Partial<Record<RegisterField, string>> = {}): ColumnMap {
  const keys = header.map(headerKey);
  const columns: Partial<Record<RegisterField, number>> = {};
  const used = new Set<number>();
  for (const field of REGISTER_FIELDS) {
    const wanted = overrides[field] !== undefined ? [overrides[field]] : HEADER_ALIASES[field];
    for (const alias of wanted) {
      const index = keys.findIndex((key, position) => key !== "" && key === headerKey(alias) && !used.has(position));
      if (index !== -1) {
        columns[field] = index;
        used.add(index);
        break;
      }
    }
  }
  const headers = Object.fromEntries(Object.entries(columns).map(([field, index]) => [field, String(header[index] ?? "").trim()]));
  const ignored = header.map((cell, index) => ({ cell: String(cell ?? "").trim(), index })).filter(({ cell, index }) => cell !== "" && !used.has(index)).map(({ cell }) => cell);
  const missing = REQUIRED_FIELDS.filter((field) => columns[field] === undefined);
  return { columns, headers, ignored, missing };
}

/** How many fields a row names if it is the header row. */
export function headerScore(row: readonly unknown[], overrides: Partial<Record<RegisterField, string>> = {}): number {
  return Object.keys(mapColumns(row, overrides).columns).length;
}
