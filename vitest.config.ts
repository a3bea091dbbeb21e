import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests load task code that imports `gtkit` as gtkit's commands do: from the TypeScript
  // sources (the `gtkit-source` export condition), never from a dist/ that may be older. Vitest
  // also hands these to its workers' Node (`--conditions`); Vite's default `module` is left out,
  // as Node would then load the AWS SDK's ES build, which Node cannot resolve.
  ssr: { resolve: { conditions: ['gtkit-source', 'node'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start real servers and browsers; two cores do not like wide fan-out.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
