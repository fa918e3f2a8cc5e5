import { vietnamDate, type LocalDate, type WorkCalendar } from "../calendar/index.js";
import { isFinal, waitsForCitizen } from "./status.js";
import type { DossierData } from "./types.js";

/**
 * Whether a dossier is early, on time or late, in working days (weekends, holidays and make-up
 * days from the calendar). "On time" means finished on or before the appointment date.
 */
export type Timeliness =
  | { kind: "early"; days: number }
  | { kind: "on-time" }
  | { kind: "late"; days: number }
  | { kind: "due-today" }
  | { kind: "remaining"; days: number }
  | { kind: "overdue"; days: number }
  | { kind: "waiting-citizen" }
  | { kind: "none" };

export interface TimelinessResult {
  timeliness: Timeliness;
  /** False when the count crosses days off not yet decreed (or years the calendar lacks). */
  certain: boolean;
}

export function timelinessOf(dossier: DossierData, due: LocalDate | null, now: number, calendar: WorkCalendar): TimelinessResult {
  if (due === null) return { timeliness: { kind: "none" }, certain: true };
  const finishedAt = dossier.status === 9 || dossier.status === 10 ? (dossier.resultAt ?? dossier.returnedAt) : null;
  if (finishedAt !== null) {
    const finished = vietnamDate(finishedAt);
    const certain = calendar.isCertainBetween(due, finished);
    if (finished > due) return { timeliness: { kind: "late", days: Math.max(1, calendar.workingDaysBetween(due, finished)) }, certain };
    const early = -calendar.workingDaysBetween(due, finished);
    return { timeliness: early > 0 ? { kind: "early", days: early } : { kind: "on-time" }, certain };
  }
  if (dossier.status === 9 || dossier.status === 10 || isFinal(dossier.status)) return { timeliness: { kind: "none" }, certain: true };
  if (waitsForCitizen(dossier.status)) return { timeliness: { kind: "waiting-citizen" }, certain: true };
  const today = vietnamDate(now);
  const certain = calendar.isCertainBetween(today, due);
  if (today === due) return { timeliness: { kind: "due-today" }, certain };
  if (today < due) return { timeliness: { kind: "remaining", days: calendar.workingDaysBetween(today, due) }, certain };
  return { timeliness: { kind: "overdue", days: Math.max(1, calendar.workingDaysBetween(due, today)) }, certain };
}

export function isLate(timeliness: Timeliness): boolean {
  return timeliness.kind === "late" || timeliness.kind === "overdue";
}
