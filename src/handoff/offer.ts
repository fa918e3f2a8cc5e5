import type { Turn } from "../core/context.js";
import { MIN_SCORE } from "../core/handlers/procedure.js";
import type { Choice, Outcome, Reply } from "../core/types.js";
import type { UsageKind } from "../reports/tables.js";
import { safeError } from "../logging/safe-error.js";
import { isResidentChat, originOf, textsOf, type HandoffContext } from "./context.js";
import { handoffPayload } from "./payloads.js";

/**
 * After the catalog answered: what kind of answer it was, logged for the reports, and
 * "Hỏi cán bộ" added as the last choice after a "not found", a low-confidence guess and a
 * procedure card. The catalog handlers are not touched; this reads their outcome.
 */

/** A card shown for a question that fits it less than this is a guess. */
export const GUESS_SCORE = MIN_SCORE + 0.1;

type Verdict = Exclude<UsageKind, "handoff">;

export async function offerStaff(context: HandoffContext, turn: Turn, result: Outcome, options: { inThread: boolean }): Promise<Outcome> {
  const verdict = classify(turn, result);
  if (!verdict) return result;
  const event = await log(context, turn, result, verdict);
  const offered = verdict !== "lookup" && context.desk.enabled && isResidentChat(turn.incoming) && !options.inThread;
  return offered ? withAskChoice(turn, result, event) : result;
}

/** What the catalog's outcome was, in the report's terms; undefined for help, commands and the like. */
export function classify(turn: Turn, result: Outcome): Verdict | undefined {
  const typed = turn.incoming.kind === "text";
  if (result.intent === "status") return result.receiptCode ? "lookup" : undefined;
  const [top] = result.candidates;
  if (result.procedure) {
    const guessed = typed && top !== undefined && top.id === result.procedure.id && top.score < GUESS_SCORE;
    return guessed ? "guess" : "view";
  }
  if (!typed) return undefined;
  const first = result.replies[0]?.blocks[0];
  if (result.intent === "unknown" && first?.title === turn.messages.notFoundTitle) return "not-found";
  // A choice among procedures none of which fits well enough to be shown.
  const choices = result.replies.at(-1)?.choices ?? [];
  const procedureChoices = choices.length > 0 && choices.every((choice) => /^[ps]:/.test(choice.payload));
  if (result.intent === "procedure" && procedureChoices && (top === undefined || top.score < MIN_SCORE)) return "guess";
  return undefined;
}

async function log(context: HandoffContext, turn: Turn, result: Outcome, verdict: Verdict): Promise<number | undefined> {
  const { incoming } = turn;
  try {
    return await context.usage.record({
      channel: incoming.channel,
      kind: verdict,
      // Lookups keep no text: it is a receipt code.
      ...(incoming.kind === "text" && verdict !== "lookup" ? { text: incoming.text ?? "" } : {}),
      ...(result.procedure ? { procedureId: result.procedure.id } : {}),
      origin: originOf(incoming, verdict),
    });
  } catch (error) {
    // The log serves reports; the resident's answer must not wait for it or fail with it.
    context.logger?.warn({ err: safeError(error), channel: incoming.channel }, "usage log not written");
    return undefined;
  }
}

function withAskChoice(turn: Turn, result: Outcome, event: number | undefined): Outcome {
  const last = result.replies.at(-1);
  if (!last) return result;
  const text = textsOf(turn);
  const choice: Choice = { label: text.askButton, payload: handoffPayload.ask(event) };
  const choices = [...(last.choices ?? []), choice];
  const extended: Reply = { ...last, choices, choicesPrompt: promptFor(turn, last, choices.length) };
  return { ...result, replies: [...result.replies.slice(0, -1), extended] };
}

/** Keeps "type 1 to 3" right with one more choice; gives a prompt where there was none. */
function promptFor(turn: Turn, reply: Reply, count: number): string | undefined {
  const before = reply.choices?.length ?? 0;
  if (before === 0) return textsOf(turn).askByNumber;
  if (reply.choicesPrompt === turn.messages.chooseByNumber(before)) return turn.messages.chooseByNumber(count);
  return reply.choicesPrompt;
}
