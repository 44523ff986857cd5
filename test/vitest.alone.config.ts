// Suites that load the whole machine (the load test saturates both cores for 15 s) or judge time (drains
// with a grace period, heavy jobs against a time limit, socket timeouts): run after the others, one at a
// time, so they neither disturb the timing of other suites nor are disturbed by them.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.alone.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
