import { fold } from "../catalog/normalize.js";
import type { Language } from "../core/types.js";

/**
 * The national dossier status codes (TrangThaiHoSo, synchronised to the national portal):
 * 1 registered online · 2 received · 3 not accepted · 4 processing · 5 supplement requested ·
 * 6 financial obligation requested · 7 withdrawn · 8 processing stopped · 9 result ready ·
 * 10 result returned.
 */
export const DOSSIER_STATUSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

const LABELS: Record<Language, Record<DossierStatus, string>> = {
  vi: {
    1: "Đã đăng ký trực tuyến, đang chờ tiếp nhận",
    2: "Đã tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang giải quyết",
    5: "Cần bổ sung hồ sơ",
    6: "Chờ thực hiện nghĩa vụ tài chính (nộp thuế, phí)",
    7: "Đã rút hồ sơ theo đề nghị của người nộp",
    8: "Dừng xử lý",
    9: "Đã có kết quả, chờ trả",
    10: "Đã trả kết quả",
  },
  en: {
    1: "Registered online, waiting to be received",
    2: "Received",
    3: "Not accepted",
    4: "Being processed",
    5: "Supplement requested",
    6: "Waiting for taxes or fees to be paid",
    7: "Withdrawn at the applicant's request",
    8: "Processing stopped",
    9: "Result ready for collection",
    10: "Result returned",
  },
};

export function statusLabel(status: DossierStatus, language: Language): string {
  return LABELS[language][status];
}

/** After these a dossier changes no more: following ends, nothing is "late" any longer. */
export function isFinal(status: DossierStatus): boolean {
  return status === 3 || status === 7 || status === 8 || status === 10;
}

/** Processing is finished (result ready or returned): satisfaction may be asked. */
export function isDone(status: DossierStatus): boolean {
  return status === 9 || status === 10;
}

/** The dossier waits for the citizen (a supplement, a payment): the clock is not the office's. */
export function waitsForCitizen(status: DossierStatus): boolean {
  return status === 5 || status === 6;
}

// Wordings seen in registers, folded (no diacritics). The longest phrase found wins, so
// "khong duoc tiep nhan" beats "tiep nhan" and "da tra ket qua" beats "ket qua".
const WORDINGS: ReadonlyArray<[string, DossierStatus]> = [
  ["dang ky truc tuyen", 1], ["nop truc tuyen", 1], ["cho tiep nhan", 1], ["moi dang ky", 1], ["da dang ky", 1], ["registered", 1],
  ["tiep nhan", 2], ["da tiep nhan", 2], ["moi tiep nhan", 2], ["da nhan ho so", 2], ["received", 2],
  ["khong tiep nhan", 3], ["khong duoc tiep nhan", 3], ["tu choi tiep nhan", 3], ["tu choi", 3], ["tra lai ho so", 3], ["not accepted", 3], ["rejected", 3],
  ["dang xu ly", 4], ["dang giai quyet", 4], ["dang thu ly", 4], ["dang tham dinh", 4], ["cho ky", 4], ["cho phe duyet", 4],
  ["chuyen xu ly", 4], ["xu ly", 4], ["giai quyet", 4], ["cho lien thong", 4], ["qua han", 4], ["processing", 4], ["in progress", 4],
  ["bo sung", 5], ["yeu cau bo sung", 5], ["cho bo sung", 5], ["bo sung ho so", 5], ["supplement", 5],
  ["nghia vu tai chinh", 6], ["thuc hien nghia vu tai chinh", 6], ["cho nop thue", 6], ["cho nop phi", 6], ["payment", 6],
  ["rut ho so", 7], ["da rut", 7], ["cong dan rut", 7], ["withdrawn", 7],
  ["dung xu ly", 8], ["ngung xu ly", 8], ["dung giai quyet", 8], ["stopped", 8],
  ["co ket qua", 9], ["da co ket qua", 9], ["cho tra ket qua", 9], ["xu ly xong", 9], ["da xu ly xong", 9], ["hoan thanh", 9], ["da giai quyet", 9], ["result ready", 9],
  ["da tra ket qua", 10], ["tra ket qua", 10], ["da tra", 10], ["da nhan ket qua", 10], ["ket thuc", 10], ["returned", 10],
];

/** A status from a register cell: the national code (1-10) or its wording, with or without diacritics. */
export function parseStatus(value: unknown): DossierStatus | undefined {
  if (typeof value === "number") return asStatus(value);
  if (typeof value !== "string") return undefined;
  const folded = fold(value);
  // "4", "04", "4.0" (a number cell read as text: folds to "4 0"), "TT4", "Trạng thái 4".
  const numeric = /^(?:tt|trang thai|status)? ?0*(\d{1,2})(?: 0+)?$/.exec(folded);
  if (numeric) return asStatus(Number(numeric[1]));
  const padded = ` ${folded} `;
  let best: [number, DossierStatus] | undefined;
  for (const [phrase, status] of WORDINGS) {
    if (padded.includes(` ${phrase} `) && (!best || phrase.length > best[0])) best = [phrase.length, status];
  }
  return best?.[1];
}

export function asStatus(value: number): DossierStatus | undefined {
  return (DOSSIER_STATUSES as readonly number[]).includes(value) ? (value as DossierStatus) : undefined;
}
