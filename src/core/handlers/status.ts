import type { ReceiptCodeMatch } from "../../dossiers/receipt-code.js";
import { outcome, type Turn } from "../context.js";
import type { Outcome } from "../types.js";

/**
 * Dossier status without the dossier feature (a core built alone, e.g. in tests): the code is
 * recognised and the answer says plainly that it cannot be looked up here, and where it can.
 * The app's dossier feature answers first when it is installed.
 */
export function answerStatus(turn: Turn, receipt: ReceiptCodeMatch): Outcome {
  const { messages, catalog } = turn;
  if (receipt.kind === "malformed") return outcome("status", [{ blocks: [{ lines: messages.statusBadCode }] }]);
  if (receipt.kind === "none") return outcome("status", [{ blocks: [{ lines: messages.statusNeedCode }] }]);
  const lines = [messages.statusFound(receipt.code), ...messages.statusNotAvailable(catalog.office.onlinePortal, catalog.office.phone)];
  return outcome("status", [{ blocks: [{ lines }] }], { receiptCode: receipt.code });
}
