import { topicSchema } from "../../catalog/schema.js";
import { outcome, type Turn } from "../context.js";
import { SECTIONS, type Outcome, type Section } from "../types.js";
import { topicList } from "./help.js";
import { showProcedure } from "./procedure.js";

/**
 * A picked choice: a button press on Telegram or a number typed on Zalo and in the terminal
 * both arrive here as the same payload, so both channels share one mechanism.
 */
export function answerChoice(turn: Turn, choice: string): Outcome {
  const [kind, id = "", extra = ""] = choice.split(":");
  if (kind === "p" || kind === "s") {
    const procedure = turn.index.byProcedureId(id);
    const section = kind === "s" && (SECTIONS as readonly string[]).includes(extra) ? (extra as Section) : null;
    if (procedure && (kind === "p" || section)) return showProcedure(turn, procedure, section);
  }
  if (kind === "t") {
    const topic = topicSchema.safeParse(id);
    const page = extra === "" ? 1 : Number(extra);
    if (topic.success && Number.isInteger(page) && page >= 1) return topicList(turn, topic.data, page);
  }
  return expired(turn);
}

/** A number typed by the user, resolved against the choices offered last. */
export function answerNumber(turn: Turn, value: number): Outcome | null {
  const pending = turn.session.pendingChoices;
  if (pending.length === 0) return null;
  const choice = pending[value - 1];
  if (!choice) {
    return outcome("unknown", [{ blocks: [{ lines: [turn.messages.choiceOutOfRange(pending.length)] }] }]);
  }
  return answerChoice(turn, choice);
}

function expired(turn: Turn): Outcome {
  return outcome("unknown", [{ blocks: [{ lines: [turn.messages.choiceExpired] }] }]);
}
