import { outcome, type Turn } from "../context.js";
import type { Outcome } from "../types.js";

/** Subscriptions are recognised now and built in the broadcast issue; the answer says so. */
export function answerSubscribe(turn: Turn): Outcome {
  return outcome("subscribe", [{ blocks: [{ lines: turn.messages.subscribeNotAvailable }] }]);
}

export function answerUnsubscribe(turn: Turn): Outcome {
  return outcome("unsubscribe", [{ blocks: [{ lines: turn.messages.unsubscribeNotAvailable }] }]);
}
