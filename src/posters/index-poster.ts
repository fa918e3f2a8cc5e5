import type { Office, Procedure } from "../catalog/schema.js";
import { printableLink } from "../publish/bot-links.js";
import { textWidth } from "./fonts.js";
import { Frame, officeBand } from "./frame.js";
import { A4, type Item, type Page, type PosterFile } from "./page.js";
import { qrModules } from "../publish/qr.js";
import { vietnameseDate } from "../publish/vietnamese-date.js";
import { posterTexts } from "./texts.js";
import { wrap } from "./wrap.js";

export interface IndexPosterInput {
  office: Office;
  /** Fields in display order, each with its procedures and their short codes. */
  fields: Array<{ title: string; entries: Array<{ procedure: Procedure; shortCode: string }> }>;
  /** The one QR code: the bot on Zalo when it has a link, else on Telegram. */
  qr: { channel: "zalo" | "telegram"; url: string };
  /** Printed under the title when the QR code is Zalo's, for Telegram users. */
  telegramLink?: string;
}

const MARGIN = 34;
const WIDTH = A4.width - 2 * MARGIN;
const COLUMN_GAP = 18;
const COLUMN_WIDTH = (WIDTH - COLUMN_GAP) / 2;
const QR_SIZE = 112;
/** Entry text sizes tried, largest first, to keep the list on one page. */
const SIZES = [11, 10.5, 10, 9.5, 9, 8.5];

interface Block {
  kind: "heading" | "entry";
  height: number;
  draw(items: Item[], x: number, y: number): void;
}

/**
 * Every procedure by field, in two columns, with one QR code to the bot: the list for the
 * notice board and the village hall. Continues on more pages when the catalog is long.
 */
export function indexPoster(input: IndexPosterInput): PosterFile {
  const firstTop = (items: Item[]) => firstHeader(items, input);
  const nextTop = (items: Item[]) => continuedHeader(items, input.office);
  const probe = [firstTop([]), nextTop([])];
  const footerHeight = 40 + (input.office.sample ? 12 : 0);
  const bottom = A4.height - MARGIN - footerHeight;
  let pages: Item[][] = [];
  for (const size of SIZES) {
    pages = flow(blocksFor(input, size), probe[0]!, probe[1]!, bottom);
    if (pages.length === 1) break;
  }
  const total = pages.length;
  const reviewed = latestReviewed(input);
  const count = input.fields.reduce((sum, field) => sum + field.entries.length, 0);
  const finished: Page[] = pages.map((body, index) => {
    const items: Item[] = [];
    if (index === 0) firstTop(items);
    else nextTop(items);
    items.push(...body);
    footer(items, input.office, posterTexts.indexFooter(count, vietnameseDate(reviewed)), total > 1 ? posterTexts.page(index + 1, total) : "");
    return { width: A4.width, height: A4.height, items };
  });
  return { name: "index", title: `${posterTexts.indexTitle} – ${input.office.name}`, pages: finished };
}

function firstHeader(items: Item[], { office, qr, telegramLink, fields }: IndexPosterInput): number {
  const top = officeBand(items, office.name, MARGIN, MARGIN, WIDTH).y + 12;
  const qrX = MARGIN + WIDTH - QR_SIZE;
  items.push({ kind: "qr", x: qrX, y: top, size: QR_SIZE, modules: qrModules(qr.url), data: qr.url });
  const caption = new Frame(items, qrX - 10, top + QR_SIZE + 2, QR_SIZE + 20);
  caption.text(posterTexts.indexQr[qr.channel], { font: "bold", size: 8, align: "center", leading: 1.25 });
  caption.text(printableLink(qr.url), { font: "regular", size: 7.5, align: "center", leading: 1.25 });
  const text = new Frame(items, MARGIN, top + 4, WIDTH - QR_SIZE - 24);
  text.text(posterTexts.indexTitle, { font: "bold", size: 22, leading: 1.2 });
  text.gap(6);
  const example = fields[0]?.entries[0]?.shortCode ?? "TT 1";
  text.text(posterTexts.indexHow(example), { font: "regular", size: 12, leading: 1.35 });
  if (telegramLink && qr.channel === "zalo") {
    text.gap(4);
    text.text(posterTexts.indexTelegram(printableLink(telegramLink)), { font: "regular", size: 11 });
  }
  const y = Math.max(text.y, caption.y) + 8;
  const rule = new Frame(items, MARGIN, y, WIDTH);
  rule.rule(1);
  return rule.y + 12;
}

function continuedHeader(items: Item[], office: Office): number {
  const frame = officeBand(items, office.name, MARGIN, MARGIN, WIDTH);
  frame.gap(10);
  frame.text(`${posterTexts.indexTitle} ${posterTexts.indexContinued}`, { font: "bold", size: 14 });
  frame.gap(6);
  return frame.y;
}

function footer(items: Item[], office: Office, summary: string, page: string): void {
  const frame = new Frame(items, MARGIN, A4.height - MARGIN - (office.sample ? 30 : 18), WIDTH);
  frame.rule(0.75);
  frame.gap(4);
  const style = { font: "regular", size: 8.5, leading: 1.3 } as const;
  const top = frame.y;
  frame.text(summary, style);
  if (page) items.push({ kind: "text", x: MARGIN + WIDTH - textWidth(page, "regular", 8.5), y: top + 8.5 * 0.95, text: page, font: "regular", size: 8.5 });
  if (office.sample) frame.text(posterTexts.sampleOffice, style);
}

function blocksFor({ fields }: IndexPosterInput, size: number): Block[] {
  const blocks: Block[] = [];
  const codeWidth = Math.max(...fields.flatMap((field) => field.entries.map((entry) => textWidth(entry.shortCode, "bold", size)))) + 8;
  const leading = size * 1.28;
  for (const field of fields) {
    const heading = field.title.toLocaleUpperCase("vi");
    const headingLines = wrap(heading, "bold", size + 1, COLUMN_WIDTH);
    blocks.push({
      kind: "heading",
      height: headingLines.length * (size + 1) * 1.3 + 4,
      draw: (items, x, y) => {
        const frame = new Frame(items, x, y + 2, COLUMN_WIDTH);
        frame.text(heading, { font: "bold", size: size + 1 });
        items.push({ kind: "rect", x, y: frame.y, width: COLUMN_WIDTH, height: 0.75, fill: "#000000" });
      },
    });
    for (const { procedure, shortCode } of field.entries) {
      const lines = wrap(procedure.name, "regular", size, COLUMN_WIDTH - codeWidth);
      blocks.push({
        kind: "entry",
        height: lines.length * leading + size * 0.35,
        draw: (items, x, y) => {
          const baseline = y + size * 1.1;
          items.push({ kind: "text", x, y: baseline, text: shortCode, font: "bold", size });
          lines.forEach((line, index) =>
            items.push({ kind: "text", x: x + codeWidth, y: baseline + index * leading, text: line, font: "regular", size }),
          );
        },
      });
    }
  }
  return blocks;
}

/** Fills two columns per page, keeping each field heading with its first procedure. */
function flow(blocks: Block[], firstTop: number, nextTop: number, bottom: number): Item[][] {
  const pages: Item[][] = [[]];
  let column = 0;
  let top = firstTop;
  let y = top;
  blocks.forEach((block, index) => {
    const next = blocks[index + 1];
    const needed = block.kind === "heading" && next ? block.height + next.height : block.height;
    if (y + needed > bottom && y > top) {
      column += 1;
      if (column === 2) {
        pages.push([]);
        column = 0;
        top = nextTop;
      }
      y = top;
    }
    block.draw(pages.at(-1)!, MARGIN + column * (COLUMN_WIDTH + COLUMN_GAP), y);
    y += block.height;
  });
  return pages;
}

function latestReviewed({ fields }: IndexPosterInput): string {
  return fields.flatMap((field) => field.entries.map((entry) => entry.procedure.reviewed)).sort().at(-1) ?? "";
}
