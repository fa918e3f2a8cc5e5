import { GrammyError, type Api, type Context } from "grammy";
import type { Reply } from "../../core/types.js";
import type { Logger } from "../../logger.js";
import { converse, type ChannelDeps } from "../runtime.js";
import { clearBlocked, markBlocked, membershipChange } from "./blocked.js";
import { toIncoming, type SendTarget } from "./incoming.js";
import { describeError } from "./errors.js";
import { renderReply, type PayloadCodec } from "./render.js";

/**
 * The middleware that answers one update: button presses are acknowledged, block and unblock
 * notices are recorded, everything addressed to the bot goes through the core and its
 * replies are sent back. Send failures are logged and counted here and not rethrown, so the
 * error handler only ever sees real bugs.
 */

export interface HandlerDeps extends Pick<ChannelDeps, "app" | "metrics" | "logger"> {
  codec: PayloadCodec;
}

export function createUpdateHandler(deps: HandlerDeps): (ctx: Context) => Promise<void> {
  return async (ctx) => {
    if (ctx.callbackQuery) await acknowledge(ctx, deps.logger);
    if (ctx.myChatMember) return recordMembership(ctx, deps);
    const addressed = toIncoming(ctx.update, ctx.me, deps.codec.decode);
    if (!addressed) return;
    const outcome = await converse(deps, addressed.incoming);
    try {
      await sendReplies(ctx.api, addressed.target, outcome.replies, deps.codec);
    } catch (error) {
      reportSendError(error, deps);
    }
  };
}

/**
 * Every button press is answered, or the user's app shows a spinner for a while. A query
 * older than Telegram's window fails to answer; that is harmless, the press is still handled
 * (the core answers "this list has expired" for payloads it no longer knows).
 */
async function acknowledge(ctx: Context, logger: Logger): Promise<void> {
  try {
    await ctx.answerCallbackQuery();
  } catch (error) {
    logger.debug({ err: describeError(error) }, "callback query not answered");
  }
}

async function recordMembership(ctx: Context, deps: HandlerDeps): Promise<void> {
  const update = ctx.myChatMember;
  if (!update) return;
  const chatId = String(update.chat.id);
  const change = membershipChange(update);
  try {
    if (change === "blocked") await markBlocked(deps.app.store, "telegram", chatId, `membership: ${update.new_chat_member.status}`);
    if (change === "unblocked") await clearBlocked(deps.app.store, "telegram", chatId);
  } catch (error) {
    deps.logger.warn({ err: describeError(error) }, "telegram membership change not recorded");
    deps.metrics.errors.inc({ channel: "telegram", kind: "storage" });
  }
}

/** Sends each reply's texts in order; the keyboard rides on the last text of its reply. */
async function sendReplies(api: Api, target: SendTarget, replies: Reply[], codec: PayloadCodec): Promise<void> {
  let first = true;
  for (const reply of replies) {
    const { texts, keyboard } = renderReply(reply, codec);
    for (const [index, text] of texts.entries()) {
      const last = index === texts.length - 1;
      await api.sendMessage(target.chatId, text, {
        parse_mode: "HTML",
        // Cards mention portal URLs; a preview of each would push the answer off the screen.
        link_preview_options: { is_disabled: true },
        ...(target.threadId !== undefined ? { message_thread_id: target.threadId } : {}),
        ...(first && target.replyTo !== undefined
          ? { reply_parameters: { message_id: target.replyTo, allow_sending_without_reply: true } }
          : {}),
        ...(last && keyboard ? { reply_markup: keyboard } : {}),
      });
      first = false;
    }
  }
}

/**
 * A 403 means the chat is gone for us (already recorded by the API transformer): not an
 * error of ours. Anything else is counted; the remaining parts of that answer are dropped,
 * since half an answer out of order would confuse more than it helps.
 */
function reportSendError(error: unknown, deps: HandlerDeps): void {
  if (error instanceof GrammyError && error.error_code === 403) {
    deps.logger.info({ err: describeError(error) }, "telegram chat unreachable; recorded as blocked");
    return;
  }
  deps.logger.warn({ err: describeError(error) }, "telegram reply not sent");
  deps.metrics.errors.inc({ channel: "telegram", kind: "send" });
}
