import type { Generated, Kysely } from "kysely";
import type { RecordsDatabase } from "../records/database.js";
import type { Tables } from "../records/tables.js";

/** The subscription tables (migration 003-subscriptions), as Kysely sees them. Times are epoch ms. */
export interface SubscriberTable {
  id: Generated<number>;
  channel: string;
  chat_id: string;
  /** Who pressed "subscribe" (in a group, the chat is the subscriber). */
  user_id: string;
  /** Announcements are rendered in this language. */
  language: string;
  /** The latest (re)subscription. */
  subscribed_at: number;
  /** Set when the chat unsubscribed or can no longer be messaged; null while active. */
  unsubscribed_at: number | null;
  /** "resident", or why the chat cannot be messaged (blocked, kicked, deleted…). */
  unsubscribed_reason: string | null;
  updated_at: number;
}

/** Villages (thôn, tổ dân phố) a subscriber chose; none means all. */
export interface SubscriberVillageTable {
  subscriber_id: number;
  village: string;
}

/** Procedure topics a subscriber chose; none means all. */
export interface SubscriberTopicTable {
  subscriber_id: number;
  topic: string;
}

export type SubscriptionTables = {
  subscribers: SubscriberTable;
  subscriber_villages: SubscriberVillageTable;
  subscriber_topics: SubscriberTopicTable;
};

export type SubscriptionDb = Kysely<Tables & SubscriptionTables>;

export function subscriptionDb(records: RecordsDatabase): SubscriptionDb {
  return records.db.withTables<SubscriptionTables>();
}
