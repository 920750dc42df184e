import { describe, expect, it } from 'vitest';
import {
  THEME_KEY,
  effectiveTheme,
  otherTheme,
  readSavedTheme,
} from '../../../src/components/theme.ts';

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

  it('the blocking init script uses the same storage key', async () => {
    const { readFileSync } = await import('node:fs');
    expect(readFileSync('src/components/theme-init.js', 'utf8')).toContain(`'${THEME_KEY}'`);
  });
});
