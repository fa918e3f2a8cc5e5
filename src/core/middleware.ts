import type { Turn } from "./context.js";
import type { Outcome } from "./types.js";

/**
 * A feature's hook into every turn, in the style of grammY's middleware: it may answer the
 * turn itself, or call `next()` and then adjust the outcome (add a choice, record what was
 * asked). Features are composed in a fixed order in front of the catalog router, so the bot
 * reads top-down: staff commands, open conversations, then questions about procedures.
 */
export type Middleware = (turn: Turn, next: () => Promise<Outcome>) => Promise<Outcome>;

/** One middleware that runs `middlewares` in order and ends in `terminal`. */
export function compose(middlewares: readonly Middleware[], terminal: (turn: Turn) => Promise<Outcome>): (turn: Turn) => Promise<Outcome> {
  return (turn) => {
    const run = (index: number): Promise<Outcome> => {
      const middleware = middlewares[index];
      if (!middleware) return terminal(turn);
      let called = false;
      return middleware(turn, () => {
        // Calling next twice would run the rest of the chain twice (double answers, double writes).
        if (called) throw new Error("next() called twice in one middleware");
        called = true;
        return run(index + 1);
      });
    };
    return run(0);
  };
}
