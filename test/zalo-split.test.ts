import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitText } from "../src/channels/zalo/split.js";

/** The text without any whitespace: cuts may only drop whitespace, never other characters. */
const squeeze = (text: string): string => text.replace(/\s+/g, "");

describe("splitText", () => {
  it("keeps a short text whole and drops surrounding whitespace", () => {
    expect(splitText("  Xin chào  \n")).toEqual(["Xin chào"]);
    expect(splitText("a".repeat(2000))).toEqual(["a".repeat(2000)]);
  });

  it("returns nothing for an empty or blank text (the API refuses empty messages)", () => {
    expect(splitText("")).toEqual([]);
    expect(splitText(" \n\n ")).toEqual([]);
  });

  it("cuts at paragraph breaks first", () => {
    const first = "A".repeat(1200);
    const second = "B".repeat(1200);
    const third = "C".repeat(500);
    expect(splitText(`${first}\n\n${second}\n\n${third}`)).toEqual([first, `${second}\n\n${third}`]);
  });

  it("cuts a long paragraph at line breaks", () => {
    const lines = Array.from({ length: 30 }, (_, index) => `${index + 1}. ${"x".repeat(95)}`);
    const pieces = splitText(lines.join("\n"));
    expect(pieces).toHaveLength(2);
    expect(pieces.join("\n")).toBe(lines.join("\n"));
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(2000);
  });

  it("cuts a single over-long line at a space, keeping words whole", () => {
    const words = Array.from({ length: 500 }, (_, index) => `từ${index}`).join(" ");
    const pieces = splitText(words, 1000);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(1000);
      expect(words).toContain(piece);
    }
    expect(pieces.join(" ")).toBe(words);
  });

  it("hard-cuts text without spaces and never separates a surrogate pair", () => {
    const emoji = "😀".repeat(1500);
    const pieces = splitText(`x${emoji}`);
    expect(pieces.join("")).toBe(`x${emoji}`);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(2000);
      expect(piece).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
  });

  it("rejects a nonsensical limit", () => {
    expect(() => splitText("abc", 1)).toThrow(RangeError);
  });

  it("for any text: pieces fit, are not blank, and lose nothing but whitespace", () => {
    const chunk = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom("\n", "\n\n", " ", "😀", "Lệ phí"),
      fc.string({ minLength: 100, maxLength: 900, unit: fc.constantFrom("a", "b", " ", "ệ") }),
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 40 }), fc.integer({ min: 2, max: 700 }), (parts, max) => {
        const text = parts.join("");
        const pieces = splitText(text, max);
        for (const piece of pieces) {
          expect(piece.length).toBeLessThanOrEqual(max);
          expect(piece.trim()).not.toBe("");
        }
        expect(squeeze(pieces.join(""))).toBe(squeeze(text));
      }),
      { numRuns: 300 },
    );
  });
});
