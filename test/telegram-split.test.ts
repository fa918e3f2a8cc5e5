import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeHtml } from "../src/channels/telegram/render.js";
import { splitHtml, TELEGRAM_TEXT_LIMIT } from "../src/channels/telegram/split.js";

/** Text without tags, entities decoded: what the user reads. */
function readable(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Every tag opened in a chunk is closed in it, in order, and no entity is cut. */
function wellFormed(html: string): boolean {
  const stack: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
    if (match[1] === "") stack.push(match[2] ?? "");
    else if (stack.pop() !== match[2]) return false;
  }
  const withoutEntities = html.replace(/&(amp|lt|gt);/g, "");
  return stack.length === 0 && !withoutEntities.includes("&") && !/<[^>]*$/.test(html);
}

function paragraph(index: number, length: number): string {
  const words: string[] = [];
  let text = `<b>Mục ${index}</b>\n`;
  while (text.length + words.join(" ").length < length) words.push(`chữ${index}`);
  text += words.join(" ");
  return text;
}

describe("splitHtml", () => {
  it("keeps a short message whole", () => {
    expect(splitHtml("<b>Lệ phí</b>\nMiễn lệ phí.")).toEqual(["<b>Lệ phí</b>\nMiễn lệ phí."]);
  });

  it("splits a 10,000-character reply into chunks under 4,096 at paragraph boundaries", () => {
    const paragraphs = Array.from({ length: 20 }, (_, index) => paragraph(index, 480));
    const html = paragraphs.join("\n\n");
    expect(html.length).toBeGreaterThan(9_500);

    const chunks = splitHtml(html);
    expect(chunks.length).toBe(3);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      // Each chunk is made of whole paragraphs.
      for (const part of chunk.split("\n\n")) expect(paragraphs).toContain(part);
    }
    expect(chunks.join("\n\n")).toBe(html);
  });

  it("falls back to line breaks inside a paragraph longer than the limit", () => {
    const lines = Array.from({ length: 60 }, (_, index) => `${index + 1}. ${"giấy tờ ".repeat(12)}&amp; bản sao`);
    const html = `<b>Giấy tờ</b>\n${lines.join("\n")}`;
    const chunks = splitHtml(html, 1_000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(1_000);
      expect(wellFormed(chunk)).toBe(true);
    }
    expect(chunks.join("\n")).toBe(html);
  });

  it("cuts a single overlong line between words, never inside an entity, reopening open tags", () => {
    const html = `<b>${"A&amp;B ".repeat(300)}</b>`;
    const chunks = splitHtml(html, 500);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(500);
      expect(chunk.startsWith("<b>")).toBe(true);
      expect(chunk.endsWith("</b>")).toBe(true);
      expect(wellFormed(chunk)).toBe(true);
    }
    expect(chunks.map(readable).join(" ")).toBe(readable(html));
  });

  it("never splits a surrogate pair, even without spaces", () => {
    const html = "😀".repeat(100);
    const chunks = splitHtml(html, 21);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(21);
      expect(chunk).toMatch(/^(?:😀)+$/u);
    }
    expect(chunks.join("")).toBe(html);
  });

  it("drops chunks that would be empty, which Telegram rejects", () => {
    expect(splitHtml("")).toEqual([]);
    expect(splitHtml("<b></b>\n\n  ")).toEqual([]);
  });

  it("keeps every chunk under the limit and well formed, losing no text (property)", () => {
    const block = fc.record({
      title: fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
      lines: fc.array(fc.string({ maxLength: 400 }), { maxLength: 8 }),
    });
    fc.assert(
      fc.property(fc.array(block, { maxLength: 12 }), fc.integer({ min: 64, max: 1_200 }), (blocks, limit) => {
        const html = blocks
          .map((item) => [item.title === undefined ? undefined : `<b>${escapeHtml(item.title)}</b>`, ...item.lines.map(escapeHtml)])
          .map((lines) => lines.filter((line) => line !== undefined).join("\n"))
          .join("\n\n");
        const chunks = splitHtml(html, limit);
        for (const chunk of chunks) {
          expect(chunk.length).toBeLessThanOrEqual(limit);
          expect(wellFormed(chunk)).toBe(true);
        }
        const squash = (text: string) => text.replace(/\s+/g, "");
        expect(squash(chunks.map(readable).join(""))).toBe(squash(readable(html)));
      }),
      { numRuns: 200 },
    );
  });
});
