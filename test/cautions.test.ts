import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load.js";
import type { Catalog, Procedure } from "../src/catalog/schema.js";
import { procedureCard, sectionReply } from "../src/core/cards.js";
import { messagesFor } from "../src/core/messages/index.js";
import type { Reply, Section } from "../src/core/types.js";
import { contentIssues, copyFixtureCatalog } from "./helpers/fixture-catalog.js";

/**
 * Cautions (unverified facts and notes) may name the sections they concern: a section answer
 * shows only its own and the general ones, the full card shows all of them.
 */
const CAUTIONS = `unverified:
  - text: "Mức lệ phí của tỉnh chưa có."
    sections: [fees]
  - text: "Danh sách giấy tờ chưa đối chiếu."
    sections: [documents]
  - "Tên thủ tục chưa đối chiếu."
notes:
  - text: "Hai bên phải cùng có mặt."
    sections: [steps, documents]
  - "Luật mới có thể thay đổi thủ tục."
`;

const dir = copyFixtureCatalog("test/fixtures/catalog");
let catalog: Catalog;
beforeAll(async () => {
  const file = join(dir.path, "procedures", "1.000894-dang-ky-ket-hon.yaml");
  const text = readFileSync(file, "utf8").replace(/^(unverified|notes):.*(\n[ -].*)*/gm, "");
  writeFileSync(file, `${text.trimEnd()}\n${CAUTIONS}`);
  catalog = await loadCatalog(dir.path);
});
afterAll(() => dir.remove());

const messages = messagesFor("vi");
const marriage = () => catalog.procedures.find((item) => item.code === "1.000894") as Procedure;
const context = () => ({ office: catalog.office, messages, today: "2026-11-28" });
const cautionLines = (reply: Reply) =>
  reply.blocks.filter((block) => block.title === messages.unverifiedTitle || block.title === messages.notesTitle).flatMap((block) => block.lines);
const section = (name: Section) => cautionLines(sectionReply(marriage(), name, context()));

describe("cautions on answers", () => {
  it("a fees answer shows the fee caution and the general ones, not the documents caution", () => {
    expect(section("fees")).toEqual(["• Mức lệ phí của tỉnh chưa có.", "• Tên thủ tục chưa đối chiếu.", "• Luật mới có thể thay đổi thủ tục."]);
  });

  it("a caution naming two sections appears on both", () => {
    expect(section("documents")).toContain("• Hai bên phải cùng có mặt.");
    expect(section("steps")).toContain("• Hai bên phải cùng có mặt.");
    expect(section("time")).not.toContain("• Hai bên phải cùng có mặt.");
  });

  it("the full card shows every caution", () => {
    expect(cautionLines(procedureCard(marriage(), context()))).toHaveLength(5);
  });

  it("content:check refuses an unknown section name on a caution", async () => {
    const broken = copyFixtureCatalog(dir.path);
    const file = join(broken.path, "procedures", "1.000894-dang-ky-ket-hon.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("sections: [fees]", "sections: [money]"));
    const issues = await contentIssues(broken.path).finally(() => broken.remove());
    expect(issues.map((issue) => issue.field)).toEqual(["unverified.0.sections.0"]);
  });
});
