import { defineConfig } from 'vitest/config';

// `npm run test:reliability`: the files under test/reliability at full scale (50 kills, 2,000
// feeds…), one file at a time so one scenario's load does not skew another's figures, and a
// summary of the figures at the end. `npm test` runs the same files as a quick cut.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 5 * 60_000,
    pool: 'forks',
    fileParallelism: false,
    provide: { reliabilityScale: 'full' },
    globalSetup: ['test/reliability/global-setup.ts'],
    reporters: ['default'],
  },
});
