import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach } from "vitest";
import { ContentError, loadCatalog, type ContentIssue } from "../../src/catalog/load.js";
import { tempDir, TEST_CONTENT_DIR } from "./app.js";

/** A small catalog for unit tests (8 procedures, 5 topics, a fee table, short codes with one retired). */
export const FIXTURE_CATALOG = TEST_CONTENT_DIR;

/** The bot's public addresses as the posters and website tests configure them. */
export const FIXTURE_TELEGRAM = "motcua_thunghiem_bot";
export const FIXTURE_ZALO = "https://zalo.me/2468013579";
export const FIXTURE_LINKS = { TELEGRAM_BOT_USERNAME: FIXTURE_TELEGRAM, ZALO_BOT_LINK: FIXTURE_ZALO };

/** A writable copy of a catalog folder (the fixture catalog unless `from` names another) in a temporary folder. */
export function copyFixtureCatalog(from = FIXTURE_CATALOG): { path: string; remove: () => void } {
  const dir = tempDir("motcua-catalog-");
  cpSync(from, dir.path, { recursive: true });
  return dir;
}

/**
 * For the tests of one file: each call copies the catalog folder `from`, lets `edit` change the
 * copy and returns the copy's folder. Copies are removed after the test that made them.
 */
export function catalogCopies(from = FIXTURE_CATALOG): (edit?: (dir: string) => void) => string {
  const made: Array<{ remove(): void }> = [];
  afterEach(() => made.splice(0).forEach((copy) => copy.remove()));
  return (edit = () => undefined) => {
    const copy = copyFixtureCatalog(from);
    made.push(copy);
    edit(copy.path);
    return copy.path;
  };
}

/** Every problem loadCatalog finds in a catalog folder; throws when it accepts the folder. */
export async function contentIssues(dir: string): Promise<ContentIssue[]> {
  const error = await loadCatalog(dir).then(
    () => new Error(`content in ${dir} was accepted`),
    (caught: unknown) => caught,
  );
  if (error instanceof ContentError) return error.issues;
  throw error;
}

/** Adds a procedure to a catalog folder by copying one and changing its id, code and name. */
export function addProcedureCopy(
  dir: string,
  from: string,
  change: { id: string; code: string; name: string; topic?: string },
): void {
  const text = readFileSync(join(dir, "procedures", from), "utf8")
    .replace(/^id: .*$/m, `id: ${change.id}`)
    .replace(/^code: .*$/m, `code: "${change.code}"`)
    .replace(/^name: .*$/m, `name: ${change.name}`)
    .replace(/^topic: .*$/m, `topic: ${change.topic ?? "civil-status"}`);
  writeFileSync(join(dir, "procedures", `${change.code}-${change.id}.yaml`), text);
}

/** A procedure written into a catalog copy by rewriting the fixture's birth registration. */
export interface ProcedureVariant {
  file: string;
  id: string;
  code: string;
  name: string;
  aliases: string[];
  keywords: string[];
}

/** Writes each variant into the catalog folder `dir` as a procedure file of its own. */
export function writeProcedureVariants(dir: string, variants: readonly ProcedureVariant[]): void {
  const birth = readFileSync(join(dir, "procedures", "1.001193-dang-ky-khai-sinh.yaml"), "utf8");
  const list = (items: readonly string[]) => items.map((item) => `  - ${item}\n`).join("");
  for (const { file, id, code, name, aliases, keywords } of variants) {
    writeFileSync(
      join(dir, "procedures", file),
      birth
        .replace(/^id: .*$/m, `id: ${id}`)
        .replace(/^code: .*$/m, `code: "${code}"`)
        .replace(/^name: .*$/m, `name: ${name}`)
        .replace(/^aliases:\n(?:  - .*\n)+/m, `aliases:\n${list(aliases)}`)
        .replace(/^keywords:\n(?:  - .*\n)+/m, `keywords:\n${list(keywords)}`),
    );
  }
}
