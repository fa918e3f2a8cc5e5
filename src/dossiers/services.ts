import type { Catalog } from "../catalog/schema.js";
import type { WorkCalendar } from "../calendar/index.js";
import type { Records } from "../records/index.js";
import { FollowerRepository } from "./followers.js";
import { DossierPresenter } from "./presenter.js";
import { RatingRepository } from "./ratings.js";
import { DossierStore } from "./store.js";
import { DossierUpdates } from "./updates.js";

/** The dossier repositories and services over one records store, as the bot and the CLIs use them. */
export interface DossierServices {
  store: DossierStore;
  followers: FollowerRepository;
  ratings: RatingRepository;
  presenter: DossierPresenter;
  updates: DossierUpdates;
}

export interface DossierServicesOptions {
  records: Pick<Records, "database" | "outbox">;
  catalog: Pick<Catalog, "office" | "procedures">;
  calendar: WorkCalendar;
  /** Notices still failing after this long are given up. */
  giveUpAfterMs?: number;
  maxFollowedPerChat?: number;
  now?: () => number;
}

export function createDossierServices(options: DossierServicesOptions): DossierServices {
  const now = options.now ?? Date.now;
  const { database, outbox } = options.records;
  const store = new DossierStore(database, now);
  const followers = new FollowerRepository(database, now, options.maxFollowedPerChat);
  const ratings = new RatingRepository(database, now);
  const presenter = new DossierPresenter(options.catalog, options.calendar, now);
  const updates = new DossierUpdates({ store, followers, ratings, outbox, presenter, giveUpAfterMs: options.giveUpAfterMs ?? 24 * 3_600_000 });
  return { store, followers, ratings, presenter, updates };
}
