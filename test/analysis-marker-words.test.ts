import { describe, expect, it } from "vitest";
import type { Span } from "../src/analysis/analyzer.js";
import { lexiconSchema } from "../src/analysis/lexicon.js";
import { MarkerWords } from "../src/analysis/marker-words.js";
import { tokenizeTyped } from "../src/analysis/tokens.js";
import { WordSet } from "../src/analysis/word-set.js";

const word = (text: string) => tokenizeTyped(text)[0]!;

describe("a word list", () => {
  const set = new WordSet(["không", "giấy", { word: "chả", withMarks: true }]);

  it("matches a word typed with its marks or without any", () => {
    expect(set.has(word("không"))).toBe(true);
    expect(set.has(word("khong"))).toBe(true);
    expect(set.has(word("giay"))).toBe(true);
  });

  it("does not match a word typed with other marks", () => {
    expect(set.has(word("khống"))).toBe(false);
    expect(set.has(word("giày"))).toBe(false);
  });

  it("matches a withMarks word only as typed with its marks", () => {
    expect(set.has(word("chả"))).toBe(true);
    expect(set.has(word("cha"))).toBe(false);
    expect(set.has(word("chà"))).toBe(false);
  });
});

describe("the marker lists", () => {
  const markers = new MarkerWords(
    lexiconSchema.shape.markers.parse({
      negations: ["không", "chưa"],
      unsure: ["biết"],
      refusals: ["đừng"],
      purposes: ["để", { word: "đặng", withMarks: true }],
      counters: ["bản", "cái"],
    }),
  );
  /** The span of the last `length` words of the text. */
  const last = (text: string, length = 1) => {
    const tokens = tokenizeTyped(text);
    const span: Span = { kind: "outOfScope", start: tokens.length - length, end: tokens.length, output: [] };
    return [tokens, span] as const;
  };

  it("reads a denial within reach and in the same clause", () => {
    expect(markers.denied(...last("tôi không muốn làm hộ chiếu", 2))).toBe(true);
    expect(markers.denied(...last("tôi không, muốn làm hộ chiếu", 2))).toBe(false);
    expect(markers.denied(...last("không có tiền nên tôi muốn làm hộ chiếu", 2))).toBe(false);
  });

  it("reads 'không biết' as a question, not a denial", () => {
    expect(markers.denied(...last("không biết làm hộ chiếu", 2))).toBe(false);
  });

  it("reads a refusal or a denial before a subscription", () => {
    expect(markers.refused(...last("đừng nhận tin", 2))).toBe(true);
    expect(markers.refused(...last("không nhận tin", 2))).toBe(true);
    expect(markers.refused(...last("muốn nhận tin", 2))).toBe(false);
  });

  it("reads a purpose word only as typed when the list says so", () => {
    expect(markers.purpose(...last("chứng thực để nộp nhập học", 2))).toBe(true);
    expect(markers.purpose(...last("chứng thực đặng nộp nhập học", 2))).toBe(true);
    expect(markers.purpose(...last("dang nop nhap hoc", 2))).toBe(false);
  });

  it("counts numbers and counting words", () => {
    expect(tokenizeTyped("công chứng 2 bản cái").map((token) => markers.counts(token))).toEqual([false, false, true, true, true]);
  });
});

describe("the marker schema", () => {
  it("rejects an entry of several words with a clear message", () => {
    const parsed = lexiconSchema.shape.markers.safeParse({ negations: ["không muốn"] });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/word: chả, withMarks: true|one word per entry/);
  });
});
