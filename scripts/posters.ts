import { relative } from "node:path";
import { parseArgs } from "node:util";
import { makePosters, PosterError } from "../src/posters/make-posters.js";
import { commandLine, deskSetup, fail } from "./desk.js";

const USAGE = `npm run posters -- [--procedure ID …] [--index] [--out DIR]

Makes printable A4 posters, as PDF (for printing) and PNG (for sharing in chats).
  --procedure, -p ID   one procedure: its id (dang-ky-khai-sinh), national code (1.001193) or
                       short code ("TT 5"); repeat for several. Without it: every procedure,
                       the index poster and all.pdf (every poster in one file).
  --index              also make the index poster (every procedure by field, one QR code)
  --out DIR            where to write (default: posters)
Needs TELEGRAM_BOT_USERNAME and/or ZALO_BOT_LINK (in .env or the environment).`;

const args = commandLine(
  () =>
    parseArgs({
      options: {
        procedure: { type: "string", short: "p", multiple: true },
        index: { type: "boolean" },
        out: { type: "string", default: "posters" },
        help: { type: "boolean", short: "h" },
      },
    }).values,
  USAGE,
);

const { config, catalog } = await deskSetup();
try {
  const started = Date.now();
  const made = await makePosters({
    catalog,
    links: config,
    outDir: args.out,
    procedures: args.procedure,
    index: args.index || undefined,
    onFile: (path) => process.stdout.write(`${relative(process.cwd(), path)}\n`),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`${made.files.length} files for ${made.procedures.length} procedure(s) in ${args.out} (${seconds} s)\n`);
} catch (error) {
  if (error instanceof PosterError) fail(error.message);
  throw error;
}
