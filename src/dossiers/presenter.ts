import type { Catalog, Procedure } from "../catalog/schema.js";
import { formatDate, formatVietnamDate, formatVietnamDateTime, vietnamDate, type LocalDate, type WorkCalendar } from "../calendar/index.js";
import type { Block, Choice, Language, Reply } from "../core/types.js";
import { dossierMessages, type DossierMessages } from "./messages.js";
import type { RatingValue } from "./ratings.js";
import { isDone, isFinal, statusLabel, type DossierStatus } from "./status.js";
import { isLate, timelinessOf, type Timeliness } from "./timeliness.js";
import type { Dossier, HistoryEntry } from "./types.js";

/** Choice payloads of the dossier feature (Telegram callback data ≤ 64 bytes). */
export const CHOICE_PREFIX = "hs:";
export const choicePayload = {
  follow: (id: number) => `hs:f:${id}`,
  unfollow: (id: number) => `hs:u:${id}`,
  view: (id: number) => `hs:v:${id}`,
  rate: (id: number, value: RatingValue) => `hs:r:${id}:${value}`,
  skip: () => "hs:x",
};

export interface LookupView {
  dossier: Dossier;
  history: HistoryEntry[];
  /** When the data was read from its source (register import, or the live system). */
  asOf: { at: number; live: boolean } | null;
}

export interface ReplyOptions {
  language: Language;
  following: boolean;
  /** Offer the satisfaction question (done, and this user has not rated). */
  offerRating: boolean;
}

/**
 * Turns a dossier into what a citizen reads: status in plain words, dates, early / on time /
 * late in working days, what to do next, a short history. Used for lookups and for the notices
 * followers receive, so both say the same things the same way.
 */
export class DossierPresenter {
  private readonly procedures: ReadonlyMap<string, Procedure>;

  constructor(
    private readonly catalog: Pick<Catalog, "office" | "procedures">,
    private readonly calendar: WorkCalendar,
    private readonly now: () => number = Date.now,
  ) {
    this.procedures = new Map(catalog.procedures.map((procedure) => [procedure.code, procedure]));
  }

  lookupReply(view: LookupView, options: ReplyOptions): Reply {
    const text = dossierMessages(options.language);
    const { dossier } = view;
    const { facts, timeliness } = this.facts(dossier, options.language);
    const blocks: Block[] = [{ title: text.title(dossier.code), lines: facts }];
    blocks.push({ title: text.nextTitle, lines: this.nextSteps(dossier, timeliness, text) });
    const history = view.history.filter((entry) => entry.version > 0);
    if (history.length > 1) {
      blocks.push({
        title: text.historyTitle,
        lines: history.map((entry) => text.historyLine(formatVietnamDate(entry.at), statusLabel(entry.status, options.language))),
      });
    }
    if (view.asOf) {
      const time = formatVietnamDateTime(view.asOf.at);
      blocks.push({ lines: [view.asOf.live ? text.liveAsOf(time) : text.asOf(time)] });
    }
    return { blocks, choices: this.lookupChoices(dossier, options, text) };
  }

  /** The message a follower receives after a status change. */
  noticeReply(dossier: Dossier, previous: DossierStatus, language: Language, askRating: boolean): Reply {
    const text = dossierMessages(language);
    const { facts, timeliness } = this.facts(dossier, language);
    const lines = [...facts, text.noticeWas(statusLabel(previous, language))];
    const blocks: Block[] = [{ title: text.noticeTitle(dossier.code), lines }];
    blocks.push({ title: text.nextTitle, lines: this.nextSteps(dossier, timeliness, text) });
    if (isFinal(dossier.status)) blocks.push({ lines: [text.noticeEnded] });
    if (askRating) blocks.push({ lines: [text.ratingQuestion] });
    const choices = noticeChoices(dossier.id, askRating, isFinal(dossier.status), language);
    return { blocks, ...(choices.length > 0 ? { choices } : {}) };
  }

  /** The appointment date: the register's, or estimated from the catalog's processing time. */
  dueDate(dossier: Dossier): { date: LocalDate; estimated: boolean } | null {
    if (dossier.dueAt !== null) return { date: vietnamDate(dossier.dueAt), estimated: false };
    const days = dossier.procedureCode ? this.procedures.get(dossier.procedureCode)?.time.workingDays : undefined;
    if (days === undefined || dossier.receivedAt === null) return null;
    return { date: this.calendar.dueDate(dossier.receivedAt, days), estimated: true };
  }

  private facts(dossier: Dossier, language: Language): { facts: string[]; timeliness: Timeliness } {
    const text = dossierMessages(language);
    const procedureName = dossier.procedureName ?? (dossier.procedureCode ? this.procedures.get(dossier.procedureCode)?.name : undefined);
    const due = this.dueDate(dossier);
    const facts: string[] = [];
    if (procedureName) facts.push(text.procedure(procedureName));
    if (dossier.applicant) facts.push(text.applicant(dossier.applicant));
    facts.push(text.status(statusLabel(dossier.status, language)));
    if (dossier.receivedAt !== null) facts.push(text.received(formatVietnamDate(dossier.receivedAt)));
    if (due) facts.push(due.estimated ? text.dueEstimated(formatDate(due.date)) : text.due(formatDate(due.date)));
    if (dossier.resultAt !== null && isDone(dossier.status)) facts.push(text.resultReady(formatVietnamDate(dossier.resultAt)));
    if (dossier.returnedAt !== null && dossier.status === 10) facts.push(text.returned(formatVietnamDate(dossier.returnedAt)));
    const { timeliness, certain } = timelinessOf(dossier, due?.date ?? null, this.now(), this.calendar);
    const sentence = timelinessText(timeliness, text);
    if (sentence) facts.push(certain ? sentence : `${sentence} ${text.calendarUncertain}`);
    return { facts, timeliness };
  }

  private nextSteps(dossier: Dossier, timeliness: Timeliness, text: DossierMessages): string[] {
    const office = this.catalog.office;
    const desk = [text.deskLine(office.name, office.address), text.hoursLine(office.hours.join("; ")), ...this.closedToday(text), text.phoneLine(office.phone)];
    const late = isLate(timeliness) ? [text.lateApology] : [];
    switch (dossier.status) {
      case 1:
        return [text.next.registered, text.phoneLine(office.phone)];
      case 2:
      case 4:
        return [text.next.processing, ...late, ...(late.length > 0 ? [text.phoneLine(office.phone)] : [])];
      case 5:
        return [...text.next.supplement(dossier.note), ...desk, text.onlineLine(office.onlinePortal)];
      case 6:
        return [...text.next.financial(dossier.note), text.phoneLine(office.phone)];
      case 9: {
        const result = dossier.procedureCode ? this.procedures.get(dossier.procedureCode)?.result : undefined;
        return [...text.next.ready, ...(result ? [text.next.resultIs(result)] : []), ...late, ...desk];
      }
      case 10:
        return [text.next.returned, ...late];
      default:
        return [...text.next.closed(dossier.note), text.phoneLine(office.phone)];
    }
  }

  /** When today is a day off, when the desk opens again. */
  private closedToday(text: DossierMessages): string[] {
    const today = vietnamDate(this.now());
    if (this.calendar.isWorkingDay(today)) return [];
    const dayOff = this.calendar.dayOff(today);
    const reason = dayOff?.name ?? text.weekend;
    return [text.closedToday(reason, formatDate(this.calendar.nextWorkingDay(today)))];
  }

  private lookupChoices(dossier: Dossier, options: ReplyOptions, text: DossierMessages): Choice[] {
    const choices: Choice[] = [];
    if (options.offerRating) choices.push(...ratingChoices(dossier.id, options.language));
    if (options.following) choices.push({ label: text.unfollow, payload: choicePayload.unfollow(dossier.id) });
    else if (!isFinal(dossier.status)) choices.push({ label: text.follow, payload: choicePayload.follow(dossier.id) });
    return choices;
  }
}

/** The satisfaction choices, best first, as the desk's paper form lists them. */
export function ratingChoices(dossierId: number, language: Language): Choice[] {
  const labels = dossierMessages(language).ratingLabels;
  return ([3, 2, 1] as const).map((value) => ({ label: labels[value], payload: choicePayload.rate(dossierId, value) }));
}

/**
 * A notice's choices. A number typed after a notice is matched against this same list, so the
 * order here is what "1", "2", "3" mean on channels without buttons.
 */
export function noticeChoices(dossierId: number, askRating: boolean, final: boolean, language: Language): Choice[] {
  if (askRating) return ratingChoices(dossierId, language);
  return final ? [] : [{ label: dossierMessages(language).unfollow, payload: choicePayload.unfollow(dossierId) }];
}

function timelinessText(timeliness: Timeliness, text: DossierMessages): string | null {
  switch (timeliness.kind) {
    case "early":
      return text.timeliness.early(timeliness.days);
    case "on-time":
      return text.timeliness.onTime;
    case "late":
      return text.timeliness.late(timeliness.days);
    case "due-today":
      return text.timeliness.dueToday;
    case "remaining":
      return text.timeliness.remaining(timeliness.days);
    case "overdue":
      return text.timeliness.overdue(timeliness.days);
    case "waiting-citizen":
      return text.timeliness.waitingCitizen;
    case "none":
      return null;
  }
}
