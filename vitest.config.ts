import { defineConfig } from 'vitest/config';

/**
 * Unit tests: a module's test sits beside it (src/, scripts/, tests/e2e/support/: x.ts → x.test.ts);
 * tests/unit/ holds only the checks that span the project (import rules, strings, content). They run
 * in Node; a test that needs a DOM says so at its top with a `// @vitest-environment <env>` comment. Browser tests live in tests/e2e (Playwright).
 */
export default defineConfig({
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      'tests/e2e/support/**/*.test.ts',
      'src/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    exclude: ['node_modules/**', 'dist/**', 'tests/e2e/**/*.spec.ts', 'training/**'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
    // Reuse the worker processes across files instead of one per file: ~15 s less of ~85 s on 2 cores.
    // So a test must leave no global changed: stub with vi.stubGlobal and undo it in afterEach.
    isolate: false,
  },
});
