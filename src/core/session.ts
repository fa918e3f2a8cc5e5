import { z } from "zod";
import type { KeyValueStore } from "../storage/store.js";
import type { ChannelName } from "./types.js";

/** Per-chat conversation state: what was shown last, which numbered choices are open. */
export const sessionSchema = z.object({
  language: z.enum(["vi", "en"]).optional(),
  lastProcedureId: z.string().optional(),
  pendingChoices: z.array(z.string()).max(20).default([]),
  /**
   * A multi-step conversation owned by one feature (writing a question to staff, composing a
   * broadcast…): while set, that feature sees the chat's messages first.
   */
  flow: z
    .object({ feature: z.string(), step: z.string(), data: z.record(z.string(), z.unknown()).default({}) })
    .optional(),
  updatedAt: z.number().default(0),
});

export type Session = z.infer<typeof sessionSchema>;

export function emptySession(): Session {
  return { pendingChoices: [], updatedAt: 0 };
}

export function sessionKey(channel: ChannelName, chatId: string): string {
  return `session:${channel}:${chatId}`;
}

/**
 * Sessions in the key-value store, with an expiry so a conversation left for a day starts
 * fresh. A stored value that no longer fits the schema (an older version) is treated as empty;
 * a storage failure is not, and propagates as StorageError.
 */
export class SessionStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly ttlMs: number,
  ) {}

  async load(channel: ChannelName, chatId: string): Promise<Session> {
    const raw = await this.store.get<unknown>(sessionKey(channel, chatId));
    if (raw === undefined) return emptySession();
    const parsed = sessionSchema.safeParse(raw);
    return parsed.success ? parsed.data : emptySession();
  }

  async save(channel: ChannelName, chatId: string, session: Session): Promise<void> {
    await this.store.set(sessionKey(channel, chatId), { ...session, updatedAt: Date.now() }, this.ttlMs);
  }
}
