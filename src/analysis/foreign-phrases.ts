import type { Synonyms } from "../catalog/schema.js";

/**
 * The rewrites a `foreign` block of synonyms.yaml stands for: every name on its own, and every
 * name, short ones included, after each word that points abroad ("bên nhật", "ở hàn quốc"); a
 * word that also means something itself stays ("tiếng nhật" → "tiếng yếu tố nước ngoài").
 */
export function foreignPhrases(foreign: Synonyms["foreign"]): Array<[string, string]> {
  if (!foreign) return [];
  const { means, names, short, after, describes } = foreign;
  const alone = names.map((name): [string, string] => [name, means]);
  const led = (word: string, to: string) => [...names, ...short].map((name): [string, string] => [`${word} ${name}`, to]);
  return [...alone, ...after.flatMap((word) => led(word, means)), ...describes.flatMap((word) => led(word, `${word} ${means}`))];
}
