/**
 * Splits a long reply into Zalo-sized messages. Zalo refuses texts over 2,000 UTF-16 units,
 * and a procedure card is often longer, so a card arrives as two or three messages.
 * Cuts prefer paragraph breaks (a card's sections), then line breaks (list items), and only
 * cut inside a line when one line alone is too long.
 */
import { MAX_TEXT_LENGTH } from "./api.js";

const PARAGRAPH = "\n\n";
const LINE = "\n";

/**
 * Cut `text` into pieces of at most `max` UTF-16 units. Whitespace at the cuts is dropped,
 * so joining the pieces with "\n\n" (or "\n" inside a paragraph) gives back the text.
 * Empty pieces are never returned: the API refuses empty texts.
 */
export function splitText(text: string, max: number = MAX_TEXT_LENGTH): string[] {
  if (!Number.isInteger(max) || max < 2) throw new RangeError(`splitText: max must be an integer ≥ 2, got ${max}`);
  const trimmed = text.trim();
  if (trimmed === "") return [];
  if (trimmed.length <= max) return [trimmed];
  const paragraphs = trimmed.split(/\n{2,}/).flatMap((paragraph) => splitParagraph(paragraph.trim(), max));
  return pack(paragraphs, PARAGRAPH, max);
}

/** A paragraph that fits stays whole; a longer one becomes line-packed pieces. */
function splitParagraph(paragraph: string, max: number): string[] {
  if (paragraph.length <= max) return paragraph === "" ? [] : [paragraph];
  const lines = paragraph.split(LINE).flatMap((line) => hardSplit(line.trim(), max));
  return pack(lines, LINE, max);
}

/** Greedily joins consecutive parts with `separator` while the result still fits. */
function pack(parts: string[], separator: string, max: number): string[] {
  const pieces: string[] = [];
  let current = "";
  for (const part of parts) {
    if (current === "") current = part;
    else if (current.length + separator.length + part.length <= max) current += separator + part;
    else {
      pieces.push(current);
      current = part;
    }
  }
  if (current !== "") pieces.push(current);
  return pieces;
}

/**
 * Cuts one over-long line, at the last space before the limit when there is one in the
 * second half (so words stay whole), never between the two halves of a surrogate pair.
 */
function hardSplit(line: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(" ", max);
    if (cut < max / 2) cut = isHighSurrogate(rest.charCodeAt(max - 1)) ? max - 1 : max;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== "") pieces.push(rest);
  return pieces.filter((piece) => piece !== "");
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
