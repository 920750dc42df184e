/** Light/dark theme: the reader's choice is kept in localStorage; without one we follow the system. */
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'emotion-lens:theme';

export function readSavedTheme(storage: Pick<Storage, 'getItem'> | undefined): Theme | null {
  try {
    const v = storage?.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
}

export function effectiveTheme(saved: Theme | null, systemPrefersDark: boolean): Theme {
  return saved ?? (systemPrefersDark ? 'dark' : 'light');
}

export function otherTheme(t: Theme): Theme {
  return t === 'dark' ? 'light' : 'dark';
}
