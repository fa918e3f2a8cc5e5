import type { ChannelPort, Envelope, Interpretation, SendResult } from "../../delivery/types.js";
import type { Logger } from "../../logger.js";
import { safeError } from "../../logging/safe-error.js";
import type { ParseMode, ZaloApi } from "./api.js";
import { ZaloApiError, ZaloNetworkError, ZaloQuotaError } from "./errors.js";
import { toIncoming, type BotIdentity } from "./incoming.js";
import { renderReplies } from "./render.js";
import { splitText } from "./split.js";
import { updateSchema, type Update } from "./types.js";

/**
 * Zalo as the delivery layer sees it. Zalo has no update id: `event_name` + `message_id`
 * identifies a delivery (a repeated delivery carries the same pair). Sending renders plain
 * text with numbered choices, split to the 2,000-unit limit, one part after another.
 */
export class ZaloPort implements ChannelPort<Update> {
  readonly name = "zalo" as const;

  constructor(
    private readonly api: Pick<ZaloApi, "sendMessage" | "sendChatAction">,
    /** The bot's own name, needed to recognise group mentions. */
    private readonly identity: () => Promise<BotIdentity>,
    private readonly logger: Logger,
    private readonly parseMode?: ParseMode,
  ) {}

  deliveryKey(update: Update): string {
    return `${update.event_name}:${update.message.message_id}`;
  }

  chatKey(update: Update): string {
    return update.message.chat.id;
  }

  parseStored(payload: unknown): Update | null {
    const parsed = updateSchema.safeParse(payload);
    return parsed.success ? parsed.data : null;
  }

  ready(): boolean {
    return true;
  }

  async interpret(update: Update): Promise<Interpretation> {
    const incoming = toIncoming(update, await this.identity());
    return incoming ? { type: "message", incoming, address: {} } : { type: "ignore" };
  }

  async send(envelope: Envelope): Promise<SendResult> {
    const pieces = renderReplies(envelope.body.replies, envelope.body.language).flatMap((text) => splitText(text));
    const messageIds: string[] = [];
    for (let index = envelope.startAtPart; index < pieces.length; index++) {
      try {
        if (index > envelope.startAtPart) await envelope.beforeNextPart?.();
        messageIds.push(await this.sendPiece(envelope.chatId, pieces[index]!));
      } catch (error) {
        return failure(error, index);
      }
    }
    return { status: "sent", messageIds };
  }

  async typing(chatId: string): Promise<void> {
    await this.api.sendChatAction({ chat_id: chatId, action: "typing" });
  }

  /** Formatted first when asked; on a 400 (Zalo's "can't parse entities") the same text goes plain. */
  private async sendPiece(chatId: string, text: string): Promise<string> {
    if (!this.parseMode) return (await this.api.sendMessage({ chat_id: chatId, text })).message_id;
    try {
      return (await this.api.sendMessage({ chat_id: chatId, text, parse_mode: this.parseMode })).message_id;
    } catch (error) {
      if (!(error instanceof ZaloApiError) || error instanceof ZaloQuotaError || error.errorCode !== 400) throw error;
      this.logger.warn({ parseMode: this.parseMode, description: error.description }, "zalo refused formatted text; resending as plain text");
      return (await this.api.sendMessage({ chat_id: chatId, text })).message_id;
    }
  }
}

/**
 * Zalo's refusals in the outbox's terms. 403 is read as "this user cannot be messaged"
 * (the platform lets a bot write only to people who wrote to it); a revoked token (401)
 * is the operator's to fix, so messages wait for it instead of being given up at once.
 */
function failure(error: unknown, partsSent: number): SendResult {
  const reason = safeError(error).message;
  if (error instanceof ZaloQuotaError) return { status: "quota", reason, partsSent };
  if (error instanceof ZaloApiError) {
    if (error.errorCode === 403) return { status: "blocked", reason: error.description || reason, partsSent };
    return { status: "failed", transient: error.errorCode === 401 || error.errorCode >= 500, reason, partsSent };
  }
  if (error instanceof ZaloNetworkError) return { status: "failed", transient: error.transient, reason, partsSent };
  return { status: "failed", transient: true, reason, partsSent };
}
