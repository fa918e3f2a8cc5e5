import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { emptyLexicon } from "../analysis/lexicon.js";
import type { Catalog } from "../catalog/schema.js";
import { procedureBotLinks, type BotLinkConfig } from "../publish/bot-links.js";
import { fieldOf, fieldsOf } from "../publish/fields.js";
import type { SiteSearchData } from "./client/site-search.js";
import { indexPage } from "./index-page.js";
import { procedurePage } from "./procedure-page.js";
import { siteTexts } from "./texts.js";

/** A problem the person building the site can fix; the message says how. */
export class SiteError extends Error {
  override readonly name = "SiteError";
}

export interface BuildSiteOptions {
  catalog: Catalog;
  links: BotLinkConfig;
  outDir: string;
}

export interface BuiltSite {
  outDir: string;
  /** Every file written, relative to outDir. */
  files: string[];
  bytes: number;
}

/** Left in the output folder so a later build may clean it, and no other folder is ever emptied. */
const MARKER = ".motcua-site";
const PAGES_DIR = "thu-tuc";
const CLIENT_ENTRY = fileURLToPath(new URL("./client/search.ts", import.meta.url));
const STYLE = fileURLToPath(new URL("./assets/style.css", import.meta.url));

export function pageUrl(id: string): string {
  return `${PAGES_DIR}/${id}.html`;
}

/**
 * Builds the static catalog website: index.html (search box and every procedure by field),
 * one page per procedure, the style sheet, and the search script with its data. Nothing is
 * loaded from elsewhere; any static host (or the folder itself) serves it.
 */
export async function buildSite({ catalog, links, outDir: given }: BuildSiteOptions): Promise<BuiltSite> {
  const outDir = resolve(given);
  await prepare(outDir);
  const fields = fieldsOf(catalog);
  const files = new Map<string, string>();
  files.set("index.html", indexPage(catalog, fields, links, pageUrl));
  for (const procedure of catalog.procedures) {
    const page = procedurePage({
      procedure,
      office: catalog.office,
      field: fieldOf(procedure.topic),
      links: procedureBotLinks(links, catalog.shortCodes, procedure),
      config: links,
    });
    files.set(pageUrl(procedure.id), page);
  }
  files.set("assets/style.css", await readFile(STYLE, "utf8"));
  files.set("assets/search.js", await bundleSearch());
  files.set("assets/search-data.js", searchDataScript(catalog));
  files.set(MARKER, "Made by `npm run site` (motcua-bot). The next build empties this folder first.\n");
  let bytes = 0;
  for (const [name, text] of files) {
    await mkdir(join(outDir, name, ".."), { recursive: true });
    await writeFile(join(outDir, name), text, "utf8");
    bytes += Buffer.byteLength(text);
  }
  return { outDir, files: [...files.keys()], bytes };
}

/** An empty folder, or one a previous build made: never anyone's other files. */
async function prepare(outDir: string): Promise<void> {
  if (!existsSync(outDir)) return;
  const entries = await readdir(outDir);
  if (entries.length === 0) return;
  if (!entries.includes(MARKER)) {
    throw new SiteError(`${outDir} is not empty and was not made by npm run site: choose an empty or new folder`);
  }
  for (const entry of entries) await rm(join(outDir, entry), { recursive: true, force: true });
}

/** The browser search: the bot's search code, bundled with nothing from Node. */
async function bundleSearch(): Promise<string> {
  const result = await build({
    entryPoints: [CLIENT_ENTRY],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    // Browsers from 2020 on (Chrome 80, Safari 14): older phones still in use get the search too.
    target: "es2020",
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

function searchDataScript(catalog: Catalog): string {
  const data: SiteSearchData & { texts: { found: string; none: string } } = {
    procedures: catalog.procedures,
    synonyms: catalog.synonyms,
    lexicon: catalog.lexicon ?? emptyLexicon(),
    pages: Object.fromEntries(
      catalog.procedures.map((procedure) => [
        procedure.id,
        { url: pageUrl(procedure.id), shortCode: catalog.shortCodes.labelOf(procedure.id), field: fieldOf(procedure.topic).title },
      ]),
    ),
    texts: { found: siteTexts.resultsFound("{count}", "{query}"), none: siteTexts.noResults("{query}", catalog.office.phone) },
  };
  return `window.MOTCUA_SEARCH = ${JSON.stringify(data)};\n`;
}
