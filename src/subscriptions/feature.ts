import { outcome, type Turn } from "../core/context.js";
import type { Middleware } from "../core/middleware.js";
import type { Intent, Outcome, Reply } from "../core/types.js";
import type { MessengerName } from "../delivery/types.js";
import { subscriptionMessages } from "./messages.js";
import { ALL_KEY, CHOICE_PREFIX, subscriptionCard, topicList, topicsOf, villageList, villagesOf } from "./presenter.js";
import type { SubscriberRepository, Subscription } from "./repository.js";

/** `/lang en` changes the chat's language: a subscription follows it. */
const LANGUAGE_COMMAND = /^\/(lang|language)(?:@\w+)?\s+\S/i;

/**
 * Residents' subscriptions as a core middleware. The core decides whether a message asks to
 * subscribe or unsubscribe (words or /subscribe, /unsubscribe, /stop: see src/core/intents.ts)
 * and this feature answers those turns from the records store; its own buttons ("sub:…") pick
 * villages and topics. Nothing of a subscription lives in the session, which expires.
 */
export function subscriptionMiddleware(repository: SubscriberRepository): Middleware {
  const feature = new SubscriptionFeature(repository);
  return (turn, next) => feature.handle(turn, next);
}

class SubscriptionFeature {
  constructor(private readonly repository: SubscriberRepository) {}

  async handle(turn: Turn, next: () => Promise<Outcome>): Promise<Outcome> {
    const { incoming } = turn;
    if (incoming.kind === "choice" && incoming.choice?.startsWith(CHOICE_PREFIX)) return this.choice(turn, incoming.choice.slice(CHOICE_PREFIX.length));
    const result = await next();
    if (result.intent === "subscribe") return this.subscribe(turn);
    if (result.intent === "unsubscribe") return this.unsubscribe(turn);
    const channel = messenger(turn);
    if (channel && incoming.kind === "text" && LANGUAGE_COMMAND.test(incoming.text ?? "") && turn.session.language) {
      await this.repository.setLanguage(channel, incoming.chatId, turn.session.language);
    }
    return result;
  }

  private async subscribe(turn: Turn): Promise<Outcome> {
    const channel = messenger(turn);
    if (!channel) return this.notOnThisChannel(turn, "subscribe");
    const { chatId, userId } = turn.incoming;
    // The language chosen with /lang; a session that expired since chose none and keeps the stored one.
    const language = turn.session.language ?? (await this.repository.find(channel, chatId))?.language ?? turn.language;
    const result = await this.repository.subscribe({ channel, chatId, userId, language });
    const text = subscriptionMessages(turn.language);
    const lead = result === "subscribed" ? text.subscribed(turn.catalog.office.commune) : text.already;
    return this.card(turn, "subscribe", [lead]);
  }

  /** One step: no confirmation, so leaving is as easy as it must be. */
  private async unsubscribe(turn: Turn): Promise<Outcome> {
    const channel = messenger(turn);
    if (!channel) return this.notOnThisChannel(turn, "unsubscribe");
    const ended = await this.repository.unsubscribe(channel, turn.incoming.chatId);
    const text = subscriptionMessages(turn.language);
    return outcome("unsubscribe", [{ blocks: [{ lines: ended ? text.unsubscribed : text.notSubscribed }] }]);
  }

  private async choice(turn: Turn, choice: string): Promise<Outcome> {
    const [action = "", key = "", page = ""] = choice.split(":");
    if (action === "on") return this.subscribe(turn);
    if (action === "off") return this.unsubscribe(turn);
    const channel = messenger(turn);
    if (!channel) return this.notOnThisChannel(turn, "subscribe");
    const { chatId } = turn.incoming;
    const subscription = await this.repository.find(channel, chatId);
    if (!subscription?.active) {
      const text = subscriptionMessages(turn.language);
      return outcome("subscribe", [{ blocks: [{ lines: text.ended }], choices: [{ label: text.subscribeAgain, payload: `${CHOICE_PREFIX}on` }] }]);
    }
    switch (action) {
      case "vl":
        return this.reply(turn, villageList(turn, subscription, pageNumber(page)));
      case "v": {
        const villages = toggled(subscription.villages, key, villagesOf(turn.catalog).map((village) => village.id));
        if (villages) await this.repository.setVillages(channel, chatId, villages);
        return this.reply(turn, villageList(turn, { ...subscription, villages: villages ?? subscription.villages }, pageNumber(page)));
      }
      case "tl":
        return this.reply(turn, topicList(turn, subscription));
      case "t": {
        const topics = toggled(subscription.topics, key, topicsOf(turn.catalog));
        if (topics) await this.repository.setTopics(channel, chatId, topics);
        return this.reply(turn, topicList(turn, { ...subscription, topics: topics ?? subscription.topics }));
      }
      default:
        return this.reply(turn, subscriptionCard(turn, subscription));
    }
  }

  private async card(turn: Turn, intent: Intent, lead: string[]): Promise<Outcome> {
    const channel = messenger(turn);
    const subscription = channel ? await this.repository.find(channel, turn.incoming.chatId) : undefined;
    if (!subscription) return outcome(intent, [{ blocks: [{ lines: lead }] }]);
    return outcome(intent, [subscriptionCard(turn, subscription, lead)]);
  }

  private reply(turn: Turn, reply: Reply): Outcome {
    return outcome("subscribe", [reply]);
  }

  private notOnThisChannel(turn: Turn, intent: Intent): Outcome {
    return outcome(intent, [{ blocks: [{ lines: [subscriptionMessages(turn.language).messengerOnly] }] }]);
  }
}

/** Subscriptions are for chats the bot can message later: Telegram and Zalo. */
function messenger(turn: Turn): MessengerName | undefined {
  const { channel } = turn.incoming;
  return channel === "telegram" || channel === "zalo" ? channel : undefined;
}

/**
 * The list after picking `key`: "*" clears it (all), a known key is added or removed, anything
 * else (an old button, a typed payload) changes nothing and gives undefined.
 */
function toggled(current: readonly string[], key: string, known: readonly string[]): string[] | undefined {
  if (key === ALL_KEY) return [];
  if (!known.includes(key)) return undefined;
  // Keys no longer listed (a village taken out of the office profile) go with any change.
  const kept = current.filter((item) => known.includes(item));
  return kept.includes(key) ? kept.filter((item) => item !== key) : [...kept, key];
}

function pageNumber(raw: string): number {
  const page = Number(raw);
  return Number.isInteger(page) && page >= 1 ? page : 1;
}
