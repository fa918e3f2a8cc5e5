import { textWidth, type FontName } from "./fonts.js";

/**
 * Breaks text into lines no wider than `width` at a font and size: between words, and inside
 * a word only when the word alone is too wide (a long code or address).
 */
export function wrap(text: string, name: FontName, size: number, width: number): string[] {
  const lines: string[] = [];
  const space = textWidth(" ", name, size);
  let line = "";
  let lineWidth = 0;
  for (const word of text.normalize("NFC").split(/\s+/).filter(Boolean)) {
    // Words are measured once each (cached); a line is its words plus the spaces between.
    const wordWidth = textWidth(word, name, size);
    const candidate = line === "" ? wordWidth : lineWidth + space + wordWidth;
    if (candidate <= width) {
      line = line === "" ? word : `${line} ${word}`;
      lineWidth = candidate;
      continue;
    }
    if (line !== "") lines.push(line);
    line = word;
    while (textWidth(line, name, size) > width && line.length > 1) {
      const cut = longestFit(line, name, size, width);
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
    lineWidth = textWidth(line, name, size);
  }
  if (line !== "") lines.push(line);
  return lines;
}

function longestFit(word: string, name: FontName, size: number, width: number): number {
  const characters = [...word];
  let count = 1;
  while (count < characters.length && textWidth(characters.slice(0, count + 1).join(""), name, size) <= width) count++;
  return characters.slice(0, count).join("").length;
}
