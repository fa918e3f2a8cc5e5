import type { Office } from "../catalog/schema.js";
import { telegramBotLink, type BotLinkConfig } from "../publish/bot-links.js";
import { html, type SafeHtml } from "./html.js";
import { siteTexts } from "./texts.js";

export interface ShellOptions {
  /** "" for the site root, "../" one folder down: every link is relative, so the site works in any folder. */
  root: string;
  title: string;
  description: string;
  office: Office;
  links: BotLinkConfig;
  body: SafeHtml;
  /** A small search form in the header (pages other than the index). */
  headerSearch?: boolean;
  scripts?: string[];
}

/** The document around every page: header, main landmark, footer with the office's details. */
export function shell(options: ShellOptions): string {
  const { root, office } = options;
  return `<!doctype html>\n${html`<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${options.title}</title>
<meta name="description" content="${options.description}">
<link rel="stylesheet" href="${root}assets/style.css">
${(options.scripts ?? []).map((script) => html`<script src="${root}${script}" defer></script>\n`)}</head>
<body>
<a class="skip-link" href="#main">${siteTexts.skipToContent}</a>
<header class="site-header">
<div class="wrap">
<a class="site-name" href="${root}index.html">${siteTexts.siteTitle} · ${office.commune}</a>
${options.headerSearch ? headerSearch(root) : ""}
</div>
</header>
<main id="main" class="wrap" tabindex="-1">
${options.body}
</main>
${footer(office, options.links)}
</body>
</html>
`}`;
}

function headerSearch(root: string): SafeHtml {
  return html`<form class="header-search" role="search" action="${root}index.html" method="get">
<label for="header-q">${siteTexts.searchLabel}</label>
<input id="header-q" name="q" type="search" autocomplete="off">
<button type="submit">${siteTexts.searchButton}</button>
</form>`;
}

function footer(office: Office, links: BotLinkConfig): SafeHtml {
  return html`<footer class="site-footer">
<div class="wrap">
<h2>${office.name}</h2>
<p>${siteTexts.address}: ${office.address}</p>
<p>${siteTexts.hours}:</p>
<ul>${office.hours.map((hours) => html`<li>${hours}</li>`)}</ul>
<p>${siteTexts.phone}: ${office.phone}</p>
<p>${siteTexts.onlinePortal}: <a href="${office.onlinePortal}">${office.onlinePortal}</a></p>
${botLinksLine(links)}
${office.sample ? html`<p class="notice">${siteTexts.sampleOffice}</p>` : ""}
<p class="meta">${siteTexts.builtWith}</p>
</div>
</footer>`;
}

function botLinksLine(links: BotLinkConfig): SafeHtml {
  const parts = [
    links.TELEGRAM_BOT_USERNAME ? html`<a href="${telegramBotLink(links.TELEGRAM_BOT_USERNAME)}">Telegram</a>` : null,
    links.ZALO_BOT_LINK ? html`<a href="${links.ZALO_BOT_LINK}">Zalo</a>` : null,
  ].filter((part) => part !== null);
  if (parts.length === 0) return html``;
  return html`<p>${siteTexts.askBotTitle}: ${parts.map((part, index) => html`${index > 0 ? " · " : ""}${part}`)}</p>`;
}
