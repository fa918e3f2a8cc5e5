import { feesOn, vietnamToday } from "../catalog/fees.js";
import { isLocalCode, type Office, type Procedure, type ProvincialFee, type Topic } from "../catalog/schema.js";
import type { Messages } from "./messages/index.js";
import type { Block, Choice, Reply, Section } from "./types.js";

/** Builds channel-neutral replies for procedures: the full card and one-section views. */

const CARD_SECTIONS: readonly Section[] = ["documents", "fees", "time", "where", "online", "legal"];
const NAV_SECTIONS: readonly Section[] = ["documents", "fees", "time", "where", "online", "steps"];

export const payload = {
  procedure: (id: string) => `p:${id}`,
  section: (id: string, section: Section) => `s:${id}:${section}`,
  topic: (topic: Topic, page = 1) => (page > 1 ? `t:${topic}:${page}` : `t:${topic}`),
};

export interface CardContext {
  office: Office;
  messages: Messages;
  /** The day (YYYY-MM-DD) fees and dated notes are judged on; today in Vietnam when omitted. */
  today?: string;
}

export function procedureCard(procedure: Procedure, context: CardContext): Reply {
  const { messages } = context;
  const blocks: Block[] = [
    { title: procedure.name, lines: [codeLine(procedure, messages)] },
    { title: messages.audienceTitle, lines: [procedure.audience] },
    ...CARD_SECTIONS.map((section) => sectionBlock(procedure, section, context)),
    ...(procedure.result ? [{ title: messages.resultTitle, lines: [procedure.result] }] : []),
    ...footer(procedure, context),
  ];
  return {
    blocks,
    choices: NAV_SECTIONS.map((section) => ({
      label: messages.sectionButtons[section],
      payload: payload.section(procedure.id, section),
    })),
    choicesPrompt: messages.sectionPrompt,
  };
}

/** One section, or a few asked in the same message ("cần giấy tờ gì, mất bao lâu"), in that order. */
export function sectionReply(procedure: Procedure, section: Section, context: CardContext, also: readonly Section[] = []): Reply {
  const { messages } = context;
  const shown = [section, ...also.filter((other) => other !== section)];
  const others: Choice[] = NAV_SECTIONS.filter((other) => !shown.includes(other)).map((other) => ({
    label: messages.sectionButtons[other],
    payload: payload.section(procedure.id, other),
  }));
  return {
    blocks: [
      { title: procedure.name, lines: [codeLine(procedure, messages)] },
      ...shown.map((each) => sectionBlock(procedure, each, context)),
      ...footer(procedure, context, shown),
    ],
    choices: [...others, { label: messages.fullCardButton, payload: payload.procedure(procedure.id) }],
    choicesPrompt: messages.sectionPrompt,
  };
}

export function sectionBlock(procedure: Procedure, section: Section, context: CardContext): Block {
  const title = context.messages.sectionTitles[section];
  return { title, lines: SECTION_LINES[section](procedure, context) };
}

const SECTION_LINES: Record<Section, (procedure: Procedure, context: CardContext) => string[]> = {
  documents: (procedure, { messages }) =>
    procedure.documents.map((document, index) => {
      const details = [messages.forms[document.form], messages.copies(document.copies)];
      if (document.when) details.push(messages.documentWhen(lowerFirst(document.when)));
      const note = document.note ? ` ${document.note}` : "";
      return `${index + 1}. ${document.name} (${details.join(", ")}).${note}`;
    }),
  fees: (procedure, context) => feeLines(procedure, context),
  time: (procedure, { messages }) => [
    ...(procedure.time.workingDays !== undefined ? [messages.workingDays(procedure.time.workingDays) + "."] : []),
    procedure.time.text,
  ],
  steps: (procedure) => procedure.steps.map((step, index) => `${index + 1}. ${step}`),
  where: (procedure, { office, messages }) => [
    procedure.where ?? messages.whereDesk(office.name, office.address),
    messages.hoursTitle,
    ...office.hours.map((hours) => `• ${hours}`),
    messages.phoneLine(office.phone),
    ...(procedure.where ? [] : [messages.anyDeskNote]),
    ...(office.sample ? [messages.sampleOffice] : []),
  ],
  online: (procedure, { messages }) => [
    messages.onlineLevels[procedure.online.level],
    ...(procedure.online.url && procedure.online.level !== "none" ? [messages.onlineAt(procedure.online.url)] : []),
    ...(procedure.online.note ? [procedure.online.note] : []),
  ],
  legal: (procedure) => procedure.legal.map((law) => `• ${law}`),
};

function codeLine(procedure: Procedure, messages: Messages): string {
  if (isLocalCode(procedure.code)) return messages.codeUnknown;
  return procedure.codeUnverified ? messages.codeUnconfirmed(procedure.code) : messages.codeLabel(procedure.code);
}

function feeLines(procedure: Procedure, context: CardContext): string[] {
  const { fee } = procedure;
  const { messages } = context;
  const lines: string[] = [];
  if (fee.setBy === "national" && fee.amount === 0) lines.push(messages.feeFree);
  else if (fee.setBy === "national" && fee.amount !== undefined) lines.push(messages.feeAmount(formatVnd(fee.amount)));
  else if (fee.setBy === "province") lines.push(...provincialFeeLines(procedure, context));
  else if (fee.setBy === "unknown") lines.push(messages.feeUnknown);
  lines.push(fee.text);
  if (fee.exemptions.length > 0) lines.push(messages.exemptionsTitle, ...fee.exemptions.map((item) => `• ${item}`));
  return lines;
}

/**
 * Amounts from the office province's fee table in force today, each with its resolution (or a
 * caution when that is not confirmed), amounts a later resolution announces, and online
 * reductions. A procedure file's own byProvince amount is the fallback for older content.
 */
function provincialFeeLines(procedure: Procedure, { office, messages, today }: CardContext): string[] {
  const province = office.province;
  const amount = (value: number) => (value === 0 ? messages.freeAmount : formatVnd(value));
  const fees = procedure.provincialFees ? feesOn(procedure.provincialFees, today ?? vietnamToday()) : undefined;
  const item = (fee: ProvincialFee) => messages.feeProvinceItem({ label: fee.label, province, amount: amount(fee.amount), per: fee.per });
  if (fees && fees.current.length + fees.later.length + fees.online.length > 0) {
    const lines = fees.current.map(item);
    const sources = [...fees.current, ...fees.online].map((entry) => entry.resolution);
    if (sources.some((resolution) => resolution.unverified)) lines.push(messages.feeResolutionUnverified);
    for (const resolution of new Set(sources.filter((entry) => !entry.unverified && entry.number && entry.effective))) {
      lines.push(messages.feeResolution(resolution.number!, messages.date(resolution.effective!)));
    }
    for (const fee of fees.later) lines.push(messages.feeFrom(messages.date(fee.resolution.effective!), item(fee)));
    for (const reduction of fees.online) lines.push(messages.feeOnlineReduction(reduction.reductionPercent));
    if (fees.current.length === 0 && fees.later.length === 0) lines.unshift(messages.feeProvinceUnknown(province));
    return lines;
  }
  const legacy = procedure.fee.byProvince?.[province];
  return [legacy !== undefined ? messages.feeProvince(province, formatVnd(legacy)) : messages.feeProvinceUnknown(province)];
}

/** Cautions and notes, then the review date; on a section answer only cautions that concern a section shown. */
function footer(procedure: Procedure, { messages, today }: CardContext, sections?: readonly Section[]): Block[] {
  const concerns = (caution: { sections?: readonly Section[] }) => !sections || !caution.sections || caution.sections.some((each) => sections.includes(each));
  const blocks: Block[] = [];
  const unverified = procedure.unverified.filter(concerns);
  if (unverified.length > 0) {
    blocks.push({ title: messages.unverifiedTitle, lines: unverified.map((item) => `• ${item.text}`) });
  }
  const day = today ?? vietnamToday();
  const notes = procedure.notes.filter((note) => (!note.from || note.from <= day) && (!note.until || day < note.until) && concerns(note));
  if (notes.length > 0) {
    blocks.push({ title: messages.notesTitle, lines: notes.map((note) => `• ${note.text}`) });
  }
  blocks.push({ lines: [messages.reviewed(messages.date(procedure.reviewed))] });
  return blocks;
}

/** "Nhờ người khác…" reads as "nếu nhờ người khác…"; acronyms such as "CCCD" stay as written. */
function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

export function formatVnd(amount: number): string {
  return `${new Intl.NumberFormat("vi-VN").format(amount)} đồng`;
}
