/**
 * Dossier receipt codes (mã hồ sơ). Two shapes are in use:
 *   <agency>-YYMMDD-NNNN       (Circular 01/2018/TT-VPCP), e.g. 000.00.15.H31-251002-0007
 *   <agency>-YYYYMMDD-NNNNNNN  (newer national systems),   e.g. G09.20-20260609-0092637
 * People type them with any case, spaces instead of dashes, or typographic dashes, so the
 * matcher is forgiving and the result is always written in one canonical form.
 */

const AGENCY = String.raw`[a-z0-9]{1,4}(?:\s*\.\s*[a-z0-9]{1,4}){1,4}`;
const SEPARATOR = String.raw`\s*[-–—_\s]\s*`;
const FULL_CODE = new RegExp(
  String.raw`(?<![a-z0-9.])(${AGENCY})${SEPARATOR}(\d{6}|\d{8})${SEPARATOR}(\d{4,7})(?![0-9])`,
  "i",
);
// Something code-like that did not parse as a whole: an agency part followed by a separator and
// digits. Not preceded by a dot, so the tail of a national procedure code is not taken for one,
// and a bare "A12.03" (a room number) is not either.
const CODE_ATTEMPT = new RegExp(
  String.raw`(?<![a-z0-9.])(?:\d{3}\.\d{2}\.\d{2}\.[a-z]\d{2}|[a-z]\d{2}\.\d{2})\s*[-–—_]\s*\d`,
  "i",
);

export type ReceiptCodeMatch =
  | { kind: "code"; code: string }
  | { kind: "malformed" }
  | { kind: "none" };

/** Finds a receipt code in free text. */
export function findReceiptCode(text: string): ReceiptCodeMatch {
  const sample = text.length > 2_000 ? text.slice(0, 2_000) : text;
  const match = FULL_CODE.exec(sample);
  if (match) {
    const [, agency = "", date = "", sequence = ""] = match;
    if (isPlausibleDate(date)) {
      return { kind: "code", code: `${agency.replace(/\s+/g, "").toUpperCase()}-${date}-${sequence}` };
    }
    return { kind: "malformed" };
  }
  return CODE_ATTEMPT.test(sample) ? { kind: "malformed" } : { kind: "none" };
}

function isPlausibleDate(date: string): boolean {
  const digits = date.length === 8 ? date.slice(2) : date;
  const month = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}
