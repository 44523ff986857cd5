import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    // run on their own afterwards (test/vitest.alone.config.ts)
    exclude: ['test/**/*.alone.test.ts', '**/node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // suites spawn servers and browsers: files in parallel on 2 cores, tests inside a file in order
    fileParallelism: true,
    maxWorkers: 2,
  },
});
