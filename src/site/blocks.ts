import type { Block } from "../core/types.js";
import { html, linkify, type SafeHtml } from "./html.js";

const BULLET = /^•\s*/;
const NUMBERED = /^\d+\.\s+/;

/**
 * A card block's lines as HTML: runs of "• …" lines become a list, runs of "1. …" an ordered
 * list, anything else a paragraph. The lines are the bot's own (src/core/cards.ts), so the
 * page says exactly what the chat says.
 */
export function blockLines(lines: string[]): SafeHtml {
  const parts: SafeHtml[] = [];
  for (let index = 0; index < lines.length; ) {
    const line = lines[index]!;
    const pattern = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : null;
    if (!pattern) {
      parts.push(html`<p>${linkify(line)}</p>`);
      index++;
      continue;
    }
    const items: SafeHtml[] = [];
    while (index < lines.length && pattern.test(lines[index]!)) {
      items.push(html`<li>${linkify(lines[index]!.replace(pattern, ""))}</li>`);
      index++;
    }
    parts.push(pattern === BULLET ? html`<ul>${items}</ul>` : html`<ol>${items}</ol>`);
  }
  return html`${parts}`;
}

export function blockSection(block: Block, id?: string, className = "section"): SafeHtml {
  return html`<section class="${className}"${id ? html` id="${id}"` : ""}>
<h2>${block.title ?? ""}</h2>
${blockLines(block.lines)}
</section>`;
}
