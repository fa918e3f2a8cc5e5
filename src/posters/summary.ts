import type { Office, Procedure, ProcedureDocument } from "../catalog/schema.js";
import { messagesFor } from "../core/messages/index.js";
import { posterTexts } from "./texts.js";

/**
 * The procedure in short, as a poster has room for. Every fact comes from the content as the
 * staff wrote it (first sentences, not rewordings), so a poster never states a fee or a
 * document the catalog does not.
 */

const messages = messagesFor("vi");
const FORM_SHORT: Record<ProcedureDocument["form"], string> = {
  original: "bản chính",
  copy: "bản sao",
  present: "xuất trình bản chính",
  "original-or-copy": "bản chính hoặc bản sao",
};
const MAX_SENTENCE = 240;

/** "Tờ khai đăng ký khai sinh (theo mẫu; …)" → "Tờ khai đăng ký khai sinh — bản chính". */
export function shortDocument(document: ProcedureDocument): string {
  const name = withoutAsides(document.name);
  const copies = document.copies > 1 ? `, ${document.copies} bản` : "";
  return `${name} — ${FORM_SHORT[document.form]}${copies}`;
}

/** Documents everyone needs, and how many more only some cases need. */
export function documentsInShort(procedure: Procedure): { always: string[]; conditional: number } {
  return {
    always: procedure.documents.filter((document) => !document.when).map(shortDocument),
    conditional: procedure.documents.filter((document) => document.when).length,
  };
}

export function feeInShort(procedure: Procedure): string {
  return firstSentence(procedure.fee.text);
}

export function timeInShort(procedure: Procedure): string {
  const days = procedure.time.workingDays;
  if (days === 0) return posterTexts.sameDay;
  if (days !== undefined) return messages.workingDays(days);
  return firstSentence(procedure.time.text);
}

export function whereInShort(procedure: Procedure, office: Office): string {
  return procedure.where ?? messages.whereDesk(office.name, office.address);
}

/** Parenthesised asides removed: the poster keeps what the document is, the card the details. */
function withoutAsides(text: string): string {
  const stripped = text.replace(/\s*\([^()]*\)/g, "").replace(/\s+/g, " ").trim();
  return stripped === "" ? text : stripped;
}

function firstSentence(text: string): string {
  const sentence = (/^.*?[.!?](?=\s|$)/s.exec(text.trim())?.[0] ?? text.trim()).replace(/\.$/, "");
  return sentence.length <= MAX_SENTENCE ? sentence : `${sentence.slice(0, MAX_SENTENCE - 1).trimEnd()}…`;
}
