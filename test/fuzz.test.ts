import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { createMemoryStore } from "../src/storage/store.js";
import { chat, testApp } from "./helpers/app.js";
import { FIXTURE_CATALOG } from "./helpers/fixture-catalog.js";

/**
 * Hostile and odd input must never throw, and every reply stays within channel limits. 10,000
 * generated inputs mix random Unicode with the shapes people and attackers actually send.
 */
let app: App;
beforeAll(async () => {
  app = await testApp(createMemoryStore(), FIXTURE_CATALOG);
});

const hostile = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.constantFrom(
    "",
    "   \n\t  ",
    "\u200b\u200c\u200d\ufeff",
    "\u0000\u0001\u0007\u001b[31m",
    "😂😂😂🙏",
    "<script>alert(1)</script>",
    "<b>khai sinh</b> & <i>kết hôn</i>",
    "**bold** _it_ `code` [link](http://x)",
    "'; DROP TABLE sessions; --",
    "SELECT * FROM users WHERE 1=1",
    "{{7*7}} ${process.env}",
    "/start ../../etc/passwd",
    "/lang xx",
    "1".repeat(5000),
  ),
  fc.tuple(fc.constantFrom("khai sinh ", "kết hôn ", "chứng thực ", "/start "), fc.string({ maxLength: 100 })).map(
    ([prefix, rest]) => prefix + rest,
  ),
);

function checkLimits(outcome: Awaited<ReturnType<ReturnType<typeof chat>["say"]>>): void {
  expect(outcome.replies.length).toBeGreaterThan(0);
  for (const reply of outcome.replies) {
    for (const block of reply.blocks) for (const line of block.lines) expect(line.length).toBeLessThanOrEqual(1500);
    expect((reply.choices ?? []).length).toBeLessThanOrEqual(20);
  }
  expect(outcome.candidates.length).toBeLessThanOrEqual(5);
}

describe("bad input", () => {
  it("never throws on 10,000 generated inputs and answers within limits", async () => {
    const conversation = chat(app, "fuzz");
    await fc.assert(
      fc.asyncProperty(hostile, async (text) => {
        checkLimits(await conversation.say(text));
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);

  it("handles a 100 KB message", async () => {
    const big = "làm giấy khai sinh ".repeat(6000);
    expect(big.length).toBeGreaterThan(100_000);
    const outcome = await chat(app).say(big);
    checkLimits(outcome);
    expect(outcome.procedure?.code).toBe("1.001193");
  });

  it("does not echo markup back", async () => {
    const outcome = await chat(app).say("<script>alert(1)</script>");
    const text = JSON.stringify(outcome.replies);
    expect(text).not.toContain("<script>");
  });
});
