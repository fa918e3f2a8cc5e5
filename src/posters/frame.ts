import { textWidth, type FontName } from "./fonts.js";
import type { Item } from "./page.js";
import { wrap } from "./wrap.js";

export interface TextStyle {
  font: FontName;
  size: number;
  /** Line advance as a multiple of the size; Vietnamese stacks accents, so not below 1.25. */
  leading?: number;
  align?: "left" | "center";
  /** Printed before the first line (a bullet); later lines align after it. */
  bullet?: string;
}

/**
 * A column that lays text downwards from a cursor, wrapping to its width. Items go into a
 * shared list so several frames can fill one page.
 */
export class Frame {
  constructor(
    readonly items: Item[],
    readonly x: number,
    public y: number,
    readonly width: number,
  ) {}

  /** Wrapped text; returns the number of lines. */
  text(text: string, style: TextStyle): number {
    const leading = style.leading ?? 1.3;
    const bulletWidth = style.bullet ? textWidth(`${style.bullet} `, style.font, style.size) : 0;
    const lines = wrap(text, style.font, style.size, this.width - bulletWidth);
    lines.forEach((line, index) => {
      // The baseline sits near the size below the line's top, lowered by half of any extra leading.
      const baseline = this.y + style.size * (0.95 + (leading - 1.25) / 2);
      if (style.bullet && index === 0) this.items.push({ kind: "text", x: this.x, y: baseline, text: style.bullet, font: style.font, size: style.size });
      const width = textWidth(line, style.font, style.size);
      const x = style.align === "center" ? this.x + (this.width - width) / 2 : this.x + bulletWidth;
      this.items.push({ kind: "text", x, y: baseline, text: line, font: style.font, size: style.size });
      this.y += style.size * leading;
    });
    return lines.length;
  }

  gap(height: number): void {
    this.y += height;
  }

  /** A horizontal black line across the frame. */
  rule(thickness: number): void {
    this.items.push({ kind: "rect", x: this.x, y: this.y, width: this.width, height: thickness, fill: "#000000" });
    this.y += thickness;
  }
}

/**
 * The band at the top of every poster page: the office's name over a thick rule. Returns a
 * frame of the given width whose cursor is below it.
 */
export function officeBand(items: Item[], officeName: string, x: number, y: number, width: number): Frame {
  const frame = new Frame(items, x, y, width);
  frame.text(officeName, { font: "bold", size: 11 });
  frame.gap(4);
  frame.rule(2.5);
  return frame;
}
