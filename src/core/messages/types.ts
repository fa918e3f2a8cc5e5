import type { Topic } from "../../catalog/schema.js";
import type { Section } from "../types.js";

/**
 * Every reply text the bot can send, per language. Handlers pick texts from here and never
 * write user-facing words inline, so a translation is one file.
 */
export interface Messages {
  welcomeTitle: (office: string) => string;
  welcomeLines: string[];
  topicsPrompt: string;
  topics: Record<Topic, string>;
  topicTitle: (topic: string) => string;
  /** "(trang 1/3)" after a long topic list's title. */
  pageOf: (page: number, pages: number) => string;
  nextPage: string;
  previousPage: string;
  sectionTitles: Record<Section, string>;
  sectionButtons: Record<Section, string>;
  fullCardButton: string;
  audienceTitle: string;
  resultTitle: string;
  codeLabel: (code: string) => string;
  /** A national code not confirmed against the national procedure database. */
  codeUnconfirmed: (code: string) => string;
  /** A procedure without a known national code (a LOCAL- code). */
  codeUnknown: string;
  forms: Record<"original" | "copy" | "present" | "original-or-copy", string>;
  copies: (count: number) => string;
  documentWhen: (when: string) => string;
  feeFree: string;
  feeAmount: (amount: string) => string;
  feeProvince: (province: string, amount: string) => string;
  feeProvinceUnknown: (province: string) => string;
  /** When not even the body that sets the fee is confirmed. */
  feeUnknown: string;
  /** One provincial amount: "Lệ phí tại Hải Phòng: 5.000 đồng/trường hợp". */
  feeProvinceItem: (item: { label?: string; province: string; amount: string; per?: string }) => string;
  /** Which resolution sets it. */
  feeResolution: (number: string, effective: string) => string;
  /** An amount whose resolution is not confirmed. */
  feeResolutionUnverified: string;
  /** An amount announced by a resolution that takes effect later. */
  feeFrom: (date: string, amount: string) => string;
  /** A reduction for filing online; 100 means free. */
  feeOnlineReduction: (percent: number) => string;
  /** The word for a zero amount. */
  freeAmount: string;
  /** A date as people in this language write it. */
  date: (isoDate: string) => string;
  exemptionsTitle: string;
  workingDays: (days: number) => string;
  onlineLevels: Record<"full" | "partial" | "none", string>;
  onlineAt: (url: string) => string;
  whereDesk: (office: string, address: string) => string;
  hoursTitle: string;
  phoneLine: (phone: string) => string;
  anyDeskNote: string;
  unverifiedTitle: string;
  reviewed: (date: string) => string;
  sampleOffice: string;
  notesTitle: string;
  choosePrompt: string;
  chooseByNumber: (count: number) => string;
  sectionPrompt: string;
  /** A second procedure named in the same message, offered as the first choice after the answer. */
  alsoAsked: (name: string) => string;
  choiceOutOfRange: (count: number) => string;
  choiceExpired: string;
  notFoundTitle: string;
  notFoundSuggestions: string;
  askStaff: (phone: string) => string;
  mainTopics: string;
  redirectTitle: string;
  whichProcedure: string;
  statusFound: (code: string) => string;
  statusNotAvailable: (portal: string, phone: string) => string[];
  statusNeedCode: string[];
  statusBadCode: string[];
  subscribeNotAvailable: string[];
  unsubscribeNotAvailable: string[];
  /** Announcements (src/broadcasts): what residents see around one, and the staff's commands. */
  broadcast: BroadcastTexts;
  storageDown: string;
  internalError: string;
  unsupported: string;
  emptyMessage: string;
  languageSet: string;
  languageUnknown: string;
  shortCodeUnknown: (code: string) => string;
}

/** Texts of staff announcements (src/broadcasts). */
export interface BroadcastTexts {
  /** Title above an announcement as residents see it. */
  title: (office: string) => string;
  /** The last line of every announcement: how to stop receiving them. */
  unsubscribeHint: string;
  seeProcedure: string;
  usage: string[];
  notStaff: string;
  unknownCampaign: (id: number) => string;
  unknownTarget: (kind: "village" | "topic" | "procedure", keys: string[]) => string;
  badTime: (text: string) => string;
  emptyText: string;
  previewTitle: (id: number) => string;
  everyone: string;
  target: (villages: string[], topics: string[]) => string;
  recipients: (count: number) => string;
  previewHelp: (id: number) => string[];
  scheduled: (id: number, when: string, count: number, movedByQuietHours: boolean) => string;
  cancelled: (id: number, removed: number) => string;
  notCancellable: (id: number, state: string) => string;
  notDraft: (id: number, state: string) => string;
  states: Record<"draft" | "scheduled" | "running" | "done" | "cancelled", string>;
  progress: (campaign: { id: number; state: string; sent: number; failed: number; blocked: number; skipped: number; pending: number; expected: number | null }) => string;
  noCampaigns: string;
  paused: (id: number, channel: string, until: string) => string;
  report: (campaign: { id: number; cancelled: boolean; sent: number; failed: number; blocked: number; skipped: number }) => string[];
  draftFromCatalog: (id: number, change: "new" | "changed", procedure: string) => string;
  catalogDraftText: (change: "new" | "changed", procedure: string) => string;
}
