/**
 * Splits Telegram HTML into messages under the 4,096-character limit without ever cutting a
 * tag or an entity in half. Cuts go, in order of preference, at a paragraph break (blank
 * line), a line break, a space, and only as a last resort anywhere between two characters.
 * A tag left open at a cut is closed at the end of the chunk and reopened at the start of the
 * next one, so every chunk is valid HTML on its own.
 */

/** Telegram's limit for one message text. */
export const TELEGRAM_TEXT_LIMIT = 4096;

interface Token {
  text: string;
  /** For tags: the lower-case tag name. */
  tag?: string;
  closing?: boolean;
}

interface OpenTag {
  name: string;
  raw: string;
}

type BreakKind = "paragraph" | "line" | "space" | "any";

const TOKEN = /<\/?([a-zA-Z][a-zA-Z0-9-]*)[^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);|[\s\S]/gu;

/** Splits `html` into chunks of at most `limit` UTF-16 code units (what Telegram counts). */
export function splitHtml(html: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  if (html.length <= limit) return visible(html) ? [html] : [];
  const tokens = tokenize(html);
  const chunks: string[] = [];
  let start = 0;
  let stack: OpenTag[] = [];
  while (start < tokens.length) {
    const cut = findCut(tokens, start, stack, limit);
    const body = tokens.slice(start, cut.end).map((token) => token.text).join("");
    const chunk = stack.map((tag) => tag.raw).join("") + body + closers(cut.stack);
    if (visible(chunk)) chunks.push(chunk);
    stack = cut.stack;
    start = skipSeparators(tokens, cut.end);
  }
  return chunks;
}

/** Splits text into tags, entities and single code points (surrogate pairs stay whole). */
function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  for (const match of html.matchAll(TOKEN)) {
    const text = match[0];
    const name = match[1];
    if (name !== undefined) tokens.push({ text, tag: name.toLowerCase(), closing: text.startsWith("</") });
    else tokens.push({ text });
  }
  return tokens;
}

/**
 * Scans forward from `start` while the chunk still fits, remembering the last position of
 * each break kind where the chunk (with its closing tags) fits, then takes the best kind.
 */
function findCut(tokens: Token[], start: number, opened: OpenTag[], limit: number): { end: number; stack: OpenTag[] } {
  let length = opened.reduce((sum, tag) => sum + tag.raw.length, 0);
  let stack = opened;
  const best = new Map<BreakKind, { end: number; stack: OpenTag[] }>();
  let index = start;
  for (; index < tokens.length; index++) {
    const token = tokens[index];
    if (token === undefined) break;
    const kind = breakBefore(tokens, index);
    if (kind && index > start && length + closers(stack).length <= limit) best.set(kind, { end: index, stack });
    if (length + token.text.length > limit) break;
    length += token.text.length;
    stack = apply(stack, token);
    if (length + closers(stack).length <= limit) best.set("any", { end: index + 1, stack });
  }
  if (index >= tokens.length && length + closers(stack).length <= limit) return { end: index, stack };
  for (const kind of ["paragraph", "line", "space", "any"] as const) {
    const found = best.get(kind);
    if (found) return found;
  }
  // A single token longer than the limit cannot happen with our renderer; never loop forever.
  const token = tokens[start];
  return { end: start + 1, stack: token ? apply(opened, token) : opened };
}

/** What kind of break sits just before `tokens[index]`, if any. */
function breakBefore(tokens: Token[], index: number): BreakKind | null {
  const here = tokens[index]?.text;
  if (here === "\n") return tokens[index + 1]?.text === "\n" ? "paragraph" : "line";
  if (here === " ") return "space";
  return null;
}

/** Separators at a cut are dropped: a chunk never starts with a blank line. */
function skipSeparators(tokens: Token[], index: number): number {
  let next = index;
  while (tokens[next]?.text === "\n" || tokens[next]?.text === " ") next++;
  return next;
}

function apply(stack: OpenTag[], token: Token): OpenTag[] {
  if (token.tag === undefined) return stack;
  if (!token.closing) return [...stack, { name: token.tag, raw: token.text }];
  const at = stack.map((tag) => tag.name).lastIndexOf(token.tag);
  return at < 0 ? stack : [...stack.slice(0, at), ...stack.slice(at + 1)];
}

function closers(stack: OpenTag[]): string {
  return stack
    .map((tag) => `</${tag.name}>`)
    .reverse()
    .join("");
}

/** Telegram rejects a message whose text is empty once tags are removed. */
function visible(html: string): boolean {
  return html.replace(/<[^>]*>/g, "").trim() !== "";
}
