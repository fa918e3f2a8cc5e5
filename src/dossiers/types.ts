import type { DossierStatus } from "./status.js";

/** Where a dossier's current data came from. */
export type DossierOrigin = "import" | "staff" | "http";

/** What a register row or a one-stop system says about one dossier (no personal data but a masked name). */
export interface DossierData {
  /** Canonical receipt code. */
  code: string;
  procedureCode: string | null;
  procedureName: string | null;
  /** Masked applicant name ("Nguyễn V. A."). */
  applicant: string | null;
  receivedAt: number | null;
  /** Appointment date for the result (ngày hẹn trả). */
  dueAt: number | null;
  status: DossierStatus;
  /** When the result was ready (ngày có kết quả). */
  resultAt: number | null;
  /** When the result was handed over (ngày trả). */
  returnedAt: number | null;
  /** The office's note: for a supplement, which documents are asked for. */
  note: string | null;
}

export interface Dossier extends DossierData {
  id: number;
  /** Number of status changes seen; (id, version) names one change. */
  version: number;
  source: DossierOrigin;
  createdAt: number;
  updatedAt: number;
}

export interface HistoryEntry {
  version: number;
  status: DossierStatus;
  note: string | null;
  at: number;
  source: DossierOrigin;
}

/** One real status change (or a dossier seen for the first time: `previous` null). */
export interface StatusChange {
  dossier: Dossier;
  previous: DossierStatus | null;
}

export interface ApplyCounts {
  /** New dossiers. */
  inserted: number;
  /** Known dossiers whose data changed (status or any other field). */
  updated: number;
  unchanged: number;
  /** Of the updated: how many changed status. */
  statusChanges: number;
  /** Messages stored for followers. */
  notices: number;
}
