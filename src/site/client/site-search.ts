import type { Lexicon } from "../../analysis/lexicon.js";
import type { Procedure, Synonyms } from "../../catalog/schema.js";
import type { SearchIndex } from "../../catalog/search.js";

/**
 * What the website's search box shows: the bot's own search results (the index comes from
 * `buildSearchIndex`, as in the bot), turned into links. Runs in the browser and in tests.
 * Only types are imported here, so the browser bundle holds nothing but the search code.
 */

/** The data the site ships for its search box (assets/search-data.js). */
export interface SiteSearchData {
  /**
   * Procedures, synonyms and the lexicon (section cues, markers, regional and shorthand
   * spellings) exactly as the bot loads them from content/, so the index is the bot's.
   */
  procedures: Procedure[];
  synonyms: Synonyms;
  lexicon: Lexicon;
  /** Per procedure id: its page (relative to the site root), short code and field. */
  pages: Record<string, { url: string; shortCode?: string; field: string }>;
}

export interface SiteResult {
  id: string;
  name: string;
  code: string;
  url: string;
  shortCode?: string;
  field: string;
}

export interface SiteAnswer {
  results: SiteResult[];
  /** Where to go instead when the words name something this desk does not do (the bot's own pointer). */
  elsewhere?: string;
}

/** As many results as the page lists. */
export const SITE_RESULT_LIMIT = 10;
/**
 * Results scoring under this share of the best one are left out: a web list may show a few
 * close alternatives, not every procedure that shares the word "giấy". Relative, so it holds
 * whatever scale the search uses.
 */
export const RELATIVE_CUTOFF = 0.6;

export function siteSearch(index: SearchIndex, data: SiteSearchData, query: string, limit = SITE_RESULT_LIMIT): SiteAnswer {
  if (query.trim() === "") return { results: [] };
  const hits = index.search(query, limit);
  const best = hits[0]?.score ?? 0;
  const results = hits.filter((hit) => hit.score >= best * RELATIVE_CUTOFF).map(({ procedure }) => {
    const page = data.pages[procedure.id];
    return {
      id: procedure.id,
      name: procedure.name,
      code: procedure.code,
      url: page?.url ?? "",
      shortCode: page?.shortCode,
      field: page?.field ?? "",
    };
  });
  return { results, elsewhere: index.redirectFor(query)?.redirect.answer };
}
