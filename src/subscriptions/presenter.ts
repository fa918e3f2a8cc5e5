import { topicSchema, type Catalog, type Topic, type Village } from "../catalog/schema.js";
import type { Turn } from "../core/context.js";
import type { Choice, Reply } from "../core/types.js";
import { subscriptionMessages } from "./messages.js";
import type { Subscription } from "./repository.js";

/** Every payload of this feature starts so; the rest is `<action>[:<key>[:<page>]]`. */
export const CHOICE_PREFIX = "sub:";
/** Villages per page: with "all", "done" and paging the list stays within a session's 20 choices. */
export const VILLAGES_PER_PAGE = 8;
/** Marks a picked village or topic in a list. */
const PICKED = "✓ ";

export const payload = {
  view: `${CHOICE_PREFIX}view`,
  subscribe: `${CHOICE_PREFIX}on`,
  unsubscribe: `${CHOICE_PREFIX}off`,
  villages: (page = 1) => `${CHOICE_PREFIX}vl:${page}`,
  village: (id: string, page: number) => `${CHOICE_PREFIX}v:${id}:${page}`,
  topics: `${CHOICE_PREFIX}tl`,
  topic: (topic: string) => `${CHOICE_PREFIX}t:${topic}`,
};
/** The key that stands for "all" in a village or topic payload. */
export const ALL_KEY = "*";

export function villagesOf(catalog: Pick<Catalog, "office">): Village[] {
  return catalog.office.villages ?? [];
}

/** Topics residents may pick: those the catalog has procedures in, in the catalog's order. */
export function topicsOf(catalog: Pick<Catalog, "procedures">): Topic[] {
  const used = new Set(catalog.procedures.map((procedure) => procedure.topic));
  const topics = topicSchema.options.filter((topic) => used.has(topic));
  return topics.length > 0 ? topics : [...topicSchema.options];
}

/** The subscription as the resident sees it, with what they can change. */
export function subscriptionCard(turn: Turn, subscription: Subscription, lead: string[] = []): Reply {
  const text = subscriptionMessages(turn.language);
  const villages = villagesOf(turn.catalog);
  const lines = [
    ...lead,
    subscription.active ? text.active : text.inactive,
    ...(villages.length > 0 ? [text.villagesLine(villageNames(turn, subscription.villages))] : []),
    text.topicsLine(topicNames(turn, subscription.topics)),
    text.languageLine(subscription.language),
  ];
  if (!subscription.active) return { blocks: [{ title: text.title(turn.catalog.office.commune), lines }], choices: [{ label: text.subscribeAgain, payload: payload.subscribe }] };
  const choices: Choice[] = [
    ...(villages.length > 0 ? [{ label: text.chooseVillages, payload: payload.villages() }] : []),
    { label: text.chooseTopics, payload: payload.topics },
    { label: text.stop, payload: payload.unsubscribe },
  ];
  return {
    blocks: [{ title: text.title(turn.catalog.office.commune), lines: [...lines, text.chooseHint(villages.length > 0), text.howToStop] }],
    choices,
  };
}

/** One page of villages to pick, the picked ones marked. */
export function villageList(turn: Turn, subscription: Subscription, page: number): Reply {
  const text = subscriptionMessages(turn.language);
  const villages = villagesOf(turn.catalog);
  const pages = Math.max(1, Math.ceil(villages.length / VILLAGES_PER_PAGE));
  const current = Math.min(Math.max(1, page), pages);
  const picked = new Set(subscription.villages);
  const choices: Choice[] = villages
    .slice((current - 1) * VILLAGES_PER_PAGE, current * VILLAGES_PER_PAGE)
    .map((village) => ({ label: `${picked.has(village.id) ? PICKED : ""}${village.name}`, payload: payload.village(village.id, current) }));
  choices.push({ label: `${picked.size === 0 ? PICKED : ""}${text.allVillages}`, payload: payload.village(ALL_KEY, current) });
  if (current > 1) choices.push({ label: text.previousPage, payload: payload.villages(current - 1) });
  if (current < pages) choices.push({ label: text.nextPage, payload: payload.villages(current + 1) });
  choices.push({ label: text.done, payload: payload.view });
  return { blocks: [{ title: text.villagesPrompt, lines: [text.villagesLine(villageNames(turn, subscription.villages))] }], choices };
}

/** The topics to pick, the picked ones marked. */
export function topicList(turn: Turn, subscription: Subscription): Reply {
  const text = subscriptionMessages(turn.language);
  const picked = new Set(subscription.topics);
  const choices: Choice[] = topicsOf(turn.catalog).map((topic) => ({
    label: `${picked.has(topic) ? PICKED : ""}${turn.messages.topics[topic]}`,
    payload: payload.topic(topic),
  }));
  choices.push({ label: `${picked.size === 0 ? PICKED : ""}${text.allTopics}`, payload: payload.topic(ALL_KEY) });
  choices.push({ label: text.done, payload: payload.view });
  return { blocks: [{ title: text.topicsPrompt, lines: [text.topicsLine(topicNames(turn, subscription.topics))] }], choices };
}

function villageNames(turn: Turn, ids: readonly string[]): string {
  // A village removed from the office profile since it was picked is not shown (campaigns cannot aim at it).
  const names = villagesOf(turn.catalog).filter((village) => ids.includes(village.id)).map((village) => village.name);
  return names.length > 0 ? names.join(", ") : subscriptionMessages(turn.language).all;
}

function topicNames(turn: Turn, topics: readonly string[]): string {
  const names = topicSchema.options.filter((topic) => topics.includes(topic)).map((topic) => turn.messages.topics[topic]);
  return names.length > 0 ? names.join(", ") : subscriptionMessages(turn.language).all;
}
