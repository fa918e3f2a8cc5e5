import type { Office, Procedure } from "../catalog/schema.js";
import { procedureCard, sectionBlock } from "../core/cards.js";
import { messagesFor } from "../core/messages/index.js";
import { SECTIONS, type Block } from "../core/types.js";
import type { BotLinkConfig, ProcedureBotLinks } from "../publish/bot-links.js";
import type { Field } from "../publish/fields.js";
import { vietnameseDate } from "../publish/vietnamese-date.js";
import { askAboutProcedure } from "./ask-bot.js";
import { blockSection } from "./blocks.js";
import { html } from "./html.js";
import { shell } from "./layout.js";
import { siteTexts } from "./texts.js";

const messages = messagesFor("vi");
/** Section title → anchor id, so a page can link to "#le-phi" and the like. */
const SECTION_IDS: Record<string, string> = {
  [messages.audienceTitle]: "ai-thuc-hien",
  ...Object.fromEntries(SECTIONS.map((section) => [messages.sectionTitles[section], sectionId(section)])),
};

function sectionId(section: (typeof SECTIONS)[number]): string {
  return { documents: "giay-to", fees: "le-phi", time: "thoi-gian", steps: "cac-buoc", where: "noi-nop", online: "truc-tuyen", legal: "can-cu-phap-ly" }[section];
}

export interface ProcedurePageInput {
  procedure: Procedure;
  office: Office;
  field: Pick<Field, "topic" | "title">;
  links: ProcedureBotLinks;
  config: BotLinkConfig;
}

/**
 * One procedure's page: the bot's own card (same wording, same provincial fee, same cautions),
 * plus the steps and result, the links to ask the bot about it, and the review date.
 */
export function procedurePage({ procedure, office, field, links, config }: ProcedurePageInput): string {
  const context = { office, messages };
  const card = procedureCard(procedure, context).blocks.slice(1).filter((block) => block.title);
  const documentsAt = card.findIndex((block) => block.title === messages.sectionTitles.documents);
  const extra: Block[] = [sectionBlock(procedure, "steps", context)];
  if (procedure.result) extra.push({ title: messages.resultTitle, lines: [procedure.result] });
  card.splice(documentsAt + 1, 0, ...extra);
  const body = html`<p class="meta"><a href="../index.html#linh-vuc-${field.topic}">${field.title}</a></p>
<h1>${procedure.name}</h1>
<dl class="facts">
<dt>${siteTexts.code}</dt><dd>${procedure.code}</dd>
${links.shortCode ? html`<dt>${siteTexts.shortCode}</dt><dd>${links.shortCode}</dd>` : ""}
<dt>${siteTexts.field}</dt><dd>${field.title}</dd>
</dl>
${askAboutProcedure(links)}
${card.map((block) =>
  block.title === messages.unverifiedTitle ? blockSection(block, "chua-xac-minh", "section notice") : blockSection(block, SECTION_IDS[block.title ?? ""]),
)}
<p class="reviewed">${siteTexts.reviewed} <time datetime="${procedure.reviewed}">${vietnameseDate(procedure.reviewed)}</time>.</p>
<p><a href="../index.html">${siteTexts.backToIndex}</a></p>`;
  return shell({
    root: "../",
    title: `${procedure.name} – ${siteTexts.siteTitle} ${office.commune}`,
    description: `${procedure.name}: ${siteTexts.indexIntro(office.name)}`,
    office,
    links: config,
    body,
    headerSearch: true,
  });
}
