import { payload } from "../core/cards.js";
import { messagesFor } from "../core/messages/index.js";
import type { Language, Reply } from "../core/types.js";
import type { OutboxBody } from "../records/outbox.js";

/** What an announcement needs to be shown: its text and, optionally, a procedure to open. */
export interface AnnouncementContent {
  text: string;
  procedureId: string | null;
}

/**
 * An announcement exactly as a resident sees it, in their language: the office's title, the
 * staff's text, a "see the procedure" button when one is linked, and how to unsubscribe (every
 * announcement says how). The staff preview uses the same function, so it cannot differ.
 */
export function announcementReply(content: AnnouncementContent, language: Language, office: string): Reply {
  const texts = messagesFor(language).broadcast;
  const reply: Reply = {
    blocks: [{ title: texts.title(office), lines: content.text.split(/\r?\n/) }, { lines: [texts.unsubscribeHint] }],
  };
  if (content.procedureId) reply.choices = [{ label: texts.seeProcedure, payload: payload.procedure(content.procedureId) }];
  return reply;
}

export function announcementBody(content: AnnouncementContent, language: Language, office: string): OutboxBody {
  return { replies: [announcementReply(content, language, office)], language };
}
