import type { Topic } from "../../catalog/schema.js";
import { topicSchema } from "../../catalog/schema.js";
import { payload } from "../cards.js";
import { outcome, type Turn } from "../context.js";
import type { Language, Outcome, Reply } from "../types.js";

/** Welcome text with the topic menu: the answer to /start, greetings, "menu", "hướng dẫn". */
export function welcome(turn: Turn): Outcome {
  return outcome("help", [welcomeReply(turn)]);
}

export function welcomeReply(turn: Turn): Reply {
  const { messages, catalog } = turn;
  return {
    blocks: [{ title: messages.welcomeTitle(catalog.office.name), lines: messages.welcomeLines }],
    choices: topicSchema.options
      .filter((topic) => catalog.procedures.some((procedure) => procedure.topic === topic))
      .map((topic) => ({ label: messages.topics[topic], payload: payload.topic(topic) })),
    choicesPrompt: messages.topicsPrompt,
  };
}

/** Where the desk is and when it is open: the answer to a "where / what time" question about no procedure. */
export function officeInfo(turn: Turn): Outcome {
  const { office } = turn.catalog;
  const { messages } = turn;
  const lines = [
    messages.whereDesk(office.name, office.address),
    messages.hoursTitle,
    ...office.hours.map((hours) => `• ${hours}`),
    messages.phoneLine(office.phone),
    messages.onlineAt(office.onlinePortal),
    ...(office.sample ? [messages.sampleOffice] : []),
  ];
  return outcome("help", [{ blocks: [{ title: messages.sectionTitles.where, lines }] }], { section: "where" });
}

/** Procedures per page of a topic list: a numbered list people can still read on a phone. */
export const TOPIC_PAGE_SIZE = 12;

/**
 * The procedures of one topic as a choice list, a page at a time (a topic can hold dozens),
 * with choices to the next and previous pages.
 */
export function topicList(turn: Turn, topic: Topic, page = 1): Outcome {
  const { messages } = turn;
  const procedures = turn.catalog.procedures.filter((procedure) => procedure.topic === topic);
  const pages = Math.max(1, Math.ceil(procedures.length / TOPIC_PAGE_SIZE));
  const current = Math.min(page, pages);
  const shown = procedures.slice((current - 1) * TOPIC_PAGE_SIZE, current * TOPIC_PAGE_SIZE);
  const choices = [
    ...shown.map((procedure) => ({ label: procedure.name, payload: payload.procedure(procedure.id) })),
    ...(current < pages ? [{ label: messages.nextPage, payload: payload.topic(topic, current + 1) }] : []),
    ...(current > 1 ? [{ label: messages.previousPage, payload: payload.topic(topic, current - 1) }] : []),
  ];
  const title = messages.topicTitle(messages.topics[topic]);
  return outcome("help", [
    {
      blocks: [{ title: pages > 1 ? `${title} ${messages.pageOf(current, pages)}` : title, lines: [] }],
      choices,
      choicesPrompt: messages.chooseByNumber(choices.length),
    },
  ]);
}

/** "en", "english", "vi", "tiếng việt" → a language; anything else → null. */
export function parseLanguage(argument: string): Language | null {
  const wanted = argument.trim().toLowerCase();
  if (wanted.startsWith("en")) return "en";
  if (wanted.startsWith("vi") || wanted.startsWith("ti")) return "vi";
  return null;
}
