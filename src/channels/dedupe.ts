import type { KeyValueStore } from "../storage/store.js";

/**
 * Remembers delivery ids (Telegram update_id, Zalo event + message_id) for a while so a
 * repeated delivery is handled once. Kept in the shared store so it holds across instances
 * and restarts. Check-then-set is not atomic; two instances racing on the very same delivery
 * within milliseconds is accepted as rare.
 */
export class DeliveryDeduper {
  constructor(
    private readonly store: KeyValueStore,
    private readonly channel: string,
    private readonly ttlMs = 24 * 3_600_000,
  ) {}

  /** True the first time an id is seen. */
  async firstTime(id: string): Promise<boolean> {
    const key = `seen:${this.channel}:${id}`;
    if ((await this.store.get<number>(key)) !== undefined) return false;
    await this.store.set(key, Date.now(), this.ttlMs);
    return true;
  }
}
