import type { Catalog } from "../catalog/schema.js";
import type { SearchIndex } from "../catalog/search.js";
import { StorageError } from "../storage/store.js";
import { outcome, type Turn } from "./context.js";
import { answerChoice, answerNumber } from "./handlers/choice.js";
import { parseLanguage, welcome, welcomeReply } from "./handlers/help.js";
import { answerQuery, showProcedure } from "./handlers/procedure.js";
import { answerShortCode } from "./handlers/short-code.js";
import { answerStatus } from "./handlers/status.js";
import { answerSubscribe, answerUnsubscribe } from "./handlers/subscription.js";
import { detect, type Detected } from "./intents.js";
import { messagesFor } from "./messages/index.js";
import { emptySession, type SessionStore } from "./session.js";
import type { Incoming, Language, Outcome } from "./types.js";

/** The logging surface the core needs; pino satisfies it. */
export interface CoreLogger {
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface CoreOptions {
  catalog: Catalog;
  index: SearchIndex;
  sessions: SessionStore;
  defaultLanguage?: Language;
  logger?: CoreLogger;
}

/** A line longer than this is cut: no channel shows more usefully, and limits stay predictable. */
const MAX_LINE_LENGTH = 1_500;

/**
 * The channel-neutral bot: `Incoming` in, `Outcome` (intent, matched procedure, replies) out.
 * It never throws: a storage outage or a bug becomes a polite reply and a log line.
 */
export class Core {
  constructor(private readonly options: CoreOptions) {}

  async handle(incoming: Incoming): Promise<Outcome> {
    const fallback = this.options.defaultLanguage ?? "vi";
    let session;
    try {
      session = await this.options.sessions.load(incoming.channel, incoming.chatId);
    } catch (error) {
      this.options.logger?.error({ err: describe(error), channel: incoming.channel }, "session load failed");
      return outcome("unknown", [{ blocks: [{ lines: [messagesFor(fallback).storageDown] }] }]);
    }
    // Vietnamese unless the user asked otherwise: many Vietnamese phones report an English locale.
    const turn = this.turn(incoming, session, session.language ?? fallback);
    let result: Outcome;
    try {
      result = this.route(turn);
    } catch (error) {
      this.options.logger?.error({ err: describe(error), channel: incoming.channel }, "handler failed");
      return outcome("unknown", [{ blocks: [{ lines: [turn.messages.internalError] }] }]);
    }
    const last = result.replies.at(-1);
    turn.session.pendingChoices = (last?.choices ?? []).map((choice) => choice.payload);
    try {
      await this.options.sessions.save(incoming.channel, incoming.chatId, turn.session);
    } catch (error) {
      // The answer is already computed and still useful; only the follow-up context is lost.
      this.options.logger?.warn({ err: describe(error), channel: incoming.channel }, "session save failed");
    }
    return { ...result, replies: result.replies.map(clampReply) };
  }

  private turn(incoming: Incoming, session = emptySession(), language: Language): Turn {
    const messages = messagesFor(language);
    const { catalog, index } = this.options;
    return { incoming, session, messages, catalog, index, cards: { office: catalog.office, messages } };
  }

  private route(turn: Turn): Outcome {
    const { incoming } = turn;
    if (incoming.kind === "unsupported") return outcome("unknown", [{ blocks: [{ lines: [turn.messages.unsupported] }] }]);
    if (incoming.kind === "choice") return answerChoice(turn, incoming.choice ?? "");
    return this.routeText(turn, detect(incoming.text ?? ""));
  }

  private routeText(turn: Turn, detected: Detected): Outcome {
    switch (detected.type) {
      case "empty":
        return outcome("help", [{ blocks: [{ lines: [turn.messages.emptyMessage] }] }]);
      case "command":
        return this.command(turn, detected.name, detected.arg);
      case "number":
        return answerNumber(turn, detected.value) ?? answerQuery(turn, String(detected.value));
      case "status":
        return answerStatus(turn, detected.receipt);
      case "help":
        return welcome(turn);
      case "subscribe":
        return answerSubscribe(turn);
      case "unsubscribe":
        return answerUnsubscribe(turn);
      case "query":
        return answerShortCode(turn, detected.text) ?? answerQuery(turn, detected.text);
    }
  }

  private command(turn: Turn, name: string, argument: string): Outcome {
    switch (name) {
      case "start":
        return this.deepLink(turn, argument) ?? welcome(turn);
      case "help":
      case "menu":
        return welcome(turn);
      case "lang":
      case "language":
        return this.changeLanguage(turn, argument);
      case "subscribe":
        return answerSubscribe(turn);
      case "unsubscribe":
      case "stop":
        return answerUnsubscribe(turn);
      case "status":
      case "hoso":
        return this.routeText(turn, argument ? detect(argument) : { type: "status", receipt: { kind: "none" } });
      default:
        return argument ? answerQuery(turn, argument) : welcome(turn);
    }
  }

  /** `/start <payload>` from a link or QR code: a procedure id, or its code with "_" for ".". */
  private deepLink(turn: Turn, argument: string): Outcome | null {
    if (!argument) return null;
    const key = argument.trim().slice(0, 64);
    const procedure = turn.index.byProcedureId(key) ?? turn.index.byProcedureCode(key.replace("_", "."));
    return procedure ? showProcedure(turn, procedure, null) : null;
  }

  private changeLanguage(turn: Turn, argument: string): Outcome {
    const language = parseLanguage(argument);
    if (!language) return outcome("help", [{ blocks: [{ lines: [turn.messages.languageUnknown] }] }]);
    turn.session.language = language;
    const switched = this.turn(turn.incoming, turn.session, language);
    return outcome("help", [{ blocks: [{ lines: [switched.messages.languageSet] }] }, welcomeReply(switched)]);
  }
}

function clampReply(reply: Outcome["replies"][number]): Outcome["replies"][number] {
  return {
    ...reply,
    blocks: reply.blocks.map((block) => ({
      ...block,
      lines: block.lines.map((line) => (line.length > MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH - 1)}…` : line)),
    })),
  };
}

function describe(error: unknown): { type: string; message: string } {
  if (error instanceof StorageError) return { type: error.name, message: error.message };
  if (error instanceof Error) return { type: error.name, message: error.message };
  return { type: typeof error, message: "non-error thrown" };
}
