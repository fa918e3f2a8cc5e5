import type { ReceiptCodeMatch } from "../../dossiers/receipt-code.js";
import { outcome, type Turn } from "../context.js";
import type { Outcome } from "../types.js";

/**
 * Dossier status. The dossier store arrives in a later issue; until then the bot recognises
 * the code and says plainly that it cannot look it up yet, and where the citizen can.
 */
export function answerStatus(turn: Turn, receipt: ReceiptCodeMatch): Outcome {
  const { messages, catalog } = turn;
  if (receipt.kind === "malformed") return outcome("status", [{ blocks: [{ lines: messages.statusBadCode }] }]);
  if (receipt.kind === "none") return outcome("status", [{ blocks: [{ lines: messages.statusNeedCode }] }]);
  const lines = [messages.statusFound(receipt.code), ...messages.statusNotAvailable(catalog.office.onlinePortal, catalog.office.phone)];
  return outcome("status", [{ blocks: [{ lines }] }], { receiptCode: receipt.code });
}
