import { defineConfig } from 'vitest/config';
import { findTestDatabase } from './test/helpers/pgProbe.js';

// The PostgreSQL suites run against FLARE_TEST_DATABASE_URL, or else against the default local
// server when one answers there (FLARE_TEST_DATABASE_URL=off skips them on purpose).
const pgUrl = await findTestDatabase(process.env.FLARE_TEST_DATABASE_URL);

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'web/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    // The CI machine has 2 cores.
    maxWorkers: 2,
    watch: false,
    env: { FLARE_TEST_DATABASE_URL: pgUrl ?? '' },
  },
});
