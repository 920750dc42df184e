/**
 * One layout for unit tests (README, "Tests"): a module's test sits beside it, named after it
 * (`crop.ts` → `crop.test.ts`, or `crop-<aspect>.test.ts`); tests/unit/ holds only the project-wide
 * checks, flat.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['src', 'scripts', 'tests/e2e/support'];

function testsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('unit test layout', () => {
  it('puts every module test beside a module it is named after', () => {
    const orphans = ROOTS.flatMap(testsUnder).filter((test) => {
      const name = basename(test, '.test.ts');
      const modules = readdirSync(dirname(test)).filter(
        (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
      );
      return !modules.some((m) => {
        const stem = basename(m, '.ts');
        return name === stem || name.startsWith(`${stem}-`);
      });
    });
    expect(orphans).toEqual([]);
  });

  it('keeps tests/unit flat: no subfolders', () => {
    const folders = readdirSync('tests/unit', { withFileTypes: true }).filter((e) =>
      e.isDirectory(),
    );
    expect(folders.map((f) => f.name)).toEqual([]);
  });
});
