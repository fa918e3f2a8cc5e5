import { printableLink, telegramBotLink, type BotLinkConfig, type ProcedureBotLinks } from "../publish/bot-links.js";
import { html, type SafeHtml } from "./html.js";
import { qrSvg } from "./qr-svg.js";
import { siteTexts } from "./texts.js";

/** The "ask the bot about this procedure" box: deep link on Telegram, link plus short code on Zalo. */
export function askAboutProcedure(links: ProcedureBotLinks): SafeHtml {
  if (!links.telegram && !links.zalo) return html``;
  return html`<section class="ask" aria-labelledby="ask-title">
<h2 id="ask-title">${siteTexts.askProcedureTitle}</h2>
<div class="ask-channels">
${links.telegram
    ? html`<div class="ask-channel">
<p><a class="button" href="${links.telegram}">${siteTexts.openTelegramProcedure}</a></p>
<div class="qr-block">${qrSvg(links.telegram, siteTexts.qrTelegram)}<p class="meta">${siteTexts.qrHint}</p></div>
</div>`
    : ""}
${links.zalo
    ? html`<div class="ask-channel">
<p><a class="button" href="${links.zalo}">${siteTexts.openZalo}</a> ${links.shortCode ? html`${siteTexts.zaloThenSend} <span class="code">${links.shortCode}</span>` : ""}</p>
<div class="qr-block">${qrSvg(links.zalo, siteTexts.qrZalo)}<p class="meta">${printableLink(links.zalo)}</p></div>
</div>`
    : ""}
</div>
${links.shortCode ? html`<p>${siteTexts.sendCodeOnEither(links.shortCode)}</p>` : ""}
</section>`;
}

/** The same box for the whole catalog: opens the bot; the short codes are on each page. */
export function askBot(config: BotLinkConfig): SafeHtml {
  const telegram = config.TELEGRAM_BOT_USERNAME ? telegramBotLink(config.TELEGRAM_BOT_USERNAME) : undefined;
  const zalo = config.ZALO_BOT_LINK;
  if (!telegram && !zalo) return html``;
  return html`<section class="ask" aria-labelledby="ask-title">
<h2 id="ask-title">${siteTexts.askBotTitle}</h2>
<p>${siteTexts.askBotIntro} ${siteTexts.sendAnyCode}</p>
<div class="ask-channels">
${telegram ? html`<div class="ask-channel"><p><a class="button" href="${telegram}">${siteTexts.openTelegram}</a></p></div>` : ""}
${zalo ? html`<div class="ask-channel"><p><a class="button" href="${zalo}">${siteTexts.openZalo}</a></p><div class="qr-block">${qrSvg(zalo, siteTexts.qrZalo)}</div></div>` : ""}
</div>
</section>`;
}
