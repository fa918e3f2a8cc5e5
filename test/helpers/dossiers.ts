import { afterEach } from "vitest";
import { vietnamInstant, asLocalDate } from "../../src/calendar/index.js";
import type { Catalog } from "../../src/catalog/schema.js";
import { createDossierServices, type DossierServices } from "../../src/dossiers/services.js";
import type { DossierData } from "../../src/dossiers/types.js";
import type { Records } from "../../src/records/index.js";
import { FIXTURE_CALENDAR } from "./holidays.js";
import { testRecords, type RecordsBackend, type TestRecords } from "./records.js";

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

/** A fresh records store with a clock tests move by hand and the dossier services on both. */
export interface DossierStore {
  clock: ReturnType<typeof testClock>;
  records: Records;
  services: DossierServices;
  /** The services of another instance on the same store. */
  reopen(): Promise<DossierServices>;
}

/**
 * For the tests of one file: each call opens a DossierStore on `backend` (SQLite file or a
 * fresh PostgreSQL schema); it is disposed after the test that opened it.
 */
export function dossierStores(): (backend: RecordsBackend) => Promise<DossierStore> {
  const opened: TestRecords[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.dispose();
  });
  return async (backend) => {
    const clock = testClock();
    const store = await testRecords(backend, clock.now);
    opened.push(store);
    return {
      clock,
      records: store.records,
      services: dossierServices(store.records, clock.now),
      reopen: async () => dossierServices(await store.reopen(), clock.now),
    };
  };
}
