import { describe, expect, it } from "vitest";
import { asLocalDate as d, vietnamInstant } from "../src/calendar/index.js";
import type { Catalog } from "../src/catalog/schema.js";
import type { Block } from "../src/core/types.js";
import { DossierPresenter } from "../src/dossiers/presenter.js";
import type { DossierStatus } from "../src/dossiers/status.js";
import { timelinessOf } from "../src/dossiers/timeliness.js";
import type { Dossier } from "../src/dossiers/types.js";
import { FIXTURE_CALENDAR } from "./helpers/holidays.js";

// Early / on time / late in working days, and the sentence a citizen reads for each, on the
// holidays fixture: Tết 2026 (16-20 Feb) and one estimated day off (24 Nov 2026).
const calendar = FIXTURE_CALENDAR;

const at = (date: string, hour = 9) => vietnamInstant(d(date), hour);

function dossier(status: DossierStatus, fields: Partial<Dossier> = {}): Dossier {
  return {
    id: 1,
    code: "000.00.00.H00-260210-0001",
    procedureCode: null,
    procedureName: "Đăng ký khai sinh",
    applicant: "Nguyễn V. A.",
    receivedAt: at("2026-02-10"),
    dueAt: null,
    status,
    resultAt: null,
    returnedAt: null,
    note: null,
    version: 1,
    source: "import",
    createdAt: at("2026-02-10"),
    updatedAt: at("2026-02-10"),
    ...fields,
  };
}

describe("timeliness in working days", () => {
  const due = d("2026-02-13"); // Friday before Tết

  it("counts a result ready across Tết as one working day late, not eleven calendar days", () => {
    const result = timelinessOf(dossier(9, { resultAt: at("2026-02-23") }), due, at("2026-02-24"), calendar);
    expect(result).toEqual({ timeliness: { kind: "late", days: 1 }, certain: true });
  });

  it("calls a result on the appointment day on time and one the day before early", () => {
    expect(timelinessOf(dossier(10, { returnedAt: at("2026-02-13", 16) }), due, at("2026-02-24"), calendar).timeliness).toEqual({ kind: "on-time" });
    expect(timelinessOf(dossier(9, { resultAt: at("2026-02-12") }), due, at("2026-02-24"), calendar).timeliness).toEqual({ kind: "early", days: 1 });
  });

  it("counts remaining and overdue working days for a dossier still in progress", () => {
    expect(timelinessOf(dossier(2), due, at("2026-02-11"), calendar).timeliness).toEqual({ kind: "remaining", days: 2 });
    expect(timelinessOf(dossier(2), due, at("2026-02-13"), calendar).timeliness).toEqual({ kind: "due-today" });
    // Overdue on the first working day after Tết: one day, not ten.
    expect(timelinessOf(dossier(4), due, at("2026-02-23"), calendar).timeliness).toEqual({ kind: "overdue", days: 1 });
  });

  it("stops the clock while the office waits for the citizen", () => {
    expect(timelinessOf(dossier(5), due, at("2026-03-02"), calendar).timeliness).toEqual({ kind: "waiting-citizen" });
    expect(timelinessOf(dossier(6), due, at("2026-03-02"), calendar).timeliness).toEqual({ kind: "waiting-citizen" });
  });

  it("says nothing without an appointment date or after a refusal", () => {
    expect(timelinessOf(dossier(2), null, at("2026-02-11"), calendar).timeliness).toEqual({ kind: "none" });
    expect(timelinessOf(dossier(7), due, at("2026-02-24"), calendar).timeliness).toEqual({ kind: "none" });
  });

  it("marks a count crossing a day off that is only an estimate as uncertain", () => {
    const result = timelinessOf(dossier(2), d("2026-11-26"), at("2026-11-23"), calendar);
    expect(result).toEqual({ timeliness: { kind: "remaining", days: 2 }, certain: false });
  });
});

describe("what the citizen reads", () => {
  const catalog = {
    office: {
      name: "UBND xã Thử",
      address: "Số 1 đường Thử",
      phone: "0200 000 000",
      hours: ["Thứ Hai - Thứ Sáu: 7h30 - 11h30"],
      onlinePortal: "https://dichvucong.gov.vn",
    },
    procedures: [],
  } as unknown as Pick<Catalog, "office" | "procedures">;
  const text = (blocks: Block[]) => blocks.flatMap((block) => [block.title ?? "", ...block.lines]).join("\n");
  const presenter = (now: string) => new DossierPresenter(catalog, calendar, () => at(now));
  const view = (item: Dossier) => ({ dossier: item, history: [], asOf: null });
  const options = { language: "vi" as const, following: false, offerRating: false };

  it("tells a late result in working days and apologises", () => {
    const late = dossier(9, { dueAt: at("2026-02-13"), resultAt: at("2026-02-24") });
    const reply = text(presenter("2026-02-25").lookupReply(view(late), options).blocks);
    expect(reply).toContain("Giải quyết trễ 2 ngày làm việc so với ngày hẹn.");
    expect(reply).toContain("Ngày hẹn trả kết quả: 13/02/2026");
    expect(reply).toMatch(/Phiếu xin lỗi/i);
  });

  it("tells an early result without an apology", () => {
    const early = dossier(10, { dueAt: at("2026-02-13"), resultAt: at("2026-02-11"), returnedAt: at("2026-02-12") });
    const reply = presenter("2026-02-25").lookupReply(view(early), options).blocks;
    expect(text(reply)).toContain("Giải quyết sớm 2 ngày làm việc so với ngày hẹn.");
    expect(text(reply)).not.toMatch(/Phiếu xin lỗi/i);
  });

  it("tells the remaining working days and adds the caveat when the count crosses an estimated day off", () => {
    const running = dossier(2, { receivedAt: at("2026-11-20"), dueAt: at("2026-11-26") });
    const reply = text(presenter("2026-11-23").lookupReply(view(running), options).blocks);
    expect(reply).toContain("Còn 2 ngày làm việc đến ngày hẹn.");
    expect(reply).toContain("lịch nghỉ lễ dự kiến");
  });

  it("tells an overdue dossier in English too", () => {
    const overdue = dossier(4, { dueAt: at("2026-02-13") });
    const reply = text(presenter("2026-02-24").lookupReply(view(overdue), { ...options, language: "en" }).blocks);
    expect(reply).toContain("2 working day(s) past the appointment.");
    expect(reply).toMatch(/apology letter/);
  });
});
