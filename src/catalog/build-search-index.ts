import type { Catalog } from "./schema.js";
import { SearchIndex } from "./search.js";

/**
 * The one place the procedure search index is built, shared by the bot and the website's
 * in-browser search (bundled from the same code), so both find the same procedures for the
 * same words. Keep it free of Node-only imports: it runs in the browser too. The lexicon
 * (section cues, markers, regional spellings) is optional: without it search still works.
 */
export function buildSearchIndex(catalog: Pick<Catalog, "procedures" | "synonyms"> & Partial<Pick<Catalog, "lexicon">>): SearchIndex {
  return new SearchIndex(catalog.procedures, catalog.synonyms, catalog.lexicon);
}
