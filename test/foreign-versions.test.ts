import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foreignVersions } from "../src/catalog/foreign-versions.js";
import { SearchIndex } from "../src/catalog/search.js";
import type { Procedure, Synonyms } from "../src/catalog/schema.js";
import { chat, TEST_CONTENT_DIR, tempDir, testApp } from "./helpers/app.js";
import { writeProcedureVariants } from "./helpers/fixture-catalog.js";

const procedure = (id: string, name: string) => ({ id, code: id, name, aliases: [], keywords: [], audience: "Người dân" }) as unknown as Procedure;
const catalog = [
  procedure("birth", "Đăng ký khai sinh"),
  procedure("birth-again", "Đăng ký lại khai sinh"),
  procedure("birth-foreign", "Đăng ký khai sinh có yếu tố nước ngoài"),
  procedure("birth-again-foreign", "Đăng ký lại khai sinh có yếu tố nước ngoài"),
  procedure("correct", "Thay đổi, cải chính thông tin hộ tịch"),
  procedure("correct-foreign", "Đăng ký thay đổi, cải chính thông tin hộ tịch có yếu tố nước ngoài"),
  procedure("copy", "Cấp bản sao trích lục hộ tịch"),
];
const synonyms: Synonyms = { abbreviations: {}, phrases: {}, stopwords: ["có"], outOfScope: [], foreign: { means: "yếu tố nước ngoài", names: ["nước ngoài"], short: ["mỹ"], after: ["ở"], describes: [] } };

describe("foreign-element versions", () => {
  it("pairs each name with the same name plus the foreign marker, a leading 'Đăng ký' aside", () => {
    const words = (text: string) => text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").split(/[^a-z]+/).filter((word) => word && word !== "co");
    const versions = foreignVersions(catalog, words, ["yeu", "to", "nuoc", "ngoai"]);
    expect(Object.fromEntries([...versions].map(([id, version]) => [id, version.id]))).toEqual({
      birth: "birth-foreign",
      "birth-again": "birth-again-foreign",
      correct: "correct-foreign",
    });
    expect(foreignVersions(catalog, words, []).size).toBe(0);
  });

  it("are known to the search index from its own analysis of the names", () => {
    const index = new SearchIndex(catalog, synonyms);
    expect(index.foreignMarker).toEqual(["yeu", "to", "nuoc", "ngoai"]);
    expect(index.foreignVersionOf(catalog[1]!)?.id).toBe("birth-again-foreign");
    expect(index.isForeignVersion(catalog[3]!)).toBe(true);
    expect(index.isForeignVersion(catalog[1]!)).toBe(false);
    expect(index.foreignVersionOf(catalog[6]!)).toBeUndefined();
  });
});

describe("a question about a foreign-element procedure", () => {
  it("gets the foreign version of the domestic procedure it names, not the plainest foreign one", async () => {
    const dir = tempDir();
    cpSync(TEST_CONTENT_DIR, dir.path, { recursive: true });
    writeProcedureVariants(dir.path, [
      { file: "9.000901.yaml", id: "khai-sinh-nn", code: "9.000901", name: "Đăng ký khai sinh có yếu tố nước ngoài", aliases: ["khai sinh cho con lai"], keywords: ["quốc tịch"] },
      { file: "9.000902.yaml", id: "dang-ky-lai-khai-sinh", code: "9.000902", name: "Đăng ký lại khai sinh", aliases: ["làm lại khai sinh bị mất sổ"], keywords: ["mất sổ"] },
      { file: "9.000903.yaml", id: "dang-ky-lai-khai-sinh-nn", code: "9.000903", name: "Đăng ký lại khai sinh có yếu tố nước ngoài", aliases: ["khai sinh lại cho người ở nước ngoài"], keywords: ["mất sổ ở nước ngoài"] },
    ]);
    const synonymsFile = join(dir.path, "synonyms.yaml");
    // "có" is filler, as in the real synonyms, so "… có yếu tố nước ngoài" is a name plus the marker.
    const synonymsText = readFileSync(synonymsFile, "utf8").replace(/^stopwords: \[/m, "stopwords: [có, ");
    writeFileSync(synonymsFile, `${synonymsText}\nforeign:\n  means: yếu tố nước ngoài\n  names: [nước ngoài]\n  short: [mỹ]\n  after: [ở]\n`);
    const app = await testApp(undefined, dir.path);
    try {
      const outcome = await chat(app).say("hồi nhỏ khai sinh ở xã, nay ở Mỹ, đăng ký lại khai sinh");
      expect(outcome.procedure?.code).toBe("9.000903");
      // Without a clear domestic procedure named, search decides as before.
      expect((await chat(app).say("khai sinh cho con lai ở Mỹ")).procedure?.code).toBe("9.000901");
    } finally {
      await app.close();
      dir.remove();
    }
  });
});
