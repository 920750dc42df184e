import { defineConfig } from 'vitest/config';

/**
 * Unit tests: tests/unit/**, and tests that sit beside the code they test (src/**\/*.test.ts, e.g. in
 * a widget's folder). They run in Node; a test that needs a DOM says so at its top with a
 * `// @vitest-environment <env>` comment. Browser tests live in tests/e2e (Playwright).
 */
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'src/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'tests/e2e/**', 'training/**'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
  },
});
