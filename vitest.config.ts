import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Tests open real sockets and SQLite files; two cores do not gain from many workers.
    maxWorkers: 2,
    // Worker threads, and one module graph per worker instead of one per test file: importing
    // the bot's modules again for every file cost about as much as the tests themselves. Test
    // files stay independent because each makes its own apps, stores, servers and temporary
    // folders and closes them; helpers keep no state a test relies on (ids from builders are
    // only unique, never expected values). Check with --sequence.shuffle.files when in doubt.
    pool: "threads",
    isolate: false,
  },
});
