import { addMissingShortCodes } from "../src/catalog/short-codes-file.js";
import { formatShortCode, SHORT_CODES_FILE } from "../src/catalog/short-codes.js";
import type { Catalog } from "../src/catalog/schema.js";

/** `npm run content -- short-codes`: numbers for new procedures; printed codes never change. */
export async function shortCodesCommand(dir: string, catalog: Catalog, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const added = await addMissingShortCodes(dir, catalog.procedures, catalog.shortCodes);
  if (added.length === 0) {
    out.write(`every procedure already has a short code (${SHORT_CODES_FILE} unchanged)\n`);
    return;
  }
  for (const { number, procedure } of added) out.write(`${formatShortCode(number)}  ${procedure.id}  (${procedure.name})\n`);
  out.write(`added ${added.length} short code${added.length === 1 ? "" : "s"} to ${SHORT_CODES_FILE}\n`);
}
