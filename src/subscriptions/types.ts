import type { Language } from "../core/types.js";
import type { MessengerName } from "../delivery/types.js";

/**
 * The contract between residents' subscriptions and staff campaigns (issue #9). Subscriptions
 * own the `subscribers` table and this repository; campaigns only read an audience through it
 * and report chats that can no longer be messaged.
 *
 * Targeting rule (both sides rely on it): an empty list means "all". A campaign aimed at
 * villages V and topics T reaches an active subscriber when (the subscriber chose no village,
 * or chose one in V, or V is empty) and (the subscriber chose no topic, or one in T, or T is
 * empty). Village keys are the ids listed in content/office.yaml; topic keys are procedure
 * topics (the catalog's `topic` enum in src/catalog/schema.ts).
 */
export interface AudienceFilter {
  villages: readonly string[];
  topics: readonly string[];
}

export interface Subscriber {
  /** Stable, increasing: campaigns page through an audience by it. */
  id: number;
  channel: MessengerName;
  chatId: string;
  /** Announcements are rendered in the language the resident chose. */
  language: Language;
  villages: string[];
  topics: string[];
  subscribedAt: number;
}

export interface AudiencePage {
  subscribers: Subscriber[];
  /** Pass as `afterId` for the next page; null when this was the last page. */
  nextAfterId: number | null;
}

export interface Audience {
  /** Active subscribers a campaign with this filter reaches (the preview's recipient count). */
  count(filter: AudienceFilter): Promise<number>;
  /** Active subscribers matching `filter` with id > afterId, in id order, at most `limit`. */
  page(filter: AudienceFilter, afterId: number, limit: number): Promise<AudiencePage>;
  /** The chat blocked the bot or is gone (403, deleted, kicked): unsubscribe it, keeping the row. */
  unsubscribeBlocked(channel: MessengerName, chatId: string, reason: string): Promise<void>;
}
