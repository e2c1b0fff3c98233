import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One PostgreSQL server per run, shared by the projects that test against it (tests/setup/postgres.ts; set
// DATABASE_URL to use another server). Not the fuzz suites', which need none.
const POSTGRES = 'tests/setup/postgres.ts';

// `vitest run` (npm test) runs every project. `unit` (npm run test:unit, the everyday loop) runs in-process;
// `fuzz` (npm run test:fuzz) the property-based suites, in-process;
// `e2e` (npm run test:e2e) holds every test that spawns a process: the bot, the console, the CLI, the scripts
// and the fault suite.
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Transformed modules kept between runs (node_modules/.experimental-vitest-cache, keyed by each file's
    // content): a warm `npm run test:unit` spends about 1 s transforming instead of 4.5 s (summed over workers).
    experimental: { fsModuleCache: true },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'tests/fuzz/**'],
          globalSetup: [POSTGRES],
          // One process per worker, not per file: the modules (discord.js, the test corpus) load once per worker.
          // So a test file must leave no global state behind (environment variables, fake timers, mocks).
          isolate: false,
          // Every core (vitest's default leaves one to itself, which idles here): 2 workers, not 1, on 2 cores.
          maxWorkers: availableParallelism(),
        },
      },
      {
        extends: true,
        test: {
          // The property-based fuzz suites: in-process too, but hundreds of generated cases each, so they stay
          // out of the everyday loop (npm run test:fuzz runs them alone; npm test runs them with the rest).
          name: 'fuzz',
          include: ['tests/fuzz/**/*.test.ts'],
          isolate: false,
          maxWorkers: availableParallelism(),
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: [POSTGRES],
          // After the unit tests, on vitest's default of cores − 1 workers (one on 2 cores): the processes each
          // file spawns need the cores too, and Discord's 3 s deadline is asserted.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
