import { cpSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ContentError, loadCatalog } from "../src/catalog/load.js";
import { tempDir } from "./helpers/app.js";

const REQUIRED_CODES = `1.001193 2.000986 1.000656 1.006714 1.000894 1.004873 2.000635 1.004884 1.004859 1.001022
 1.000689 1.004837 1.004746 1.005461 2.000528 2.000806 2.000815 2.000884 2.001035 2.000913 2.001406 2.001016 1.001612
 2.000720 1.001570 1.001266 1.001776 1.001731 1.001699 1.014027 1.011606 1.013978 1.012812`.split(/\s+/).filter(Boolean);

describe("bundled catalog", () => {
  it("holds every required procedure with legal basis, review date and source", async () => {
    const catalog = await loadCatalog("content");
    const codes = catalog.procedures.map((procedure) => procedure.code);
    expect(codes).toEqual(expect.arrayContaining(REQUIRED_CODES));
    for (const procedure of catalog.procedures) {
      expect(procedure.legal.length, procedure.code).toBeGreaterThan(0);
      expect(procedure.reviewed, procedure.code).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(procedure.source.length, procedure.code).toBeGreaterThan(10);
    }
  });

  it("never states a provincial fee amount for a province it does not know", async () => {
    const catalog = await loadCatalog("content");
    for (const procedure of catalog.procedures) {
      for (const province of Object.keys(procedure.fee.byProvince ?? {})) {
        expect(province, procedure.code).toBe("Hải Phòng");
      }
    }
  });
});

describe("broken content", () => {
  function brokenCopy(edit: (dir: string) => void): string {
    const dir = tempDir().path;
    cpSync("test/fixtures/catalog", dir, { recursive: true });
    edit(dir);
    return dir;
  }

  async function issuesOf(dir: string) {
    try {
      await loadCatalog(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(ContentError);
      return (error as ContentError).issues;
    }
    throw new Error("content was accepted");
  }

  it("reports every problem with file, field and a fix", async () => {
    const dir = brokenCopy((path) => {
      const file = join(path, "procedures", readdirSync(join(path, "procedures"))[0]!);
      writeFileSync(file, "id: Bad Id\ncode: 1.1\nname: x\n");
    });
    const issues = await issuesOf(dir);
    const fields = issues.map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(["id", "code", "topic", "documents", "legal", "reviewed"]));
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
});
