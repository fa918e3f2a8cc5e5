import type { Office, Procedure } from "../catalog/schema.js";
import { printableLink, type ProcedureBotLinks } from "../publish/bot-links.js";
import { Frame, officeBand } from "./frame.js";
import { A4, type Item, type Page, type PosterFile } from "./page.js";
import { qrModules } from "../publish/qr.js";
import { documentsInShort, feeInShort, timeInShort, whereInShort } from "./summary.js";
import { vietnameseDate } from "../publish/vietnamese-date.js";
import { posterTexts } from "./texts.js";

export interface ProcedurePosterInput {
  procedure: Procedure;
  office: Office;
  /** The field's name, e.g. "Hộ tịch". */
  topic: string;
  /** At least one of telegram / zalo, and the short code. */
  links: ProcedureBotLinks & { shortCode: string };
}

const MARGIN = 34;
const WIDTH = A4.width - 2 * MARGIN;
const QR_BOX_HEIGHT = 236;
/** Body text grows to fill the page (read from a distance) or shrinks to fit, within these. */
const MAX_SCALE = 1.3;
const MIN_SCALE = 0.72;
const NAME_SIZES = [28, 25, 22, 19, 17];

/**
 * One A4 poster for one procedure: what it is, the documents in short, fee and time side by
 * side, where and when to file, and QR codes to the bot on Telegram (straight to the card) and
 * Zalo (the chat, plus the short code to send). Body text shrinks to fit the page; only if
 * that is not enough are the last documents replaced by "… and N more".
 */
export function procedurePoster(input: ProcedurePosterInput): PosterFile {
  const items: Item[] = [];
  const top = header(items, input);
  const footerTop = footer(items, input);
  const qrTop = footerTop - 14 - QR_BOX_HEIGHT;
  qrBoxes(items, input, qrTop);
  items.push(...fitBody(input, top + 14, qrTop - 16));
  const page: Page = { width: A4.width, height: A4.height, items };
  return { name: input.procedure.id, title: input.procedure.name, pages: [page] };
}

function header(items: Item[], { procedure, office, topic, links }: ProcedurePosterInput): number {
  const frame = officeBand(items, office.name, MARGIN, MARGIN, WIDTH);
  frame.gap(12);
  frame.text(posterTexts.procedureLabel(topic), { font: "bold", size: 10.5 });
  frame.gap(4);
  const size = NAME_SIZES.find((candidate) => measureLines(procedure.name, candidate) <= 3) ?? NAME_SIZES.at(-1)!;
  frame.text(procedure.name, { font: "bold", size, leading: 1.22 });
  frame.gap(4);
  frame.text(posterTexts.codeLine(procedure.code, links.shortCode), { font: "regular", size: 11.5 });
  frame.gap(8);
  frame.rule(1);
  return frame.y;
}

function measureLines(text: string, size: number): number {
  return new Frame([], 0, 0, WIDTH).text(text, { font: "bold", size });
}

/** Lays the footer out from the bottom of the page; returns its top. */
function footer(items: Item[], { procedure, office }: ProcedurePosterInput): number {
  const lines = [
    posterTexts.reviewed(vietnameseDate(procedure.reviewed)),
    ...(procedure.unverified.length > 0 ? [posterTexts.unverified] : []),
    ...(office.sample ? [posterTexts.sampleOffice] : []),
  ];
  const style = { font: "regular", size: 8.5, leading: 1.3 } as const;
  const height = lines.reduce((sum, line) => sum + new Frame([], 0, 0, WIDTH).text(line, style) * style.size * style.leading, 0);
  const top = A4.height - MARGIN - height;
  const frame = new Frame(items, MARGIN, top - 6, WIDTH);
  frame.rule(0.75);
  frame.gap(5);
  for (const line of lines) frame.text(line, style);
  return top - 6;
}

function qrBoxes(items: Item[], { links }: ProcedurePosterInput, top: number): void {
  const boxes = [
    ...(links.telegram ? [{ title: posterTexts.telegram, url: links.telegram, zalo: false }] : []),
    ...(links.zalo ? [{ title: posterTexts.zalo, url: links.zalo, zalo: true }] : []),
  ];
  const gap = 14;
  const width = (WIDTH - gap * (boxes.length - 1)) / boxes.length;
  boxes.forEach((box, index) => {
    const x = MARGIN + index * (width + gap);
    items.push({ kind: "rect", x, y: top, width, height: QR_BOX_HEIGHT, stroke: "#000000", lineWidth: 1.5 });
    const frame = new Frame(items, x + 10, top + 8, width - 20);
    frame.text(box.title, { font: "bold", size: 14, align: "center" });
    const size = 134;
    items.push({ kind: "qr", x: x + (width - size) / 2, y: frame.y, size, modules: qrModules(box.url), data: box.url });
    frame.gap(size + 4);
    if (box.zalo) {
      frame.text(posterTexts.zaloHow, { font: "regular", size: 10, align: "center" });
      frame.text(links.shortCode, { font: "bold", size: 30, align: "center", leading: 1.15 });
    } else {
      frame.text(posterTexts.telegramHow, { font: "regular", size: 10, align: "center" });
      frame.text(posterTexts.alsoTelegram(links.shortCode), { font: "regular", size: 10, align: "center" });
      frame.gap(6);
    }
    frame.text(printableLink(box.url), { font: "regular", size: 8, align: "center", leading: 1.25 });
  });
}

/** The body at the largest scale that fits between `top` and `bottom`. */
function fitBody(input: ProcedurePosterInput, top: number, bottom: number): Item[] {
  const { always } = documentsInShort(input.procedure);
  for (let documents = always.length; documents >= 1; documents--) {
    for (let scale = MAX_SCALE; scale >= MIN_SCALE - 1e-9; scale -= 0.04) {
      const items: Item[] = [];
      const end = body(items, input, top, scale, documents);
      if (end <= bottom) return items;
    }
  }
  const items: Item[] = [];
  body(items, input, top, MIN_SCALE, 1);
  return items;
}

function body(items: Item[], { procedure, office }: ProcedurePosterInput, top: number, scale: number, shownDocuments: number): number {
  const frame = new Frame(items, MARGIN, top, WIDTH);
  const heading = { font: "bold", size: 12 * scale, leading: 1.35 } as const;
  const text = { font: "regular", size: 12 * scale, leading: 1.35 } as const;
  const { always, conditional } = documentsInShort(procedure);

  frame.text(posterTexts.documentsTitle, heading);
  for (const document of always.slice(0, shownDocuments)) {
    frame.text(document, { ...text, bullet: "•" });
    frame.gap(2 * scale);
  }
  const hidden = always.length - shownDocuments;
  if (hidden > 0) frame.text(posterTexts.moreDocuments(hidden + conditional), { ...text, size: 11 * scale });
  else if (conditional > 0) frame.text(posterTexts.conditionalDocuments(conditional), { ...text, size: 11 * scale });
  frame.gap(12 * scale);

  frame.y = feeAndTime(items, procedure, frame.y, scale);
  frame.gap(12 * scale);

  frame.text(posterTexts.whereTitle, heading);
  frame.text(whereInShort(procedure, office), text);
  frame.text(`${posterTexts.hours} ${office.hours.join("; ")}`, { ...text, size: 11 * scale });
  frame.text(posterTexts.phone(office.phone), { ...text, font: "bold" });
  if (procedure.online.level !== "none") {
    const url = printableLink(procedure.online.url ?? office.onlinePortal);
    frame.text(`${posterTexts.online[procedure.online.level]} ${url}`, { ...text, size: 11 * scale });
  }
  return frame.y;
}

/** Fee and time on one row: two boxed cells side by side. */
function feeAndTime(items: Item[], procedure: Procedure, top: number, scale: number): number {
  const gap = 12;
  const feeWidth = (WIDTH - gap) * 0.6;
  const cells = [
    { x: MARGIN, width: feeWidth, title: posterTexts.feeTitle, text: feeInShort(procedure) },
    { x: MARGIN + feeWidth + gap, width: WIDTH - gap - feeWidth, title: posterTexts.timeTitle, text: timeInShort(procedure) },
  ];
  const padding = 8 * scale;
  let bottom = top;
  const drawn: Item[] = [];
  for (const cell of cells) {
    const frame = new Frame(drawn, cell.x + padding, top + padding, cell.width - 2 * padding);
    frame.text(cell.title, { font: "bold", size: 10.5 * scale });
    frame.gap(1);
    frame.text(cell.text, { font: "regular", size: 12.5 * scale, leading: 1.3 });
    bottom = Math.max(bottom, frame.y + padding);
  }
  for (const cell of cells) items.push({ kind: "rect", x: cell.x, y: top, width: cell.width, height: bottom - top, stroke: "#000000", lineWidth: 1 });
  items.push(...drawn);
  return bottom;
}
