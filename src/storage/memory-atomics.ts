/** The operations keyv lacks, implemented per backend. Values arrive serialised. */
export interface AtomicOps {
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  increment(key: string, ttlMs: number): Promise<number>;
}

/** One process owns the memory, so plain map operations are already atomic. */
export function memoryAtomics(now: () => number = Date.now): AtomicOps {
  const entries = new Map<string, { value: string; expires: number }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expires <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    async setIfAbsent(key, value, ttlMs) {
      if (live(key)) return false;
      entries.set(key, { value, expires: now() + ttlMs });
      return true;
    },
    async increment(key, ttlMs) {
      const entry = live(key);
      const next = entry ? Number(entry.value) + 1 : 1;
      entries.set(key, { value: String(next), expires: entry?.expires ?? now() + ttlMs });
      return next;
    },
  };
}
