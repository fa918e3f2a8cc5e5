import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { SearchIndex } from "../src/catalog/search.js";
import type { Procedure, Synonyms } from "../src/catalog/schema.js";
import { chat, testApp } from "./helpers/app.js";
import { copyFixtureCatalog, writeProcedureVariants } from "./helpers/fixture-catalog.js";

/**
 * A family of procedures around one paper (a building permit: first issue, extension, change):
 * the family's name alone asks the plain member; naming also what tells a sibling apart asks the sibling.
 */
describe("a sibling procedure named by what tells it apart", () => {
  let app: App;
  let catalog: ReturnType<typeof copyFixtureCatalog>;
  beforeAll(async () => {
    catalog = copyFixtureCatalog();
    writeProcedureVariants(catalog.path, [
      { file: "9.000911.yaml", id: "gpxd", code: "9.000911", name: "Cấp giấy phép xây dựng mới", aliases: ["giấy phép xây dựng", "xin phép xây nhà"], keywords: ["bản vẽ thiết kế", "khởi công xây nhà"] },
      { file: "9.000912.yaml", id: "gpxd-gia-han", code: "9.000912", name: "Gia hạn giấy phép xây dựng", aliases: ["gia hạn giấy phép xây dựng"], keywords: ["chưa khởi công", "cũ"] },
      { file: "9.000913.yaml", id: "gpxd-dieu-chinh", code: "9.000913", name: "Điều chỉnh giấy phép xây dựng đối với nhà ở", aliases: ["điều chỉnh giấy phép xây dựng"], keywords: ["đổi thiết kế"] },
      { file: "9.000914.yaml", id: "gpxd-cap-lai", code: "9.000914", name: "Cấp lại giấy phép xây dựng", aliases: ["giấy phép bị nhòe"], keywords: ["nhòe chữ"] },
    ]);
    app = await testApp(undefined, catalog.path);
  });
  afterAll(async () => {
    await app.close();
    catalog.remove();
  });
  const ask = (text: string) => chat(app, `sibling-${Math.random()}`).say(text);

  it("answers the sibling when the message names the family and what only the sibling holds", async () => {
    for (const [question, sibling] of [
      ["có giấy phép xây dựng rồi, nay chưa khởi công", "9.000912"],
      ["có giấy phép xây dựng rồi, giờ đổi thiết kế", "9.000913"],
    ] as const) {
      // Search alone ranks the plain member first: its alias is the family's whole name.
      expect(app.index.search(question)[0]?.procedure.code).toBe("9.000911");
      expect((await ask(question)).procedure?.code).toBe(sibling);
    }
  });

  it("answers the sibling whose official name holds a loose word the plain member never mentions ('lại')", async () => {
    const question = "giấy phép xây dựng của nhà bị thất lạc, giấy phép xây dựng xin lại được không";
    expect(app.index.search(question)[0]?.procedure.code).toBe("9.000911");
    expect((await ask(question)).procedure?.code).toBe("9.000914");
  });

  it("answers the plain member when nothing else is named", async () => {
    expect((await ask("xin giấy phép xây dựng cần giấy tờ gì")).procedure?.code).toBe("9.000911");
    // One word held by a sibling ("cũ") is too often the story to tell it apart.
    expect((await ask("xin giấy phép xây dựng cho nhà cũ")).procedure?.code).toBe("9.000911");
  });
});

describe("what a procedure's phrases hold", () => {
  const procedure = { id: "permit", code: "permit", name: "Cấp giấy phép xây dựng đối với nhà ở", aliases: [], keywords: ["bản vẽ thiết kế"], audience: "Hộ gia đình" } as unknown as Procedure;
  const synonyms: Synonyms = { abbreviations: {}, phrases: {}, stopwords: [], outOfScope: [] };
  const index = new SearchIndex([procedure], synonyms);

  it("holds words only when one name, alias or keyword has them all", () => {
    expect(index.holds(procedure, ["thiet", "ke"])).toBe(true);
    // "đối" of the name and "thiết kế" of a keyword fold to "đổi thiết kế" only across two phrases.
    expect(index.holds(procedure, ["doi", "thiet", "ke"])).toBe(false);
  });

  it("tells the official name from the other phrases", () => {
    expect(index.nameHolds(procedure, ["giay", "phep", "xay", "dung"])).toBe(true);
    expect(index.nameHolds(procedure, ["thiet", "ke"])).toBe(false);
  });
});
