/**
 * The website's search box, bundled by esbuild into assets/search.js. The index is built by
 * the same function and code as the bot's, from the same content, so a word finds here what
 * it finds in the chat. No request leaves the page: the data comes in assets/search-data.js.
 */
import { buildSearchIndex } from "../../catalog/build-search-index.js";
import type { SearchIndex } from "../../catalog/search.js";
import { siteSearch, type SiteAnswer, type SiteResult, type SiteSearchData } from "./site-search.js";

declare global {
  interface Window {
    MOTCUA_SEARCH?: SiteSearchData & { texts: { found: string; none: string } };
  }
}

const DEBOUNCE_MS = 150;

function start(): void {
  const data = window.MOTCUA_SEARCH;
  const form = document.querySelector<HTMLFormElement>("#search");
  const input = document.querySelector<HTMLInputElement>("#q");
  const status = document.querySelector<HTMLElement>("#search-status");
  const list = document.querySelector<HTMLOListElement>("#search-results");
  const elsewhere = document.querySelector<HTMLElement>("#search-elsewhere");
  if (!data || !form || !input || !status || !list || !elsewhere) return;
  document.documentElement.classList.add("search-ready");
  let index: SearchIndex | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const run = (): void => {
    const query = input.value.trim();
    index ??= buildSearchIndex(data);
    show(siteSearch(index, data, query), query, data, { status, list, elsewhere });
    const url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  });
  const initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run();
  }
}

interface Outputs {
  status: HTMLElement;
  list: HTMLOListElement;
  elsewhere: HTMLElement;
}

function show({ results, elsewhere }: SiteAnswer, query: string, data: NonNullable<Window["MOTCUA_SEARCH"]>, outputs: Outputs): void {
  const { status, list } = outputs;
  list.replaceChildren(...results.map(resultItem));
  list.hidden = results.length === 0;
  outputs.elsewhere.textContent = elsewhere ?? "";
  outputs.elsewhere.hidden = !elsewhere;
  if (query === "") status.textContent = "";
  else if (results.length === 0) status.textContent = data.texts.none.replace("{query}", query);
  else status.textContent = data.texts.found.replace("{count}", String(results.length)).replace("{query}", query);
}

function resultItem(result: SiteResult): HTMLLIElement {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = result.url;
  link.textContent = result.name;
  const details = document.createElement("span");
  details.className = "meta";
  details.textContent = [result.shortCode, result.field, result.code].filter(Boolean).join(" · ");
  item.append(link, details);
  return item;
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
