import { createHash } from "node:crypto";
import type { Catalog, Procedure } from "../catalog/schema.js";
import { messagesFor } from "../core/messages/index.js";
import type { Language } from "../core/types.js";
import type { Records } from "../records/index.js";
import { BroadcastService } from "./service.js";
import { broadcastDb } from "./tables.js";

/**
 * At start-up, the catalog is compared with the one seen last (a fingerprint per procedure in
 * the records store). A procedure that is new, or whose content changed, gets a DRAFT
 * announcement for staff to review, and the staff chat is told. A draft is never sent on its
 * own; the first start only records what it sees. Drafts are keyed by procedure and content,
 * so several instances starting together, or restarts, propose each change once.
 */
export interface CatalogDraftOptions {
  catalog: Catalog;
  records: Records;
  service: BroadcastService;
  staffChat?: { channel: string; chatId: string };
  staffLanguage: Language;
  giveUpAfterMs: number;
  now?: () => number;
}

export async function proposeCatalogDrafts(options: CatalogDraftOptions): Promise<number> {
  const { catalog, records, service } = options;
  const db = broadcastDb(records.database);
  const now = (options.now ?? Date.now)();
  const seen = new Map((await db.selectFrom("catalog_fingerprints").select(["procedure_id", "fingerprint"]).execute()).map((row) => [row.procedure_id, row.fingerprint]));
  const firstLook = seen.size === 0;
  const texts = messagesFor(options.staffLanguage).broadcast;
  let drafted = 0;
  for (const procedure of catalog.procedures) {
    const fingerprint = fingerprintOf(procedure);
    const before = seen.get(procedure.id);
    if (before === fingerprint) continue;
    if (!firstLook) {
      const change = before === undefined ? "new" : "changed";
      const key = `catalog:${procedure.id}:${fingerprint}`;
      const campaign = await service.draft(
        { channel: "catalog", userId: "start-up" },
        { text: texts.catalogDraftText(change, procedure.name), filter: { villages: [], topics: [procedure.topic] }, procedure: procedure.id },
        "catalog",
        options.staffChat ?? null,
        key,
      );
      if (campaign) {
        drafted++;
        if (options.staffChat) {
          await records.outbox.enqueue([
            {
              channel: options.staffChat.channel,
              chatId: options.staffChat.chatId,
              body: { replies: [{ blocks: [{ lines: [texts.draftFromCatalog(campaign.id, change, procedure.name)] }] }], language: options.staffLanguage },
              kind: "notice",
              dedupeKey: `${key}:notice`,
              ref: `campaign:${campaign.id}:staff`,
              giveUpAfterMs: options.giveUpAfterMs,
            },
          ]);
        }
      }
    }
    await db
      .insertInto("catalog_fingerprints")
      .values({ procedure_id: procedure.id, fingerprint, seen_at: now })
      .onConflict((conflict) => conflict.column("procedure_id").doUpdateSet({ fingerprint, seen_at: now }))
      .execute();
  }
  return drafted;
}

/** What residents would be told about; the `reviewed` date alone changing is no news. */
export function fingerprintOf(procedure: Procedure): string {
  const { reviewed: _reviewed, ...content } = procedure;
  return createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 32);
}
