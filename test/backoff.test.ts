import { describe, expect, it } from "vitest";
import { backoffDelay } from "../src/util/backoff.js";

describe("backoffDelay", () => {
  it("doubles from the base and stops at the cap", () => {
    expect([1, 2, 3, 4, 5, 100].map((failures) => backoffDelay(failures, { baseMs: 1000, maxMs: 5000 }))).toEqual([
      1000, 2000, 4000, 5000, 5000, 5000,
    ]);
  });

  it("spreads waits by the jitter share, never below zero", () => {
    const waits = Array.from({ length: 200 }, () => backoffDelay(3, { baseMs: 1000, maxMs: 60_000, jitter: 0.2 }));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(3200);
    expect(Math.max(...waits)).toBeLessThanOrEqual(4800);
    expect(new Set(waits).size).toBeGreaterThan(10);
  });
});
