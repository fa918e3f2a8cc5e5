import { fold } from "../catalog/normalize.js";

/**
 * Recognises a poster short code sent as a message: "TT 12", "tt12", "TT-12", "Gửi: TT 12"
 * (copied with the poster's own wording), "mã TT 012". Only a message that is nothing but the
 * code matches, so "tt" used as an abbreviation inside a question is left to the search.
 */
const SHORT_CODE = /^(?:(?:gui|ma|ngan|so|xem)\s)*tt\s?0*([1-9]\d{0,3})$/;
/** Longer than any way of writing a code: not worth folding. */
const MAX_LENGTH = 40;

/** The code's number, or null when the text is not a short code. */
export function matchShortCode(text: string): number | null {
  if (text.length > MAX_LENGTH) return null;
  const match = SHORT_CODE.exec(fold(text));
  return match ? Number(match[1]) : null;
}
