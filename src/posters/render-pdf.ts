import PDFDocument from "pdfkit";
import { FONT_FILES } from "./fonts.js";
import type { Item, PosterFile } from "./page.js";
import { darkRuns, QUIET_ZONE } from "../publish/qr.js";

export interface PdfMetadata {
  author: string;
}

/**
 * Draws poster pages into a PDF. Text stays text (the font is embedded as a subset with a
 * Unicode map), so names can be searched and copied with their diacritics.
 */
export function renderPdf(files: PosterFile[], metadata: PdfMetadata): Promise<Buffer> {
  const title = files.length === 1 ? files[0]!.title : "Áp phích thủ tục hành chính";
  const document = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    lang: "vi-VN",
    displayTitle: true,
    info: { Title: title, Author: metadata.author, Creator: "motcua-bot" },
  });
  document.registerFont("regular", FONT_FILES.regular);
  document.registerFont("bold", FONT_FILES.bold);
  const chunks: Buffer[] = [];
  document.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    document.on("end", () => resolve(Buffer.concat(chunks)));
    document.on("error", reject);
  });
  for (const file of files) {
    for (const page of file.pages) {
      document.addPage({ size: [page.width, page.height], margin: 0 });
      for (const item of page.items) draw(document, item);
    }
  }
  document.end();
  return done;
}

function draw(document: PDFKit.PDFDocument, item: Item): void {
  switch (item.kind) {
    case "text":
      document.font(item.font).fontSize(item.size).fillColor("#000000");
      document.text(item.text, item.x, item.y, { lineBreak: false, baseline: "alphabetic" });
      return;
    case "rect":
      if (item.fill) document.rect(item.x, item.y, item.width, item.height).fill(item.fill);
      if (item.stroke) {
        document.lineWidth(item.lineWidth ?? 1).rect(item.x, item.y, item.width, item.height).stroke(item.stroke);
      }
      return;
    case "qr": {
      const module = item.size / (item.modules.length + 2 * QUIET_ZONE);
      document.rect(item.x, item.y, item.size, item.size).fill("#ffffff");
      for (const run of darkRuns(item.modules)) {
        const x = item.x + (run.column + QUIET_ZONE) * module;
        const y = item.y + (run.row + QUIET_ZONE) * module;
        document.rect(x, y, run.length * module, module);
      }
      document.fill("#000000");
      return;
    }
  }
}
