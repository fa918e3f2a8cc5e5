import type { Catalog } from "../catalog/schema.js";
import type { SearchIndex } from "../catalog/search.js";
import { safeError } from "../logging/safe-error.js";
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
import { compose, type Middleware } from "./middleware.js";
import { emptySession, type Session, type SessionStore } from "./session.js";
import type { StaffDirectory } from "./staff.js";
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
  /** Features in front of the catalog router, in order (see `Middleware`). */
  features?: readonly Middleware[];
  staff?: StaffDirectory;
  now?: () => number;
}

/** A line longer than this is cut: no channel shows more usefully, and limits stay predictable. */
const MAX_LINE_LENGTH = 1_500;

/**
 * The channel-neutral bot: `Incoming` in, `Outcome` (intent, matched procedure, replies,
 * messages for other chats) out. It never throws: a storage outage or a bug becomes a polite
 * reply and a log line.
 */
export class Core {
  private readonly chain: (turn: Turn) => Promise<Outcome>;

  constructor(private readonly options: CoreOptions) {
    this.chain = compose(options.features ?? [], async (turn) => this.route(turn));
  }

  async handle(incoming: Incoming): Promise<Outcome> {
    const fallback = this.options.defaultLanguage ?? "vi";
    let session;
    try {
      session = await this.options.sessions.load(incoming.channel, incoming.chatId);
    } catch (error) {
      this.options.logger?.error({ err: safeError(error), channel: incoming.channel }, "session load failed");
      return { ...outcome("unknown", [{ blocks: [{ lines: [messagesFor(fallback).storageDown] }] }]), language: fallback };
    }
    // Vietnamese unless the user asked otherwise: many Vietnamese phones report an English locale.
    const turn = this.turn(resolveNumber(incoming, session), session, session.language ?? fallback);
    let result: Outcome;
    try {
      result = await this.chain(turn);
    } catch (error) {
      const storage = error instanceof StorageError;
      this.options.logger?.error({ err: safeError(error), channel: incoming.channel }, storage ? "storage failed during a turn" : "handler failed");
      const text = storage ? turn.messages.storageDown : turn.messages.internalError;
      return { ...outcome("unknown", [{ blocks: [{ lines: [text] }] }]), language: turn.language };
    }
    const last = result.replies.at(-1);
    turn.session.pendingChoices = (last?.choices ?? []).map((choice) => choice.payload);
    try {
      await this.options.sessions.save(incoming.channel, incoming.chatId, turn.session);
    } catch (error) {
      // The answer is already computed and still useful; only the follow-up context is lost.
      this.options.logger?.warn({ err: safeError(error), channel: incoming.channel }, "session save failed");
    }
    // The session's language may have changed during the turn (/lang).
    const language = turn.session.language ?? fallback;
    return { ...result, language, replies: result.replies.map(clampReply) };
  }

  private turn(incoming: Incoming, session = emptySession(), language: Language): Turn {
    const messages = messagesFor(language);
    const { catalog, index, staff, now } = this.options;
    return {
      incoming,
      session,
      language,
      messages,
      catalog,
      index,
      cards: { office: catalog.office, messages },
      staff: staff?.isStaff(incoming.channel, incoming.userId) ?? false,
      now: (now ?? Date.now)(),
    };
  }

  private route(turn: Turn): Outcome {
    const { incoming } = turn;
    if (incoming.kind === "unsupported") return outcome("unknown", [{ blocks: [{ lines: [turn.messages.unsupported] }] }]);
    if (incoming.kind === "choice") return answerChoice(turn, incoming.choice ?? "");
    return this.routeText(turn, detect(incoming.text ?? "", turn.index));
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
        return answerShortCode(turn, detected.text) ?? answerQuery(turn, detected.text, detected.analysis);
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
        return this.routeText(turn, argument ? detect(argument, turn.index) : { type: "status", receipt: { kind: "none" } });
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
    const switched = { ...turn, language, messages: messagesFor(language), cards: { ...turn.cards, messages: messagesFor(language) } };
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

/**
 * A bare number answers the numbered choices offered last: it becomes that choice, so a
 * feature's choices work by number on channels without buttons exactly as buttons do.
 */
function resolveNumber(incoming: Incoming, session: Session): Incoming {
  if (incoming.kind !== "text" || session.pendingChoices.length === 0) return incoming;
  const detected = detect(incoming.text ?? "");
  if (detected.type !== "number") return incoming;
  const choice = session.pendingChoices[detected.value - 1];
  return choice === undefined ? incoming : { ...incoming, kind: "choice", choice };
}
