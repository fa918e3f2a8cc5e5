import { cpSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogCopies, contentIssues as issuesOf } from "./helpers/fixture-catalog.js";

describe("broken content", () => {
  const brokenCopy = catalogCopies("test/fixtures/catalog");

  it("reports every problem with file, field and a fix", async () => {
    const dir = brokenCopy((path) => {
      const file = join(path, "procedures", readdirSync(join(path, "procedures"))[0]!);
      writeFileSync(file, "id: Bad Id\ncode: 1.1\nname: x\n");
    });
    const issues = await issuesOf(dir);
    const fields = issues.map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(["id", "code", "topic", "documents", "legal", "source", "reviewed"]));
    for (const issue of issues) {
      expect(issue.file).toMatch(/^procedures\//);
      expect(issue.message.length).toBeGreaterThan(3);
    }
  });

  it("reports YAML syntax errors with the line", async () => {
    const dir = brokenCopy((path) => writeFileSync(join(path, "office.yaml"), "name: [unclosed\n"));
    const issues = await issuesOf(dir);
    expect(issues[0]?.file).toBe("office.yaml");
    expect(issues[0]?.field).toMatch(/^line \d+/);
  });

  it("rejects duplicate ids and unknown keys", async () => {
    const dir = brokenCopy((path) => {
      const folder = join(path, "procedures");
      const first = readdirSync(folder)[0]!;
      cpSync(join(folder, first), join(folder, `zz-copy.yaml`));
      writeFileSync(join(path, "synonyms.yaml"), "abbreviations: {}\ntypo_key: 1\n");
    });
    const issues = await issuesOf(dir);
    expect(issues.some((issue) => issue.field === "id" && issue.message.includes("also used"))).toBe(true);
    expect(issues.some((issue) => issue.file === "synonyms.yaml")).toBe(true);
  });

  it("says how to write a regional spelling that is not a word or an {as, withMarks} reading", async () => {
    const dir = brokenCopy((path) => writeFileSync(join(path, "lexicon", "regional.yaml"), "chừ: { as: giờ, withMarks: false }\nck: chồng\n"));
    const issues = await issuesOf(dir);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: "lexicon/regional.yaml", field: "chừ" });
    expect(issues[0]?.message).toContain("withMarks: true");
  });
});
