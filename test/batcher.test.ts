import { describe, expect, it } from "vitest";
import { Batcher } from "../src/util/batcher.js";

describe("Batcher", () => {
  it("writes calls made together in one batch and answers each with its own output", async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, string>(async (inputs) => {
      batches.push(inputs);
      return inputs.map((input) => `#${input}`);
    });
    const outputs = await Promise.all([1, 2, 3].map((input) => batcher.submit(input)));
    expect(outputs).toEqual(["#1", "#2", "#3"]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it("gathers calls made during a write into the next batch", async () => {
    const batches: number[][] = [];
    let release = () => undefined as void;
    const batcher = new Batcher<number, number>(async (inputs) => {
      batches.push(inputs);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return inputs;
    });
    const first = batcher.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [batcher.submit(2), batcher.submit(3)];
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it("fails every call of a failed batch, and keeps working for the next", async () => {
    let fail = true;
    const batcher = new Batcher<number, number>(async (inputs) => {
      if (fail) throw new Error("database down");
      return inputs;
    });
    const results = await Promise.allSettled([batcher.submit(1), batcher.submit(2)]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await batcher.submit(3)).toBe(3);
  });

  it("caps the size of a batch", async () => {
    const sizes: number[] = [];
    const batcher = new Batcher<number, number>(async (inputs) => (sizes.push(inputs.length), inputs), 2);
    await Promise.all([1, 2, 3, 4, 5].map((input) => batcher.submit(input)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});
