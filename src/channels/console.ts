import { createInterface } from "node:readline";
import type { Core } from "../core/bot.js";
import { replyToPlainText, type Outcome } from "../core/types.js";
import { outboxMessagesOf } from "../delivery/outbound.js";
import type { Records } from "../records/index.js";

/**
 * The terminal chat for local use. Interactive on a TTY; with piped input it answers each line
 * and returns at the end of input. Choices are numbered, like on Zalo. Messages for other
 * chats (a relay to staff…) are stored in the outbox, for the bot to send when it runs with
 * its messenger tokens.
 */
export async function runConsoleChat(
  core: Pick<Core, "handle">,
  records?: Pick<Records, "outbox">,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const lines = createInterface({ input, terminal: false });
  const write = (text: string) => output.write(`${text}\n`);
  if (interactive) write("motcua-bot: gõ câu hỏi (Ctrl+D để thoát)\n");
  const prompt = () => interactive && output.write("> ");
  prompt();
  for await (const line of lines) {
    if (!interactive) write(`> ${line}`);
    const outcome = await core.handle({ channel: "console", chatId: "local", userId: "local", kind: "text", text: line });
    for (const reply of outcome.replies) write(`${replyToPlainText(reply)}\n`);
    await keepOutbound(outcome, records);
    prompt();
  }
}

async function keepOutbound(outcome: Outcome, records: Pick<Records, "outbox"> | undefined): Promise<void> {
  if (!records || outcome.outbound.length === 0) return;
  await records.outbox.enqueue(outboxMessagesOf(outcome.outbound, 24 * 3_600_000));
}
