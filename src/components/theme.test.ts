import { describe, expect, it } from 'vitest';
import { THEME_KEY, effectiveTheme, otherTheme, readSavedTheme } from './theme.ts';

describe('theme', () => {
  it('reads only valid saved choices', () => {
    expect(readSavedTheme({ getItem: (k) => (k === THEME_KEY ? 'dark' : null) })).toBe('dark');
    expect(readSavedTheme({ getItem: () => 'light' })).toBe('light');
    expect(readSavedTheme({ getItem: () => 'purple' })).toBeNull();
    expect(readSavedTheme({ getItem: () => null })).toBeNull();
    expect(readSavedTheme(undefined)).toBeNull();
    expect(
      readSavedTheme({
        getItem: () => {
          throw new Error('blocked');
        },
      }),
    ).toBeNull();
  });

  it('follows the system unless the reader chose', () => {
    expect(effectiveTheme(null, true)).toBe('dark');
    expect(effectiveTheme(null, false)).toBe('light');
    expect(effectiveTheme('light', true)).toBe('light');
    expect(effectiveTheme('dark', false)).toBe('dark');
  });

  it('toggles', () => {
    expect(otherTheme('dark')).toBe('light');
    expect(otherTheme('light')).toBe('dark');
  });

  it('the themes differ only in colour, so the e2e axe checks need only the colour rules in the second theme', async () => {
    // Every rule keyed to a theme (a data-theme selector or a prefers-color-scheme query) may set
    // nothing but color-scheme; colours come from light-dark() tokens (see COLOUR_RULES in
    // tests/e2e/support/page-utils.ts).
    const { globSync, readFileSync } = await import('node:fs');
    const styles = (file: string) => {
      const text = readFileSync(file, 'utf8');
      if (file.endsWith('.css')) return [text];
      return [...text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    };
    const sources = globSync('src/**/*.{css,astro}').flatMap(styles);
    const themed =
      /(?:\[data-theme(?:=[^\]]*)?\][^{;]*|@media[^{;]*prefers-color-scheme[^{;]*)\{([^{}]*)\}/g;
    const declarations = sources.flatMap((css) =>
      [...css.matchAll(themed)].flatMap((m) =>
        m[1]!
          .split(';')
          .map((d) => d.trim().split(':')[0]!.trim())
          .filter(Boolean),
      ),
    );
    expect(declarations.length).toBeGreaterThan(0);
    expect(new Set(declarations)).toEqual(new Set(['color-scheme']));
  });

  it('the blocking init script uses the same storage key', async () => {
    const { readFileSync } = await import('node:fs');
    expect(readFileSync('src/components/theme-init.js', 'utf8')).toContain(`'${THEME_KEY}'`);
  });
});
