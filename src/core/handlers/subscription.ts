import { outcome, type Turn } from "../context.js";
import type { Outcome } from "../types.js";

/**
 * The core only recognises a request to (un)subscribe; the subscriptions feature
 * (src/subscriptions/feature.ts, a middleware) answers these turns from the records store. This
 * answer is what a core without that feature (a one-shot tool) says.
 */
export function answerSubscribe(turn: Turn): Outcome {
  return outcome("subscribe", [{ blocks: [{ lines: turn.messages.subscribeNotAvailable }] }]);
}

export function answerUnsubscribe(turn: Turn): Outcome {
  return outcome("unsubscribe", [{ blocks: [{ lines: turn.messages.unsubscribeNotAvailable }] }]);
}
