import type { Catalog } from "../catalog/schema.js";
import type { BotLinkConfig } from "../publish/bot-links.js";
import type { Field } from "../publish/fields.js";
import { askBot } from "./ask-bot.js";
import { html } from "./html.js";
import { shell } from "./layout.js";
import { siteTexts } from "./texts.js";

/** The home page: the search box, the bot's links, and every procedure by field. */
export function indexPage(catalog: Catalog, fields: Field[], config: BotLinkConfig, pageUrl: (id: string) => string): string {
  const { office, shortCodes } = catalog;
  const body = html`<h1>${siteTexts.siteTitle} · ${office.commune}</h1>
<p>${siteTexts.indexIntro(office.name)}</p>
${office.sample ? html`<p class="notice">${siteTexts.sampleOffice}</p>` : ""}
<form id="search" class="search" role="search" action="index.html" method="get">
<label for="q">${siteTexts.searchLabel}</label>
<div class="search-row">
<input id="q" name="q" type="search" autocomplete="off" aria-describedby="search-hint" aria-controls="search-results">
<button type="submit">${siteTexts.searchButton}</button>
</div>
<p id="search-hint" class="hint">${siteTexts.searchHint}</p>
<p class="hint no-script-hint">${siteTexts.searchNeedsScript}</p>
<p id="search-status" role="status"></p>
<p id="search-elsewhere" class="notice" hidden></p>
<ol id="search-results" class="results" hidden></ol>
</form>
${askBot(config)}
<nav class="field-nav" aria-labelledby="fields-title">
<h2 id="fields-title">${siteTexts.fieldsTitle}</h2>
<ul>${fields.map((field) => html`<li><a href="#linh-vuc-${field.topic}">${field.title} (${field.procedures.length})</a></li>`)}</ul>
</nav>
${fields.map(
  (field) => html`<section id="linh-vuc-${field.topic}" aria-labelledby="title-${field.topic}">
<h2 id="title-${field.topic}">${field.title}</h2>
<p class="meta">${field.description ? `${field.description} · ` : ""}${siteTexts.procedureCount(field.procedures.length)}</p>
<ul class="procedure-list">
${field.procedures.map((procedure) => {
  const shortCode = shortCodes.labelOf(procedure.id);
  return html`<li><a href="${pageUrl(procedure.id)}">${procedure.name}</a><span class="meta">${shortCode ? `${shortCode} · ` : ""}${siteTexts.code} ${procedure.code}</span></li>\n`;
})}</ul>
</section>`,
)}`;
  return shell({
    root: "",
    title: `${siteTexts.siteTitle} – ${office.name}`,
    description: siteTexts.indexIntro(office.name),
    office,
    links: config,
    body,
    scripts: ["assets/search-data.js", "assets/search.js"],
  });
}
