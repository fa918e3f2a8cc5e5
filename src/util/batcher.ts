/**
 * Group commit: calls made while a batch is being written are gathered and written together
 * in the next one, so under load many small writes share one transaction (one fsync on
 * SQLite, one round trip on PostgreSQL), while a lone call is written at once.
 */
export class Batcher<Input, Output> {
  private waiting: Array<{ input: Input; resolve(output: Output): void; reject(error: unknown): void }> = [];
  private running = false;

  /** `write` gets every waiting input and returns one output per input, in the same order. */
  constructor(
    private readonly write: (inputs: Input[]) => Promise<Output[]>,
    private readonly maxBatch = 500,
  ) {}

  submit(input: Input): Promise<Output> {
    return new Promise<Output>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Let the calls arriving in this turn of the event loop join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        const outputs = await this.write(batch.map((job) => job.input));
        batch.forEach((job, index) => job.resolve(outputs[index]!));
      } catch (error) {
        for (const job of batch) job.reject(error);
      }
    }
    this.running = false;
  }
}
