import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { killAndResume } from "../scripts/bench/broadcasts.js";
import { TEST_CONTENT_DIR } from "./helpers/app.js";

/**
 * The delivery guarantee of campaigns (README "Delivery and guarantees"), on the real bot
 * process: killed with SIGKILL in the middle of a campaign and started again on the same
 * SQLite store, it resumes where it stopped. Nobody is left out, and only the messages that
 * were in flight at the kill may arrive twice. The same run, at 20,000 subscribers and on
 * PostgreSQL too, is part of `npm run bench`.
 */
describe("a campaign across a hard kill", () => {
  // The bot process takes its environment from this one: the fixture catalog, not content/.
  beforeAll(() => void vi.stubEnv("CONTENT_DIR", TEST_CONTENT_DIR));
  afterAll(() => void vi.unstubAllEnvs());

  it("reaches every subscriber after a restart, repeating at most what was in flight", async () => {
    const result = await killAndResume({ backend: "sqlite", subscribers: 300, killAfter: 60, perSecond: 100, timeoutMs: 60_000 });
    // The kill must land mid-campaign, or this proves nothing about resuming.
    expect(result.sentBeforeKill).toBeGreaterThan(0);
    expect(result.sentBeforeKill).toBeLessThan(result.subscribers);
    expect(result.lost, result.logs).toBe(0);
    expect(result.duplicates).toBeLessThanOrEqual(result.inFlight);
  }, 90_000);
});
