/**
 * Choice payloads of this feature ("q:…"; Telegram callback data stays far below 64 bytes):
 *   q:ask[:<usage-log id>]  open a question (from the search it follows, for the report)
 *   q:done                  finish the open question
 *   q:cancel                stop writing a question
 */
export type HandoffChoice = { kind: "ask"; event?: number } | { kind: "done" } | { kind: "cancel" };

const PREFIX = "q:";

export const handoffPayload = {
  ask: (event?: number) => (event === undefined ? "q:ask" : `q:ask:${event}`),
  done: "q:done",
  cancel: "q:cancel",
};

export function parseHandoffChoice(payload: string | undefined): HandoffChoice | null {
  if (!payload?.startsWith(PREFIX)) return null;
  const [, kind, extra] = payload.split(":");
  if (kind === "done") return { kind: "done" };
  if (kind === "cancel") return { kind: "cancel" };
  if (kind !== "ask") return null;
  const event = extra === undefined ? undefined : Number(extra);
  return event !== undefined && Number.isSafeInteger(event) && event > 0 ? { kind: "ask", event } : { kind: "ask" };
}
