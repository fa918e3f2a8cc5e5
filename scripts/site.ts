import { relative } from "node:path";
import { parseArgs } from "node:util";
import { buildSite, SiteError } from "../src/site/build-site.js";
import { commandLine, deskSetup, fail } from "./desk.js";

const USAGE = `npm run site -- [--out DIR]

Builds the catalog website from content/: a page per procedure, an index by field and a search
box that runs in the browser. Upload the folder to any static web host, or open index.html.
  --out DIR   where to write (default: site); the folder must be empty or an earlier build
Bot links use TELEGRAM_BOT_USERNAME and ZALO_BOT_LINK (in .env or the environment).`;

const args = commandLine(
  () => parseArgs({ options: { out: { type: "string", default: "site" }, help: { type: "boolean", short: "h" } } }).values,
  USAGE,
);

const { config, catalog } = await deskSetup();
if (!config.TELEGRAM_BOT_USERNAME && !config.ZALO_BOT_LINK) {
  process.stderr.write("note: TELEGRAM_BOT_USERNAME and ZALO_BOT_LINK are not set, so the pages link to no bot\n");
}
try {
  const site = await buildSite({ catalog, links: config, outDir: args.out });
  const nearby = relative(process.cwd(), site.outDir);
  const where = nearby === "" ? "." : nearby.startsWith("..") ? site.outDir : nearby;
  process.stdout.write(
    `site: ${catalog.procedures.length} procedure pages and the index in ${where} (${site.files.length} files, ${Math.round(site.bytes / 1024)} KB); open ${where}/index.html or upload the folder\n`,
  );
} catch (error) {
  if (error instanceof SiteError) fail(error.message);
  throw error;
}
