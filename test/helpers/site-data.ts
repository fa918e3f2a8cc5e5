import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SiteSearchData } from "../../src/site/client/site-search.js";

/** The search data a built site ships (assets/search-data.js), read back the way a browser gets it. */
export function shippedSearchData(siteDir: string): SiteSearchData {
  const script = readFileSync(join(siteDir, "assets", "search-data.js"), "utf8");
  const window: { MOTCUA_SEARCH?: SiteSearchData } = {};
  new Function("window", script)(window);
  if (!window.MOTCUA_SEARCH) throw new Error("assets/search-data.js did not set window.MOTCUA_SEARCH");
  return window.MOTCUA_SEARCH;
}
