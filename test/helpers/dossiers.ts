import { parseHolidaysText, vietnamInstant, WorkCalendar, asLocalDate } from "../../src/calendar/index.js";
import type { Catalog } from "../../src/catalog/schema.js";
import { createDossierServices, type DossierServices } from "../../src/dossiers/services.js";
import type { DossierData } from "../../src/dossiers/types.js";
import type { Records } from "../../src/records/index.js";

/** A small office and catalog, so dossier tests never depend on the real content/. */
export const FIXTURE_CATALOG: Pick<Catalog, "office" | "procedures"> = {
  office: {
    name: "Bộ phận Một cửa xã Thử",
    commune: "Xã Thử",
    province: "Hải Phòng",
    address: "1 Đường Thử",
    hours: ["Thứ Hai – Thứ Sáu: 7:30–11:30, 13:30–17:00"],
    phone: "0225 111 2222",
    onlinePortal: "https://dichvucong.gov.vn",
    sample: true,
  },
  procedures: [],
};

/** Tết 2026 and the 30/4 2025 swap, as in content/holidays.yaml. */
export const FIXTURE_CALENDAR = new WorkCalendar(
  parseHolidaysText(`
years:
  "2025":
    source: test
    daysOff:
      - { date: "2025-04-30", name: "Ngày Chiến thắng" }
      - { date: "2025-05-01", name: "Quốc tế lao động" }
      - { date: "2025-05-02", name: "Hoán đổi", kind: swap }
    workingDays:
      - { date: "2025-04-26", name: "Làm bù" }
  "2026":
    source: test
    daysOff:
      - { date: "2026-02-16", name: "Tết Nguyên đán" }
      - { date: "2026-02-17", name: "Tết Nguyên đán" }
      - { date: "2026-02-18", name: "Tết Nguyên đán" }
      - { date: "2026-02-19", name: "Tết Nguyên đán" }
      - { date: "2026-02-20", name: "Tết Nguyên đán" }
`),
);

/** A Vietnam-time instant: at("2026-02-10", 9) is 9:00 in Vietnam on that day. */
export function at(date: string, hour = 9, minute = 0): number {
  return vietnamInstant(asLocalDate(date), hour, minute);
}

export function dossierData(code: string, overrides: Partial<DossierData> = {}): DossierData {
  return {
    code,
    procedureCode: "1.004873",
    procedureName: "Cấp Giấy xác nhận tình trạng hôn nhân",
    applicant: "Nguyễn V. A.",
    receivedAt: at("2026-02-10", 9),
    dueAt: at("2026-02-25", 0),
    status: 4,
    resultAt: null,
    returnedAt: null,
    note: null,
    ...overrides,
  };
}

/** A clock tests move by hand. */
export function testClock(start = at("2026-02-12", 10)) {
  let now = start;
  return { now: () => now, set: (value: number) => void (now = value), advance: (ms: number) => void (now += ms) };
}

export function dossierServices(records: Records, now: () => number): DossierServices {
  return createDossierServices({ records, catalog: FIXTURE_CATALOG, calendar: FIXTURE_CALENDAR, now });
}
