import type { Synonyms } from "../catalog/schema.js";

/**
 * The rewrites a `foreign` block of synonyms.yaml stands for: every name on its own, and every
 * name, short ones included, after each word that points abroad ("bên nhật", "ở hàn quốc").
 */
export function foreignPhrases(foreign: Synonyms["foreign"]): Array<[string, string]> {
  if (!foreign) return [];
  const { means, names, short, after } = foreign;
  const alone = names.map((name): [string, string] => [name, means]);
  const led = after.flatMap((word) => [...names, ...short].map((name): [string, string] => [`${word} ${name}`, means]));
  return [...alone, ...led];
}
