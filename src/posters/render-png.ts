import { Resvg } from "@resvg/resvg-js";
import { font } from "./fonts.js";
import type { Item, Page, TextItem } from "./page.js";
import { darkRuns, QUIET_ZONE } from "../publish/qr.js";

/** 150 dots per inch: an A4 page is 1240 × 1754 pixels, sharp on a phone and light in a chat. */
export const PNG_DPI = 150;

/**
 * Draws a poster page as a PNG: the page becomes SVG with every glyph as an outline taken from
 * the same font files the PDF embeds, so the picture needs no installed font and matches the PDF.
 */
export function renderPng(page: Page, dpi = PNG_DPI): Buffer {
  const svg = pageSvg(page);
  const resvg = new Resvg(svg, {
    fitTo: { mode: "width", value: Math.round((page.width / 72) * dpi) },
    background: "#ffffff",
    font: { loadSystemFonts: false },
  });
  return resvg.render().asPng();
}

export function pageSvg(page: Page): string {
  const body = page.items.map(itemSvg).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${page.width}" height="${page.height}" viewBox="0 0 ${page.width} ${page.height}"><rect width="100%" height="100%" fill="#ffffff"/>${body}</svg>`;
}

function itemSvg(item: Item): string {
  switch (item.kind) {
    case "text":
      return `<path d="${textPath(item)}" fill="#000000"/>`;
    case "rect": {
      const fill = item.fill ?? "none";
      const stroke = item.stroke ? ` stroke="${item.stroke}" stroke-width="${item.lineWidth ?? 1}"` : "";
      return `<rect x="${item.x}" y="${item.y}" width="${item.width}" height="${item.height}" fill="${fill}"${stroke}/>`;
    }
    case "qr": {
      const module = item.size / (item.modules.length + 2 * QUIET_ZONE);
      const runs = darkRuns(item.modules)
        .map((run) => {
          const x = item.x + (run.column + QUIET_ZONE) * module;
          const y = item.y + (run.row + QUIET_ZONE) * module;
          return `M${fixed(x)} ${fixed(y)}h${fixed(run.length * module)}v${fixed(module)}h${fixed(-run.length * module)}z`;
        })
        .join("");
      return `<rect x="${item.x}" y="${item.y}" width="${item.size}" height="${item.size}" fill="#ffffff"/><path d="${runs}" fill="#000000" shape-rendering="crispEdges"/>`;
    }
  }
}

/** The text's glyph outlines, placed by the font's own shaping (kerning, marks) like the PDF. */
function textPath(item: TextItem): string {
  const face = font(item.font);
  const run = face.layout(item.text.normalize("NFC"));
  const scale = item.size / face.unitsPerEm;
  let x = item.x;
  let d = "";
  run.glyphs.forEach((glyph, index) => {
    const position = run.positions[index]!;
    const path = glyph.path.scale(scale, -scale).translate(x + position.xOffset * scale, item.y - position.yOffset * scale);
    d += path.toSVG();
    x += position.xAdvance * scale;
  });
  return d;
}

function fixed(value: number): string {
  return value.toFixed(3);
}
