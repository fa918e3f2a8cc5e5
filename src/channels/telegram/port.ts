import { GrammyError, type Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../../logger.js";
import { safeError } from "../../logging/safe-error.js";
import type { ChannelPort, Envelope, Interpretation, SendResult } from "../../delivery/types.js";
import { isUnreachableChat, membershipChange } from "./blocked.js";
import { chatKeyOf, toIncoming } from "./incoming.js";
import { renderReply, type PayloadCodec } from "./render.js";
import { isUpdate } from "./webhook.js";

/**
 * Telegram as the delivery layer sees it: what an update means, and how to send a stored
 * message (HTML text split under the limit, the keyboard on a reply's last part).
 */
export class TelegramPort implements ChannelPort<Update> {
  readonly name = "telegram" as const;

  constructor(
    private readonly bot: Bot,
    private readonly codec: PayloadCodec,
    private readonly logger: Logger,
    /** Resolves once the bot knows itself (getMe); interpreting needs its username. */
    private readonly known: Promise<void>,
    /** Campaign messages go as paid broadcasts (TELEGRAM_PAID_BROADCAST). */
    private readonly paidBroadcast = false,
  ) {}

  deliveryKey(update: Update): string {
    return String(update.update_id);
  }

  chatKey(update: Update): string | null {
    return chatKeyOf(update) ?? null;
  }

  parseStored(payload: unknown): Update | null {
    return isUpdate(payload) ? payload : null;
  }

  ready(): boolean {
    return this.bot.isInited();
  }

  async interpret(update: Update): Promise<Interpretation> {
    await this.known;
    if (update.callback_query) await this.acknowledge(update.callback_query.id);
    const member = update.my_chat_member;
    if (member) {
      const change = membershipChange(member);
      const chatId = String(member.chat.id);
      if (change === "blocked") return { type: "blocked", chatId, reason: `membership: ${member.new_chat_member.status}` };
      if (change === "unblocked") return { type: "unblocked", chatId };
      return { type: "ignore" };
    }
    const addressed = toIncoming(update, this.bot.botInfo, this.codec.decode);
    if (!addressed) return { type: "ignore" };
    const { target } = addressed;
    return {
      type: "message",
      incoming: addressed.incoming,
      address: {
        ...(target.threadId !== undefined ? { threadId: target.threadId } : {}),
        ...(target.replyTo !== undefined ? { replyTo: target.replyTo } : {}),
      },
    };
  }

  async send(envelope: Envelope): Promise<SendResult> {
    const parts = this.parts(envelope);
    const messageIds: string[] = [];
    const threadId = numberOr(envelope.address.threadId);
    const replyTo = numberOr(envelope.address.replyTo);
    // Chat ids are stored as text; Telegram's own are integers (channel usernames are not).
    const chatId = numberOr(envelope.chatId) ?? envelope.chatId;
    for (let index = envelope.startAtPart; index < parts.length; index++) {
      const part = parts[index]!;
      try {
        if (index > envelope.startAtPart) await envelope.beforeNextPart?.();
        const sent = await this.bot.api.sendMessage(chatId, part.text, {
          parse_mode: "HTML",
          // Cards mention portal URLs; a preview of each would push the answer off the screen.
          link_preview_options: { is_disabled: true },
          ...(threadId !== undefined ? { message_thread_id: threadId } : {}),
          ...(index === 0 && replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
          ...(part.keyboard ? { reply_markup: part.keyboard } : {}),
          ...(envelope.bulk && this.paidBroadcast ? { allow_paid_broadcast: true } : {}),
        });
        messageIds.push(String(sent.message_id));
      } catch (error) {
        return failure(error, index);
      }
    }
    return { status: "sent", messageIds };
  }

  /** Every reply rendered, flattened into the messages to send, in order. */
  private parts(envelope: Envelope): Array<{ text: string; keyboard?: ReturnType<typeof renderReply>["keyboard"] }> {
    return envelope.body.replies.flatMap((reply) => {
      const { texts, keyboard } = renderReply(reply, this.codec);
      return texts.map((text, index) => (index === texts.length - 1 && keyboard ? { text, keyboard } : { text }));
    });
  }

  /**
   * Every button press is answered, or the user's app shows a spinner for a while. A query
   * older than Telegram's window fails to answer; that is harmless, the press is still handled.
   */
  private async acknowledge(queryId: string): Promise<void> {
    try {
      await this.bot.api.answerCallbackQuery(queryId);
    } catch (error) {
      this.logger.debug({ err: safeError(error) }, "callback query not answered");
    }
  }
}

function failure(error: unknown, partsSent: number): SendResult {
  const reason = safeError(error).message;
  if (error instanceof GrammyError) {
    if (isUnreachableChat(error.error_code, error.description)) return { status: "blocked", reason: error.description, partsSent };
    const retryAfter = error.parameters.retry_after;
    if (error.error_code === 429) return { status: "failed", transient: true, reason, partsSent, retryAfterMs: (retryAfter ?? 5) * 1_000 };
    return { status: "failed", transient: error.error_code >= 500, reason, partsSent };
  }
  // A network failure, or grammY's own timeout: the message may be tried again.
  return { status: "failed", transient: true, reason, partsSent };
}

function numberOr(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : undefined;
}
