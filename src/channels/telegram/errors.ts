import { GrammyError } from "grammy";

/**
 * A log-safe description. grammY's own messages never contain the token, but the causes of
 * network errors can carry the request URL, which does; so only name, message and code go out.
 */
export function describeError(error: unknown): { type: string; message: string; code?: number } {
  if (error instanceof GrammyError) return { type: error.name, message: redactToken(error.message), code: error.error_code };
  if (error instanceof Error) return { type: error.name, message: redactToken(error.message) };
  return { type: typeof error, message: "non-error thrown" };
}

/** A second line of defence: anything shaped like a bot token is blanked out. */
function redactToken(text: string): string {
  return text.replace(/\d+:[A-Za-z0-9_-]{10,}/g, "[token]");
}
