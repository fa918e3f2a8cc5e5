import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Constant-time comparison of a received secret with the configured one. Both sides are
 * hashed first so the comparison takes the same time whatever their lengths.
 */
export function secretMatches(received: string | string[] | undefined, expected: string): boolean {
  if (typeof received !== "string") return false;
  const a = createHash("sha256").update(received).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
