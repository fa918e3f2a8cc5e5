import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./app.js";

/** A small catalog for unit tests (8 procedures, 5 topics, a fee table, short codes with one retired). */
export const FIXTURE_CATALOG = "test/fixtures/poster-catalog";

/** The bot's public addresses as the posters and website tests configure them. */
export const FIXTURE_TELEGRAM = "motcua_thunghiem_bot";
export const FIXTURE_ZALO = "https://zalo.me/2468013579";
export const FIXTURE_LINKS = { TELEGRAM_BOT_USERNAME: FIXTURE_TELEGRAM, ZALO_BOT_LINK: FIXTURE_ZALO };

/** A writable copy of the fixture catalog in a temporary folder. */
export function copyFixtureCatalog(): { path: string; remove: () => void } {
  const dir = tempDir("motcua-catalog-");
  cpSync(FIXTURE_CATALOG, dir.path, { recursive: true });
  return dir;
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
