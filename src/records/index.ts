import { AuditLog } from "./audit.js";
import { ChatRepository } from "./chats.js";
import { openRecords, type RecordsDatabase, type RecordsOptions } from "./database.js";
import { InboxRepository } from "./inbox.js";
import { LeaseRepository } from "./leases.js";
import { OutboxRepository } from "./outbox.js";

/** The records store with its repositories; features add theirs beside these. */
export interface Records {
  readonly database: RecordsDatabase;
  readonly inbox: InboxRepository;
  readonly outbox: OutboxRepository;
  readonly chats: ChatRepository;
  readonly leases: LeaseRepository;
  readonly audit: AuditLog;
  close(): Promise<void>;
}

export async function createRecords(options: RecordsOptions, now: () => number = Date.now): Promise<Records> {
  const database = await openRecords(options);
  return {
    database,
    inbox: new InboxRepository(database, now),
    outbox: new OutboxRepository(database, now),
    chats: new ChatRepository(database, now),
    leases: new LeaseRepository(database, now),
    audit: new AuditLog(database, now),
    close: () => database.close(),
  };
}
