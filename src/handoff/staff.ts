import { outcome, type Turn } from "../core/context.js";
import type { Outcome, Reply } from "../core/types.js";
import { authorOf, originOf, textsOf, type HandoffContext } from "./context.js";
import type { AnswerResult, StaffMember } from "./desk.js";
import { stamp } from "./when.js";

/**
 * The staff's side: answering by replying to a relayed question in the staff chat or with
 * `/tl <ref> text`, `/cho` for the open questions, `/xong <ref>` to close one, `/baocao` for the
 * report. Only configured staff (STAFF_TELEGRAM_IDS / STAFF_ZALO_IDS) are obeyed; every answer
 * and closing goes to the audit log.
 */

const COMMAND = /^\/([a-z_]{1,32})(?:@[a-z0-9_]{1,64})?(?:\s+([\s\S]*))?$/i;
const ANSWER_ARGUMENT = /^#?(\d{1,12})\s+([\s\S]+)$/;
const REF_ARGUMENT = /^#?(\d{1,12})\s*$/;
/** A staff answer longer than this is cut (Zalo splits at 2,000; a few messages are plenty). */
export const MAX_ANSWER_LENGTH = 4_000;

export async function staffTurn(context: HandoffContext, turn: Turn): Promise<Outcome | undefined> {
  const { incoming } = turn;
  if (incoming.kind !== "text") return undefined;
  const text = (incoming.text ?? "").trim();
  const command = COMMAND.exec(text);
  if (command && !turn.staff) return undefined;
  // A reply to a relayed question: its text answers it; "/xong" or "/tl" in reply need no number.
  const replied = await repliedQuestion(context, turn);
  if (command) {
    const name = (command[1] ?? "").toLowerCase();
    const argument = (command[2] ?? "").trim();
    switch (name) {
      case "tl":
      case "traloi":
      case "answer":
        return replied !== undefined && !ANSWER_ARGUMENT.test(argument) ? answer(context, turn, replied, argument) : answerCommand(context, turn, argument);
      case "cho":
      case "open":
        return reply(await context.desk.openList(turn.language));
      case "xong":
      case "dong":
      case "close":
        if (argument === "" && replied !== undefined) return closeCommand(context, turn, String(replied));
        // Without a number, /xong is a resident finishing their own question.
        return argument === "" ? undefined : closeCommand(context, turn, argument);
      case "baocao":
      case "report":
        return context.report ? outcome("handoff", await context.report(turn.language, argument)) : undefined;
      default:
        return undefined;
    }
  }
  if (replied === undefined) return undefined;
  if (!turn.staff) return reply(textsOf(turn).notStaff(incoming.userId));
  return answer(context, turn, replied, text);
}

/** The question a Telegram reply in the staff chat is about, if it replies to one of its relays. */
async function repliedQuestion(context: HandoffContext, turn: Turn): Promise<number | undefined> {
  const { incoming } = turn;
  const { staffChat } = context.desk;
  if (!context.desk.enabled || incoming.replyToMessageId === undefined) return undefined;
  if (incoming.channel !== staffChat.channel || incoming.chatId !== staffChat.chatId) return undefined;
  return context.desk.questionOfRelay(incoming.channel, incoming.chatId, incoming.replyToMessageId);
}

async function answerCommand(context: HandoffContext, turn: Turn, argument: string): Promise<Outcome> {
  const parsed = ANSWER_ARGUMENT.exec(argument);
  if (!parsed) return reply(textsOf(turn).usageAnswer);
  return answer(context, turn, Number(parsed[1]), parsed[2] ?? "");
}

async function answer(context: HandoffContext, turn: Turn, questionId: number, raw: string): Promise<Outcome> {
  const text = textsOf(turn);
  const body = raw.trim().slice(0, MAX_ANSWER_LENGTH);
  if (body === "") return reply(text.usageAnswer);
  const staff = staffMember(turn);
  const result = await context.desk.answer(questionId, staff, body, originOf(turn.incoming, "answer"));
  if (result.kind === "sent") {
    await context.audit.record({ channel: staff.channel, userId: staff.userId, action: "question.answer", detail: { question: questionId } });
  }
  return describeAnswer(turn, questionId, result);
}

function describeAnswer(turn: Turn, questionId: number, result: AnswerResult): Outcome {
  const text = textsOf(turn);
  switch (result.kind) {
    case "missing":
      return reply(text.unknownRef(String(questionId)));
    case "closed":
      return reply(text.alreadyClosed(questionId));
    case "taken":
      return reply(text.taken(questionId, result.question.claimed_name ?? text.someStaff, stamp(result.question.claimed_at ?? turn.now)));
    case "sent": {
      const { question } = result;
      const lines = [text.answered(questionId, question.display_name ?? text.anonymous, text.channelNames[question.channel] ?? question.channel)];
      if (result.firstAnswer) lines.push(text.claimedBy(staffMember(turn).name));
      return outcome("handoff", [{ blocks: [{ lines }] }], { outbound: result.outbound });
    }
  }
}

async function closeCommand(context: HandoffContext, turn: Turn, argument: string): Promise<Outcome> {
  const text = textsOf(turn);
  const parsed = REF_ARGUMENT.exec(argument);
  if (!parsed) return reply(text.usageClose);
  const questionId = Number(parsed[1]);
  const staff = staffMember(turn);
  const result = await context.desk.closeByStaff(questionId, staff);
  if (result.kind === "missing") return reply(text.unknownRef(String(questionId)));
  if (result.kind === "not-open") return reply(text.alreadyClosed(questionId));
  await context.audit.record({ channel: staff.channel, userId: staff.userId, action: "question.close", detail: { question: questionId } });
  return outcome("handoff", [{ blocks: [{ lines: [text.closedByStaff(questionId)] }] }], { outbound: result.outbound });
}

function staffMember(turn: Turn): StaffMember {
  const author = authorOf(turn.incoming);
  return { ...author, name: author.displayName ?? textsOf(turn).someStaff };
}

function reply(content: string | Reply): Outcome {
  return outcome("handoff", [typeof content === "string" ? { blocks: [{ lines: [content] }] } : content]);
}
