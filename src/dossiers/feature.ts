import { fold } from "../catalog/normalize.js";
import { outcome, type Turn } from "../core/context.js";
import { detect } from "../core/intents.js";
import type { Middleware } from "../core/middleware.js";
import type { Choice, Outcome, Reply } from "../core/types.js";
import type { AuditLog } from "../records/audit.js";
import type { KeyValueStore } from "../storage/store.js";
import type { DossierSource } from "./lookup.js";
import { dossierMessages, type DossierMessages } from "./messages.js";
import { CHOICE_PREFIX, choicePayload, noticeChoices } from "./presenter.js";
import { isRatingValue } from "./ratings.js";
import { findReceiptCode, normalizeReceiptCode } from "./receipt-code.js";
import type { DossierServices } from "./services.js";
import { asStatus, isDone, isFinal, statusLabel } from "./status.js";

export interface DossierFeatureOptions {
  services: DossierServices;
  source: DossierSource;
  /** Counters and short-lived markers (lookup limits, dossiers a chat has seen). */
  store: KeyValueStore;
  audit: Pick<AuditLog, "record">;
  limits: { perHour: number; perDay: number };
}

const FEATURE = "dossiers";
/** A chat may follow or rate a dossier it looked up within this time. */
const SEEN_MS = 24 * 3_600_000;
const COMMAND = /^\/([a-z_]{1,32})(?:@[a-z0-9_]{1,64})?(?:\s+([\s\S]*))?$/i;
const LOOKUP_COMMANDS = new Set(["hoso", "status", "tracuu", "tra_cuu"]);
const STAFF_COMMANDS = new Set(["trangthai", "capnhat"]);
const UNFOLLOW = ["bo theo doi", "huy theo doi", "ngung theo doi", "dung theo doi", "thoi theo doi", "unfollow", "stop following"];
const BARE_NUMBER = /^\s*(\d{1,2})\s*[.)]?\s*$/;

/**
 * Dossier status by receipt code, as a core middleware: lookups (with per-user limits), follow
 * and unfollow, the satisfaction rating and its reason, and the staff's /trangthai command.
 * Messages that are none of these go on to the rest of the bot.
 */
export function dossierMiddleware(options: DossierFeatureOptions): Middleware {
  const feature = new DossierFeature(options);
  return (turn, next) => feature.handle(turn, next);
}

class DossierFeature {
  constructor(private readonly options: DossierFeatureOptions) {}

  async handle(turn: Turn, next: () => Promise<Outcome>): Promise<Outcome> {
    const { incoming } = turn;
    if (incoming.kind === "choice" && incoming.choice?.startsWith(CHOICE_PREFIX)) return this.choice(turn, incoming.choice);
    if (turn.session.flow?.feature === FEATURE) {
      const answered = await this.flow(turn);
      if (answered) return answered;
    }
    if (incoming.kind === "unsupported") return next();
    const text = incoming.text ?? "";
    // A number typed after a notice answers the notice (sent outside a turn, so no session knows its choices).
    const number = BARE_NUMBER.exec(text);
    if (number) {
      const answered = await this.numberAfterNotice(turn, Number(number[1]));
      if (answered) return answered;
    }
    if (incoming.kind !== "text") return next();
    return (await this.text(turn, text)) ?? next();
  }

  private async text(turn: Turn, text: string): Promise<Outcome | undefined> {
    const command = COMMAND.exec(text.trim());
    if (command) {
      const name = (command[1] ?? "").toLowerCase();
      const argument = (command[2] ?? "").trim();
      if (STAFF_COMMANDS.has(name)) return this.staffCommand(turn, argument);
      if (!LOOKUP_COMMANDS.has(name)) return undefined;
      if (argument === "") return this.askForCode(turn);
      return (await this.text(turn, argument)) ?? this.askForCode(turn);
    }
    const folded = fold(text);
    const receipt = findReceiptCode(text);
    if (containsPhrase(folded, UNFOLLOW) && (receipt.kind === "code" || /\b(ho so|dossier)\b/.test(folded))) {
      return this.unfollowRequest(turn, receipt.kind === "code" ? receipt.code : undefined);
    }
    if (receipt.kind === "code") return this.lookup(turn, receipt.code, { follow: containsPhrase(folded, ["theo doi", "follow"]) });
    if (receipt.kind === "malformed") return this.reply(turn, [{ blocks: [{ lines: this.text$(turn).badCode }] }]);
    if (detect(text, turn.index).type === "status") return this.askForCode(turn);
    return undefined;
  }

  // --- lookups ---------------------------------------------------------------------------

  private async lookup(turn: Turn, code: string, { follow = false } = {}): Promise<Outcome> {
    const text = this.text$(turn);
    const phone = turn.catalog.office.phone;
    if (!(await this.withinLimits(turn))) return this.reply(turn, [{ blocks: [{ lines: text.limited(phone) }] }], code);
    const found = await this.options.source.lookup(code);
    if (found.kind === "unknown") return this.reply(turn, [{ blocks: [{ lines: text.unknownCode(phone) }] }], code);
    if (found.kind === "unavailable") return this.reply(turn, [{ blocks: [{ lines: text.unavailable(phone) }] }], code);
    const { dossier } = found.view;
    const { followers, ratings, presenter } = this.options.services;
    const { channel, chatId, userId } = turn.incoming;
    await this.options.store.set(seenKey(turn, dossier.id), 1, SEEN_MS);
    let following = await followers.isFollowing(dossier.id, channel, chatId);
    const extra: Reply[] = [];
    if (follow && !following && !isFinal(dossier.status)) {
      const result = await followers.follow(dossier.id, { channel, chatId, userId, language: turn.language });
      following = result === "followed";
      extra.push({ blocks: [{ lines: result === "limit" ? [text.followLimit(await followers.activeCount(channel, chatId))] : text.followed }] });
    }
    const offerRating = isDone(dossier.status) && !(await ratings.hasRated(dossier.id, channel, userId));
    const reply = presenter.lookupReply(found.view, { language: turn.language, following, offerRating });
    if (offerRating) reply.blocks.push({ lines: [text.ratingQuestion] });
    // The choices belong on the last reply: that is what a typed number answers.
    const replies = extra.length > 0 ? [{ ...reply, choices: undefined }, { ...extra[0]!, choices: reply.choices }] : [reply];
    return this.reply(turn, replies, code);
  }

  /** Fixed windows per user, in the shared store: they survive restarts and span instances. */
  private async withinLimits(turn: Turn): Promise<boolean> {
    if (turn.staff) return true;
    const { perHour, perDay } = this.options.limits;
    const who = `${turn.incoming.channel}:${turn.incoming.userId}`;
    const hour = await this.options.store.increment(`dossier-lookups:hour:${who}`, 3_600_000);
    if (hour > perHour) return false;
    const day = await this.options.store.increment(`dossier-lookups:day:${who}`, 24 * 3_600_000);
    return day <= perDay;
  }

  private async askForCode(turn: Turn): Promise<Outcome> {
    const text = this.text$(turn);
    const followed = await this.options.services.followers.followedBy(turn.incoming.channel, turn.incoming.chatId);
    if (followed.length === 0) return this.reply(turn, [{ blocks: [{ lines: text.needCode }] }]);
    const choices: Choice[] = followed.map((entry) => ({ label: text.view(entry.code), payload: choicePayload.view(entry.dossierId) }));
    return this.reply(turn, [{ blocks: [{ lines: [text.pickFollowed] }], choices }]);
  }

  // --- choices ----------------------------------------------------------------------------

  private async choice(turn: Turn, payload: string): Promise<Outcome> {
    const [, action = "", rawId = "", rawValue = ""] = payload.split(":");
    const text = this.text$(turn);
    if (action === "x") {
      turn.session.flow = undefined;
      return this.reply(turn, [{ blocks: [{ lines: [text.ratingThanks] }] }]);
    }
    const id = Number(rawId);
    const dossier = Number.isSafeInteger(id) && id > 0 ? await this.options.services.store.findById(id) : undefined;
    if (!dossier) return this.reply(turn, [{ blocks: [{ lines: [text.choiceExpired] }] }]);
    const { followers } = this.options.services;
    const { channel, chatId, userId } = turn.incoming;
    const following = await followers.isFollowing(dossier.id, channel, chatId);
    switch (action) {
      case "f": {
        // Only a dossier this chat looked up: a forged payload must not reveal or follow a stranger's.
        if (!(await this.seen(turn, dossier.id))) break;
        const result = await followers.follow(dossier.id, { channel, chatId, userId, language: turn.language });
        const lines = result === "followed" ? text.followed : result === "already" ? [text.alreadyFollowing] : [text.followLimit(await followers.activeCount(channel, chatId))];
        return this.reply(turn, [{ blocks: [{ lines }], ...(result === "followed" ? { choices: [{ label: text.unfollow, payload: choicePayload.unfollow(dossier.id) }] } : {}) }], dossier.code);
      }
      case "u":
        return this.reply(turn, [{ blocks: [{ lines: [(await followers.unfollow(dossier.id, channel, chatId)) ? text.unfollowed(dossier.code) : text.notFollowing] }] }], dossier.code);
      case "v":
        if (!following && !(await this.seen(turn, dossier.id))) break;
        return this.lookup(turn, dossier.code);
      case "r": {
        const value = Number(rawValue);
        if (!isRatingValue(value) || !isDone(dossier.status)) break;
        if (!(await this.seen(turn, dossier.id)) && !(await followers.wasAskedToRate(dossier.id, channel, chatId))) break;
        const ratingId = await this.options.services.ratings.rate(dossier.id, channel, userId, value);
        if (ratingId === undefined) return this.reply(turn, [{ blocks: [{ lines: [text.ratingAlready] }] }], dossier.code);
        if (value !== 1) return this.reply(turn, [{ blocks: [{ lines: [text.ratingThanks] }] }], dossier.code);
        turn.session.flow = { feature: FEATURE, step: "reason", data: { ratingId } };
        return this.reply(turn, [{ blocks: [{ lines: [text.askReason] }], choices: [{ label: text.skip, payload: choicePayload.skip() }] }], dossier.code);
      }
    }
    return this.reply(turn, [{ blocks: [{ lines: [text.choiceExpired] }] }]);
  }

  private async numberAfterNotice(turn: Turn, value: number): Promise<Outcome | undefined> {
    const { followers, store } = this.options.services;
    const notice = await followers.latestNotice(turn.incoming.channel, turn.incoming.chatId, turn.session.updatedAt);
    if (!notice) return undefined;
    const dossier = await store.findById(notice.dossierId);
    if (!dossier) return undefined;
    const choice = noticeChoices(dossier.id, notice.askedRating, isFinal(dossier.status), turn.language)[value - 1];
    return choice ? this.choice(turn, choice.payload) : undefined;
  }

  /** The reason for "Không hài lòng": the next text message, unless it is a command or a code. */
  private async flow(turn: Turn): Promise<Outcome | undefined> {
    const flow = turn.session.flow;
    turn.session.flow = undefined;
    const text = turn.incoming.text?.trim() ?? "";
    if (flow?.step !== "reason" || turn.incoming.kind !== "text" || text === "" || text.startsWith("/") || findReceiptCode(text).kind === "code") return undefined;
    const ratingId = Number(flow.data.ratingId);
    if (Number.isSafeInteger(ratingId)) await this.options.services.ratings.setReason(ratingId, text.slice(0, 1_000));
    return this.reply(turn, [{ blocks: [{ lines: [this.text$(turn).reasonThanks] }] }]);
  }

  private async unfollowRequest(turn: Turn, code: string | undefined): Promise<Outcome> {
    const text = this.text$(turn);
    const { followers } = this.options.services;
    const { channel, chatId } = turn.incoming;
    const followed = await followers.followedBy(channel, chatId);
    const targets = code ? followed.filter((entry) => entry.code === code) : followed;
    if (targets.length === 0) return this.reply(turn, [{ blocks: [{ lines: [text.notFollowing] }] }], code);
    if (targets.length > 1) {
      const choices = targets.map((entry) => ({ label: entry.code, payload: choicePayload.unfollow(entry.dossierId) }));
      return this.reply(turn, [{ blocks: [{ lines: [text.whichToUnfollow] }], choices }]);
    }
    const [target] = targets;
    await followers.unfollow(target!.dossierId, channel, chatId);
    return this.reply(turn, [{ blocks: [{ lines: [text.unfollowed(target!.code)] }] }], target!.code);
  }

  // --- staff ------------------------------------------------------------------------------

  private async staffCommand(turn: Turn, argument: string): Promise<Outcome> {
    const text = this.text$(turn);
    if (!turn.staff) return this.reply(turn, [{ blocks: [{ lines: [text.staffOnly] }] }]);
    const [rawCode = "", rawStatus = "", ...rest] = argument.split(/\s+/).filter(Boolean);
    const code = normalizeReceiptCode(rawCode);
    if (!code) return this.reply(turn, [{ blocks: [{ lines: text.staffUsage }] }]);
    const status = /^\d{1,2}$/.test(rawStatus) ? asStatus(Number(rawStatus)) : undefined;
    if (!status) return this.reply(turn, [{ blocks: [{ lines: [text.staffBadStatus, ...text.staffUsage] }] }], code);
    const note = rest.join(" ").slice(0, 1_000) || null;
    const { channel, userId } = turn.incoming;
    const result = await this.options.services.updates.setStatus(code, status, note, `${channel}:${userId}`);
    if (!result) return this.reply(turn, [{ blocks: [{ lines: [text.staffUnknownCode(code)] }] }], code);
    const { change, notices } = result;
    await this.options.audit.record({ channel, userId, action: "dossiers.status", detail: { code, from: change.previous, to: status, note } });
    const label = statusLabel(status, turn.language);
    const line = change.previous === status ? text.staffUnchanged(code, label) : text.staffUpdated(code, label, notices);
    return this.reply(turn, [{ blocks: [{ lines: [line] }] }], code);
  }

  // --- helpers ----------------------------------------------------------------------------

  private async seen(turn: Turn, dossierId: number): Promise<boolean> {
    return (await this.options.store.get(seenKey(turn, dossierId))) !== undefined;
  }

  private text$(turn: Turn): DossierMessages {
    return dossierMessages(turn.language);
  }

  private reply(turn: Turn, replies: Reply[], code?: string): Outcome {
    return outcome("status", replies, { receiptCode: code ?? null, language: turn.language });
  }
}

function seenKey(turn: Turn, dossierId: number): string {
  return `dossier-seen:${turn.incoming.channel}:${turn.incoming.chatId}:${dossierId}`;
}

function containsPhrase(folded: string, phrases: readonly string[]): boolean {
  const padded = ` ${folded} `;
  return phrases.some((phrase) => padded.includes(` ${phrase} `));
}
