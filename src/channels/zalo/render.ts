/**
 * Reply → Zalo text. Zalo has no buttons, so choices become a numbered list and the user
 * answers with the number; the core keeps the last reply's choice payloads in the session and
 * resolves the number itself, so rendering only has to number them in the same order.
 */
import { replyToPlainText, type Choice, type Language, type Reply } from "../../core/types.js";

/** How the numbered-list hint reads in each language. */
const HINTS: Record<Language, { first: (label: string) => string; next: (n: number, label: string) => string }> = {
  vi: { first: (label) => `Gõ 1 để xem ${label}`, next: (n, label) => `${n} để xem ${label}` },
  en: { first: (label) => `Type 1 for ${label}`, next: (n, label) => `${n} for ${label}` },
};

/**
 * One text per reply. Only the last reply keeps its choices: the core remembers the last
 * reply's choices only, so numbers shown on an earlier reply would pick the wrong thing.
 */
export function renderReplies(replies: readonly Reply[], language: Language): string[] {
  return replies
    .map((reply, index) => renderReply(index === replies.length - 1 ? reply : { ...reply, choices: [] }, language))
    .filter((text) => text !== "");
}

/**
 * Plain text of one reply: its blocks, then the prompt and numbered choices, then a
 * "Gõ 1 để xem Giấy tờ, 2 để xem Lệ phí…" hint unless the prompt already explains numbers.
 */
export function renderReply(reply: Reply, language: Language): string {
  const text = replyToPlainText(reply, true);
  const choices = reply.choices ?? [];
  if (choices.length === 0 || explainsNumbers(reply.choicesPrompt)) return text;
  return `${text}\n${numberHint(choices, language)}`;
}

/** Core prompts such as "Gõ số từ 1 đến 3 để chọn." already say how to pick. */
function explainsNumbers(prompt: string | undefined): boolean {
  return prompt !== undefined && /\d/.test(prompt);
}

/** "Gõ 1 để xem Giấy tờ, 2 để xem Lệ phí…": two examples are enough to show the pattern. */
export function numberHint(choices: readonly Choice[], language: Language): string {
  const hint = HINTS[language];
  const [first, second] = choices;
  if (!first) return "";
  const parts = [hint.first(first.label)];
  if (second) parts.push(hint.next(2, second.label));
  return parts.join(", ") + (choices.length > 2 ? "…" : ".");
}
