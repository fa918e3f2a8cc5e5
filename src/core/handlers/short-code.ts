import { formatShortCode } from "../../catalog/short-codes.js";
import { outcome, type Turn } from "../context.js";
import { matchShortCode } from "../short-code.js";
import type { Outcome } from "../types.js";
import { showProcedure } from "./procedure.js";

/**
 * "TT 12" from a poster opens that procedure's card, the same card on every channel. An
 * unknown or retired code says so instead of searching for the letters "tt". Null when the
 * text is not a short code.
 */
export function answerShortCode(turn: Turn, text: string): Outcome | null {
  const number = matchShortCode(text);
  if (number === null) return null;
  const id = turn.catalog.shortCodes.procedureIdOf(number);
  const procedure = id === undefined ? undefined : turn.catalog.procedures.find((candidate) => candidate.id === id);
  if (procedure) return showProcedure(turn, procedure, null);
  return outcome("unknown", [{ blocks: [{ lines: [turn.messages.shortCodeUnknown(formatShortCode(number))] }] }]);
}
