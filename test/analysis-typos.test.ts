import { describe, expect, it } from "vitest";
import { withinOneEdit } from "../src/analysis/typos.js";

describe("withinOneEdit", () => {
  it("accepts one letter added, dropped, changed or two neighbours swapped", () => {
    expect(withinOneEdit("nhiu", "nhieu")).toBe(true);
    expect(withinOneEdit("nhieeu", "nhieu")).toBe(true);
    expect(withinOneEdit("giat", "giay")).toBe(true);
    expect(withinOneEdit("giya", "giay")).toBe(true);
    expect(withinOneEdit("giay", "giay")).toBe(true);
  });

  it("rejects two edits", () => {
    expect(withinOneEdit("nhu", "nhieu")).toBe(false);
    expect(withinOneEdit("gyia", "giay")).toBe(false);
    expect(withinOneEdit("abcd", "badc")).toBe(false);
    expect(withinOneEdit("tien", "tuan")).toBe(false);
  });
});
