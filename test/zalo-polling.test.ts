import { describe, expect, it } from "vitest";
import { backoff } from "../src/channels/zalo/polling.js";

describe("backoff", () => {
  it("doubles from the base and stops at the cap", () => {
    expect([1, 2, 3, 4, 5, 100].map((failures) => backoff(failures, 1000, 5000))).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
  });
});
