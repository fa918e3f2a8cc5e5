import type { Kysely } from "kysely";
import type { NewOutboxMessage, OutboxRepository } from "../records/outbox.js";
import type { Tables } from "../records/tables.js";
import type { FollowerRepository } from "./followers.js";
import type { DossierPresenter } from "./presenter.js";
import type { RatingRepository } from "./ratings.js";
import { isDone, isFinal, type DossierStatus } from "./status.js";
import type { DossierStore, DossierTransaction } from "./store.js";
import type { ApplyCounts, DossierData, DossierOrigin, StatusChange } from "./types.js";

export interface DossierUpdatesOptions {
  store: DossierStore;
  followers: FollowerRepository;
  ratings: RatingRepository;
  outbox: Pick<OutboxRepository, "enqueue">;
  presenter: DossierPresenter;
  /** Notices still failing after this long are given up (OUTBOX_GIVE_UP_HOURS). */
  giveUpAfterMs: number;
}

/**
 * Every way a dossier changes (a register import, a staff update, the HTTP source) goes through
 * here: the new data, its history and the notices for followers are written in ONE transaction,
 * each notice with the dedupe key (dossier, change, chat). So every follower gets exactly one
 * message per real change: a crash leaves either all of it or none, and a change seen twice (two
 * instances polling, an import run again) stores its notices once. The running bot's outbox
 * sender delivers them, also when a CLI on the same database made the change.
 */
export class DossierUpdates {
  constructor(private readonly options: DossierUpdatesOptions) {}

  async apply(
    batch: readonly DossierData[],
    origin: { source: DossierOrigin; actor?: string },
    alsoInTransaction?: (trx: DossierTransaction, counts: ApplyCounts) => Promise<void>,
  ): Promise<ApplyCounts> {
    return this.options.store.transaction(async (trx) => {
      const result = await this.options.store.upsert(trx, batch, origin);
      const real = result.changes.filter((change) => change.previous !== null);
      const notices = await this.notify(trx, real);
      const counts = { inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, statusChanges: real.length, notices };
      await alsoInTransaction?.(trx, counts);
      return counts;
    });
  }

  /** A staff decision on one dossier; undefined when the code is unknown. */
  async setStatus(code: string, status: DossierStatus, note: string | null, actor: string): Promise<{ change: StatusChange; notices: number } | undefined> {
    return this.options.store.transaction(async (trx) => {
      const change = await this.options.store.setStatus(trx, code, status, note, actor);
      if (!change) return undefined;
      const notices = change.previous !== change.dossier.status ? await this.notify(trx, [change]) : 0;
      return { change, notices };
    });
  }

  private async notify(trx: DossierTransaction, changes: readonly StatusChange[]): Promise<number> {
    if (changes.length === 0) return 0;
    const { followers, ratings, presenter, outbox, giveUpAfterMs } = this.options;
    const byDossier = new Map(changes.map((change) => [change.dossier.id, change]));
    const following = await followers.activeOf([...byDossier.keys()], trx);
    const messages: NewOutboxMessage[] = [];
    const sent = new Map<number, { ids: number[]; asked: number[] }>();
    const raters = new Map<number, Set<string>>();
    for (const follower of following) {
      const change = byDossier.get(follower.dossierId);
      if (!change || change.previous === null) continue;
      const { dossier } = change;
      let rated = raters.get(dossier.id);
      if (isDone(dossier.status) && !rated) raters.set(dossier.id, (rated = await ratings.ratedBy(dossier.id, trx)));
      const askRating = isDone(dossier.status) && follower.ratingAskedAt === null && !rated?.has(`${follower.channel}:${follower.userId}`);
      messages.push({
        channel: follower.channel,
        chatId: follower.chatId,
        body: { replies: [presenter.noticeReply(dossier, change.previous, follower.language, askRating)], language: follower.language },
        kind: "notice",
        dedupeKey: `dossier:${dossier.id}:v${dossier.version}:${follower.channel}:${follower.chatId}`,
        ref: `dossier:${dossier.id}`,
        giveUpAfterMs,
      });
      const entry = sent.get(dossier.id) ?? { ids: [], asked: [] };
      entry.ids.push(follower.id);
      if (askRating) entry.asked.push(follower.id);
      sent.set(dossier.id, entry);
    }
    const stored = await outbox.enqueue(messages, undefined, trx as unknown as Kysely<Tables>);
    for (const [dossierId, entry] of sent) {
      const final = isFinal(byDossier.get(dossierId)?.dossier.status ?? 4);
      await followers.noticeSent(entry.ids, { askedRating: entry.asked, end: final }, trx);
    }
    return stored.length;
  }
}
