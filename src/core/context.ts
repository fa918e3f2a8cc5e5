import type { Catalog } from "../catalog/schema.js";
import type { SearchIndex } from "../catalog/search.js";
import type { CardContext } from "./cards.js";
import type { Messages } from "./messages/index.js";
import type { Session } from "./session.js";
import type { Incoming, Intent, Outcome, Reply } from "./types.js";

/** Everything a handler may read for one turn; handlers change only `session`. */
export interface Turn {
  incoming: Incoming;
  session: Session;
  messages: Messages;
  catalog: Catalog;
  index: SearchIndex;
  cards: CardContext;
}

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
  };
}

export function procedureRef(procedure: { id: string; code: string; name: string }): Outcome["procedure"] {
  return { id: procedure.id, code: procedure.code, name: procedure.name };
}

