import type { Procedure } from "./schema.js";

/** Words every procedure name starts with that say nothing about which one it is. */
const LEADING = ["dang", "ky"];

/**
 * Each domestic procedure's foreign-element version, found from the names themselves: a name
 * that is another's plus the foreign marker ("Đăng ký lại khai sinh" → "Đăng ký lại khai sinh
 * có yếu tố nước ngoài"; a leading "Đăng ký" may differ). `wordsOf` gives a name's search words,
 * `marker` the search words of the marker ("yếu tố nước ngoài").
 */
export function foreignVersions(procedures: readonly Procedure[], wordsOf: (text: string) => string[], marker: readonly string[]): Map<string, Procedure> {
  const versions = new Map<string, Procedure>();
  if (marker.length === 0) return versions;
  const keyOf = (words: string[]) => [...new Set(words.filter((word) => !LEADING.includes(word)))].sort().join(" ");
  const foreign = new Map<string, Procedure>();
  const domestic: Array<[Procedure, string]> = [];
  for (const procedure of procedures) {
    const words = wordsOf(procedure.name);
    if (marker.every((word) => words.includes(word))) foreign.set(keyOf(words.filter((word) => !marker.includes(word))), procedure);
    else domestic.push([procedure, keyOf(words)]);
  }
  for (const [procedure, key] of domestic) {
    const version = foreign.get(key);
    if (version) versions.set(procedure.id, version);
  }
  return versions;
}
