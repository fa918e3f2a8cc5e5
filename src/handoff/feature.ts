import type { Middleware } from "../core/middleware.js";
import type { Outcome } from "../core/types.js";
import type { HandoffContext } from "./context.js";
import { offerStaff } from "./offer.js";
import { residentTurn } from "./resident.js";
import { staffTurn } from "./staff.js";

/**
 * The questions-to-staff feature as one middleware: staff commands and replies first, then a
 * resident's open question or question being written, then the catalog (`next`), whose
 * answer is logged and, where it helps, offered "Hỏi cán bộ". Register it first among the
 * features so it sees every outcome (lookups and views are counted for the reports).
 */
export function handoffFeature(context: HandoffContext): Middleware {
  return async (turn, next) => {
    const staff = await staffTurn(context, turn);
    if (staff) return staff;
    const decision = await residentTurn(context, turn);
    if (decision?.kind === "answered") return decision.outcome;
    const offered = await offerStaff(context, turn, await next(), { inThread: decision?.inThread ?? false });
    return decision?.note ? withNote(offered, decision.note) : offered;
  };
}

/** A line before the answer (which mode the chat is in), inside the first reply so choices stay last. */
function withNote(result: Outcome, note: string): Outcome {
  const [first, ...rest] = result.replies;
  if (!first) return { ...result, replies: [{ blocks: [{ lines: [note] }] }] };
  return { ...result, replies: [{ ...first, blocks: [{ lines: [note] }, ...first.blocks] }, ...rest] };
}
