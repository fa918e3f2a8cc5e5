import type { Catalog } from "../catalog/schema.js";
import type { SearchIndex } from "../catalog/search.js";
import type { CardContext } from "./cards.js";
import type { Messages } from "./messages/index.js";
import type { Session } from "./session.js";
import type { Incoming, Intent, Language, Outcome, Reply } from "./types.js";

/** Everything a handler may read for one turn; handlers change only `session`. */
export interface Turn {
  incoming: Incoming;
  session: Session;
  language: Language;
  messages: Messages;
  catalog: Catalog;
  index: SearchIndex;
  cards: CardContext;
  /** Whether the sender is a configured staff member (STAFF_TELEGRAM_IDS / STAFF_ZALO_IDS). */
  staff: boolean;
  /** The time of this turn, epoch milliseconds. */
  now: number;
}

/**
 * An outcome in the turn's language. Handlers build replies; the language comes from the
 * turn (the core sets it again after the chain, so a handler cannot get it wrong).
 */
export function outcome(
  intent: Intent,
  replies: Reply[],
  extra: Partial<Omit<Outcome, "intent" | "replies">> = {},
): Outcome {
  return {
    intent,
    replies,
    procedure: extra.procedure ?? null,
    section: extra.section ?? null,
    candidates: extra.candidates ?? [],
    receiptCode: extra.receiptCode ?? null,
    language: extra.language ?? "vi",
    outbound: extra.outbound ?? [],
  };
}

export function procedureRef(procedure: { id: string; code: string; name: string }): Outcome["procedure"] {
  return { id: procedure.id, code: procedure.code, name: procedure.name };
}

