import { z } from "zod";
import { fold } from "../catalog/normalize.js";
import { outcome, type Turn } from "../core/context.js";
import type { Outcome, Reply } from "../core/types.js";
import { authorOf, FEATURE, isResidentChat, originOf, textsOf, type HandoffContext } from "./context.js";
import { handoffPayload, parseHandoffChoice } from "./payloads.js";
import type { Question } from "./questions.js";
import { describeWhen } from "./when.js";
import { askRequest, isCancel, isDone } from "./wording.js";

/**
 * The resident's side: "Hỏi cán bộ" opens a question (the next message is the question), and
 * while a question is open the resident's messages go to its thread instead of the search,
 * until staff close it or the resident says they are done. The mode is in `session.flow`; the
 * thread itself is in the records store, so a session that expired finds it again.
 */

/** What the resident handler decided: answered here, or let the bot answer (with a note first). */
export type ResidentDecision = { kind: "answered"; outcome: Outcome } | { kind: "pass"; note?: string; inThread: boolean };

/** A longer question is cut: staff read it in a chat, and a relay stays within one message. */
export const MAX_QUESTION_LENGTH = 2_000;
/** Messages one chat may add to threads in an hour; beyond, they are not passed on. */
const THREAD_MESSAGES_PER_HOUR = 30;
const HOUR_MS = 3_600_000;

const composeData = z.object({ event: z.number().int().positive().optional() });
const threadData = z.object({ question: z.number().int().positive() });

export async function residentTurn(context: HandoffContext, turn: Turn): Promise<ResidentDecision | undefined> {
  const { desk } = context;
  const { incoming, session } = turn;
  if (!desk.enabled || !isResidentChat(incoming)) {
    // Asked for staff where answers cannot come back (a group) or no staff chat is set up.
    const asked = incoming.kind === "choice" ? parseHandoffChoice(incoming.choice) !== null : askRequest(incoming.text ?? "")?.kind === "bare";
    if (!asked) return undefined;
    const group = desk.enabled && incoming.channel === "telegram";
    return answered([line(group ? textsOf(turn).privateOnly : textsOf(turn).unavailable(turn.catalog.office.phone))]);
  }
  const choice = incoming.kind === "choice" ? parseHandoffChoice(incoming.choice) : null;
  const flow = session.flow?.feature === FEATURE ? session.flow : undefined;
  const text = incoming.kind === "text" ? (incoming.text ?? "") : "";
  const command = incoming.kind === "text" && text.trim().startsWith("/");

  if (choice?.kind === "ask") return startAsking(context, turn, choice.event);
  // Another feature's conversation (a rating's reason, a broadcast being written) goes first.
  if (session.flow && session.flow.feature !== FEATURE && !choice) return undefined;
  if (choice?.kind === "cancel") {
    if (flow?.step === "compose") session.flow = undefined;
    return answered([line(textsOf(turn).cancelled)]);
  }
  if (choice?.kind === "done") return finish(context, turn);

  if (flow?.step === "compose") {
    if (incoming.kind !== "text" || (command && !isCancel(text))) {
      // A command, a button of an older answer, a photo: the resident moved on.
      session.flow = undefined;
      return { kind: "pass", inThread: false };
    }
    if (isCancel(text)) {
      session.flow = undefined;
      return answered([line(textsOf(turn).cancelled)]);
    }
    if (askRequest(text)?.kind === "bare") return answered([composePrompt(context, turn)]);
    if (fold(text).replace(/\s/g, "").length < 3) return answered([line(textsOf(turn).tooShort)]);
    const data = composeData.safeParse(flow.data);
    return submit(context, turn, text, data.success ? data.data.event : undefined);
  }

  const question = await openQuestionOf(context, turn, flow);
  if (question) {
    session.flow = { feature: FEATURE, step: "thread", data: { question: question.id } };
    if (incoming.kind === "text" && isDone(text)) return finish(context, turn, question);
    if (incoming.kind === "text" && !command && !askRequest(text)) return forward(context, turn, question, text);
    if (incoming.kind === "unsupported") return answered([line(textsOf(turn).textOnly), line(textsOf(turn).threadMode(question.id))]);
    // Commands and buttons still work; the answer says the thread is still open.
    if (incoming.kind === "text" && askRequest(text)) return answered([line(textsOf(turn).alreadyOpen(question.id))]);
    return { kind: "pass", note: textsOf(turn).threadMode(question.id), inThread: true };
  }
  if (flow?.step === "thread") {
    const ended = threadData.safeParse(flow.data);
    session.flow = undefined;
    if (incoming.kind === "text" && isDone(text)) return answered([line(textsOf(turn).nothingOpen)]);
    return { kind: "pass", ...(ended.success ? { note: textsOf(turn).questionEnded(ended.data.question) } : {}), inThread: false };
  }

  if (incoming.kind === "text") {
    const ask = askRequest(text);
    if (ask?.kind === "bare") return startAsking(context, turn);
    if (ask?.kind === "with-question") {
      if (!(await withinQuestionLimit(context, turn))) return answered([line(textsOf(turn).rateLimited(context.desk.settings.questionsPerHour, turn.catalog.office.phone))]);
      return submit(context, turn, text);
    }
  }
  return undefined;
}

/** The open question of this chat: the one the flow names, or (after the session expired) the one in the records. */
async function openQuestionOf(context: HandoffContext, turn: Turn, flow: Turn["session"]["flow"]): Promise<Question | undefined> {
  const { incoming } = turn;
  if (flow?.step === "thread") {
    const data = threadData.safeParse(flow.data);
    const question = data.success ? await context.desk.questions.get(data.data.question) : undefined;
    const ours = question && question.channel === incoming.channel && question.chat_id === incoming.chatId;
    return ours && question.state === "open" ? question : undefined;
  }
  if (flow !== undefined || incoming.kind !== "text") return undefined;
  return context.desk.questions.openIn(incoming.channel, incoming.chatId);
}

async function startAsking(context: HandoffContext, turn: Turn, event?: number): Promise<ResidentDecision> {
  const { session, incoming } = turn;
  const open = await context.desk.questions.openIn(incoming.channel, incoming.chatId);
  if (open) {
    session.flow = { feature: FEATURE, step: "thread", data: { question: open.id } };
    return answered([line(textsOf(turn).alreadyOpen(open.id))]);
  }
  // A second tap on the button while writing does not count as another question.
  if (session.flow?.feature !== FEATURE || session.flow.step !== "compose") {
    if (!(await withinQuestionLimit(context, turn))) {
      return answered([line(textsOf(turn).rateLimited(context.desk.settings.questionsPerHour, turn.catalog.office.phone))]);
    }
  }
  session.flow = { feature: FEATURE, step: "compose", data: event === undefined ? {} : { event } };
  return answered([composePrompt(context, turn)]);
}

function composePrompt(context: HandoffContext, turn: Turn): Reply {
  const text = textsOf(turn);
  const closed = closedNote(context, turn);
  return {
    blocks: [{ lines: text.askPrompt }, ...(closed ? [{ lines: [closed] }] : [])],
    choices: [{ label: text.cancelButton, payload: handoffPayload.cancel }],
  };
}

async function submit(context: HandoffContext, turn: Turn, raw: string, event?: number): Promise<ResidentDecision> {
  const { incoming, session } = turn;
  const text = raw.trim().slice(0, MAX_QUESTION_LENGTH);
  const { question, outbound } = await context.desk.openQuestion({
    author: authorOf(incoming),
    language: turn.language,
    text,
    origin: originOf(incoming, "question"),
    procedureId: session.lastProcedureId,
    sourceEvent: event,
  });
  session.flow = { feature: FEATURE, step: "thread", data: { question: question.id } };
  return { kind: "answered", outcome: outcome("handoff", [confirmation(context, turn, question)], { outbound }) };
}

function confirmation(context: HandoffContext, turn: Turn, question: Question): Reply {
  const text = textsOf(turn);
  const { hours, settings } = context.desk;
  const now = turn.now;
  const expectation: string[] = [];
  if (hours.known) {
    if (hours.isOpen(now)) {
      const by = hours.afterOpenMinutes(now, settings.answerWithinMinutes);
      if (by !== undefined) expectation.push(text.expectAnswer(describeWhen(by, now, text)));
    } else {
      expectation.push(closedNote(context, turn) ?? "");
    }
  }
  const office = turn.catalog.office;
  return {
    blocks: [
      { title: text.sent(question.id), lines: expectation.filter(Boolean) },
      { title: text.hoursTitle, lines: office.hours.map((hours) => `• ${hours}`) },
      { lines: [text.threadMode(question.id)] },
    ],
  };
}

/** "Closed now, questions wait until …", or undefined while the desk is open (or its hours are unknown). */
function closedNote(context: HandoffContext, turn: Turn): string | undefined {
  const { hours, settings } = context.desk;
  const now = turn.now;
  const reason = hours.known ? hours.closedReason(now) : undefined;
  if (!reason) return undefined;
  const opens = hours.nextOpening(now);
  const text = textsOf(turn);
  const when = opens === undefined ? undefined : describeWhen(opens, now, text);
  return settings.relayOutsideHours === "hold" ? text.closedNow(reason, when) : text.closedAnswerLater(reason, when);
}

async function forward(context: HandoffContext, turn: Turn, question: Question, raw: string): Promise<ResidentDecision> {
  const { incoming } = turn;
  const count = await context.store.increment(`handoff:thread:${incoming.channel}:${incoming.chatId}`, HOUR_MS);
  if (count > THREAD_MESSAGES_PER_HOUR) return answered([line(textsOf(turn).threadFlood(turn.catalog.office.phone))]);
  const { outbound, heldUntil } = await context.desk.addResidentMessage(question, authorOf(incoming), raw.trim().slice(0, MAX_QUESTION_LENGTH), originOf(incoming, "thread"));
  const text = textsOf(turn);
  const ack = heldUntil === undefined ? text.forwarded(question.id) : text.forwardedLater(question.id, describeWhen(heldUntil, turn.now, text));
  return { kind: "answered", outcome: outcome("handoff", [{ blocks: [{ lines: [ack] }] }], { outbound }) };
}

async function finish(context: HandoffContext, turn: Turn, known?: Question): Promise<ResidentDecision> {
  const { incoming, session } = turn;
  const question = known ?? (await context.desk.questions.openIn(incoming.channel, incoming.chatId));
  session.flow = undefined;
  if (!question || question.state !== "open") return answered([line(textsOf(turn).nothingOpen)]);
  const outbound = await context.desk.closeByResident(question);
  return { kind: "answered", outcome: outcome("handoff", [line(textsOf(turn).closedByResident(question.id))], { outbound }) };
}

/** Counts one question against the resident's hourly allowance (atomic, shared by instances). */
async function withinQuestionLimit(context: HandoffContext, turn: Turn): Promise<boolean> {
  const { incoming } = turn;
  const count = await context.store.increment(`handoff:questions:${incoming.channel}:${incoming.userId}`, HOUR_MS);
  return count <= context.desk.settings.questionsPerHour;
}

function answered(replies: Reply[]): ResidentDecision {
  return { kind: "answered", outcome: outcome("handoff", replies) };
}

function line(text: string): Reply {
  return { blocks: [{ lines: [text] }] };
}
