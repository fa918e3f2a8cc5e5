import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Catalog, Procedure } from "../catalog/schema.js";
import { matchShortCode } from "../core/short-code.js";
import { procedureBotLinks, telegramBotLink, type BotLinkConfig } from "../publish/bot-links.js";
import { fieldOf, fieldsOf } from "../publish/fields.js";
import { indexPoster } from "./index-poster.js";
import type { PosterFile } from "./page.js";
import { procedurePoster } from "./procedure-poster.js";
import { renderPdf } from "./render-pdf.js";
import { renderPng } from "./render-png.js";

/** A problem the person running the tool can fix; the message says how. */
export class PosterError extends Error {
  override readonly name = "PosterError";
}

export interface MakePostersOptions {
  catalog: Catalog;
  links: BotLinkConfig;
  outDir: string;
  /** Procedure ids, national codes or short codes; none means every procedure. */
  procedures?: string[];
  /** The index poster; by default made when every procedure is. */
  index?: boolean;
  /** Told about each file as it is written. */
  onFile?: (path: string) => void;
}

/** Files written by a file name stem: a PDF and one PNG per page (index-2.png, …). */
export interface MadePosters {
  procedures: Procedure[];
  files: string[];
}

/** The name of the PDF that holds every procedure poster made in one run, for printing at once. */
export const ALL_POSTERS_FILE = "all.pdf";

/** What a run will make, laid out but not yet drawn. */
export interface PosterPlan {
  procedures: Procedure[];
  posters: PosterFile[];
  index?: PosterFile;
}

/**
 * Lays out the posters a run makes: one per selected procedure and, when asked (by default
 * when every procedure is), the index poster. Throws PosterError with the fix when the bot has
 * no address, a procedure is unknown, or one has no short code yet.
 */
export function planPosters(options: Omit<MakePostersOptions, "outDir" | "onFile">): PosterPlan {
  const { catalog, links } = options;
  if (!links.TELEGRAM_BOT_USERNAME && !links.ZALO_BOT_LINK) {
    throw new PosterError(
      "posters need the bot's address: set TELEGRAM_BOT_USERNAME and/or ZALO_BOT_LINK in .env (see .env.example)",
    );
  }
  const procedures = options.procedures?.length ? selectProcedures(catalog, options.procedures) : catalog.procedures;
  const withIndex = options.index ?? !options.procedures?.length;
  const withoutCode = (withIndex ? catalog.procedures : procedures).filter((procedure) => catalog.shortCodes.labelOf(procedure.id) === undefined);
  if (withoutCode.length > 0) {
    throw new PosterError(
      `no short code yet for ${withoutCode.map((procedure) => procedure.id).join(", ")}: run npm run content -- short-codes, then try again`,
    );
  }
  return {
    procedures,
    posters: procedures.map((procedure) => posterFor(catalog, links, procedure)),
    index: withIndex ? indexFor(catalog, links) : undefined,
  };
}

/**
 * Writes A4 posters as PDF (for printing) and PNG (for chats): one per selected procedure,
 * the index poster, and all procedure posters in one PDF when there are several.
 */
export async function makePosters(options: MakePostersOptions): Promise<MadePosters> {
  const plan = planPosters(options);
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  const write = async (name: string, data: Buffer) => {
    const path = join(outDir, name);
    await writeFile(path, data);
    files.push(path);
    options.onFile?.(path);
  };
  const author = options.catalog.office.name;
  for (const poster of plan.posters) await writeOutputs(poster, author, write);
  if (plan.posters.length > 1) await write(ALL_POSTERS_FILE, await renderPdf(plan.posters, { author }));
  if (plan.index) await writeOutputs(plan.index, author, write);
  return { procedures: plan.procedures, files };
}

async function writeOutputs(poster: PosterFile, author: string, write: (name: string, data: Buffer) => Promise<void>): Promise<void> {
  await write(`${poster.name}.pdf`, await renderPdf([poster], { author }));
  for (const [index, page] of poster.pages.entries()) {
    await write(`${poster.name}${index === 0 ? "" : `-${index + 1}`}.png`, renderPng(page));
  }
}

function posterFor(catalog: Catalog, links: BotLinkConfig, procedure: Procedure): PosterFile {
  const botLinks = procedureBotLinks(links, catalog.shortCodes, procedure);
  return procedurePoster({
    procedure,
    office: catalog.office,
    topic: fieldOf(procedure.topic).title,
    links: { ...botLinks, shortCode: botLinks.shortCode! },
  });
}

function indexFor(catalog: Catalog, links: BotLinkConfig): PosterFile {
  const telegram = links.TELEGRAM_BOT_USERNAME ? telegramBotLink(links.TELEGRAM_BOT_USERNAME) : undefined;
  const qr = links.ZALO_BOT_LINK ? { channel: "zalo" as const, url: links.ZALO_BOT_LINK } : { channel: "telegram" as const, url: telegram! };
  const fields = fieldsOf(catalog).map((field) => ({
    title: field.title,
    // Every procedure has a code here: makePosters checked.
    entries: field.procedures.map((procedure) => ({ procedure, shortCode: catalog.shortCodes.labelOf(procedure.id)! })),
  }));
  return indexPoster({ office: catalog.office, fields, qr, telegramLink: telegram });
}

/** Procedures by id, national code or short code, in the order asked; every unknown one is reported. */
export function selectProcedures(catalog: Catalog, wanted: string[]): Procedure[] {
  const found: Procedure[] = [];
  const unknown: string[] = [];
  for (const key of wanted) {
    const number = matchShortCode(key);
    const id = number === null ? key.trim() : catalog.shortCodes.procedureIdOf(number);
    const procedure = catalog.procedures.find((candidate) => candidate.id === id || candidate.code === key.trim());
    if (!procedure) unknown.push(key);
    else if (!found.includes(procedure)) found.push(procedure);
  }
  if (unknown.length > 0) {
    throw new PosterError(
      `unknown procedure ${unknown.map((key) => `"${key}"`).join(", ")}: use an id (e.g. ${catalog.procedures[0]?.id ?? "dang-ky-khai-sinh"}), a national code (e.g. ${catalog.procedures[0]?.code ?? "1.001193"}) or a short code (e.g. TT 1); content/short-codes.yaml lists them all`,
    );
  }
  return found;
}
