import type { FontName } from "./fonts.js";

/**
 * A poster page as a list of drawing items in points (1/72 inch), origin at the top left.
 * Layout code builds pages; the PDF and PNG renderers only draw them, so both outputs match.
 */
export const A4 = { width: 595.28, height: 841.89 } as const;

export interface TextItem {
  kind: "text";
  x: number;
  /** The baseline. */
  y: number;
  text: string;
  font: FontName;
  size: number;
}

export interface RectItem {
  kind: "rect";
  x: number;
  y: number;
  width: number;
  height: number;
  /** Greys only: posters are printed in black and white. */
  fill?: string;
  stroke?: string;
  lineWidth?: number;
}

export interface QrItem {
  kind: "qr";
  x: number;
  y: number;
  /** Side of the whole code, quiet zone included. */
  size: number;
  /** Dark modules, row by row; the renderers add the quiet zone. */
  modules: boolean[][];
  /** What the code encodes (kept for the record and for tests). */
  data: string;
}

export type Item = TextItem | RectItem | QrItem;

export interface Page {
  width: number;
  height: number;
  items: Item[];
}

export interface PosterFile {
  /** File name without extension, e.g. "dang-ky-khai-sinh" or "index". */
  name: string;
  /** Document title (PDF metadata). */
  title: string;
  pages: Page[];
}
