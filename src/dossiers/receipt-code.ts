/**
 * Dossier receipt codes (mã hồ sơ). Two shapes are in use:
 *   <agency>-YYMMDD-NNNN       (Circular 01/2018/TT-VPCP), e.g. 000.00.15.H31-251002-0007
 *   <agency>-YYYYMMDD-NNNNNNN  (newer national systems),   e.g. G09.20-20260609-0092637
 * People type them with any case, spaces instead of dashes, typographic dashes or stray dots,
 * so the matcher is forgiving and the result is always written in one canonical form:
 * upper case, no spaces, parts joined by "-".
 */

// Agency identifiers (QCVN 102:2016) are 2-5 dot-separated groups: "000.00.15.H31", "G09.20".
const AGENCY = String.raw`[a-z0-9]{1,4}(?:\s*\.\s*[a-z0-9]{1,4}){1,4}`;
// Dashes of every kind (hyphen, en and em dash, minus, non-breaking hyphen), underscores,
// slashes and dots typed between the parts, with spaces around; or spaces alone.
const DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212_/";
const SEPARATOR = String.raw`(?:\s*[${DASHES}.]{1,3}\s*|\s+)`;
const FULL_CODE_SOURCE = String.raw`(${AGENCY})${SEPARATOR}(\d{6}|\d{8})${SEPARATOR}(\d{4,7})`;
const FULL_CODE = new RegExp(String.raw`(?<![a-z0-9.])${FULL_CODE_SOURCE}(?![0-9])`, "i");
const WHOLE_CODE = new RegExp(String.raw`^\s*${FULL_CODE_SOURCE}\s*\.?\s*$`, "i");
// Something code-like that did not parse as a whole: an agency part ("000.00.15.H31", "G09.20",
// "H42.25.06") followed by a dash and digits. Not preceded by a dot, so the tail of a national
// procedure code is not taken for one, and a bare "A12.03" (a room number) is not either.
const CODE_ATTEMPT = new RegExp(
  String.raw`(?<![a-z0-9.])(?:\d{3}\.\d{2}\.\d{2}\.[a-z]\d{2}|[a-z]\d{2}(?:\.\d{2}){1,3})\s*[${DASHES}]\s*\d`,
  "i",
);

/** Longest text searched: a code sits near the start of any real message. */
const MAX_SCAN = 2_000;

export type ReceiptCodeMatch =
  | { kind: "code"; code: string }
  | { kind: "malformed" }
  | { kind: "none" };

/** Finds a receipt code anywhere in free text. */
export function findReceiptCode(text: string): ReceiptCodeMatch {
  const sample = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const match = FULL_CODE.exec(sample);
  if (match) {
    const code = canonical(match);
    return code ? { kind: "code", code } : { kind: "malformed" };
  }
  return CODE_ATTEMPT.test(sample) ? { kind: "malformed" } : { kind: "none" };
}

/**
 * The canonical form of a value that should be a receipt code and nothing else (a register
 * cell, an API field), or undefined when it is not one.
 */
export function normalizeReceiptCode(value: string): string | undefined {
  if (value.length > 100) return undefined;
  const match = WHOLE_CODE.exec(value);
  return match ? canonical(match) : undefined;
}

function canonical(match: RegExpExecArray): string | undefined {
  const [, agency = "", date = "", sequence = ""] = match;
  if (!isPlausibleDate(date)) return undefined;
  return `${agency.replace(/\s+/g, "").toUpperCase()}-${date}-${sequence}`;
}

function isPlausibleDate(date: string): boolean {
  const digits = date.length === 8 ? date.slice(2) : date;
  if (date.length === 8 && !/^20/.test(date)) return false;
  const month = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}
